"""The consultant's pages in the admin: the portfolio of clients on one grid, its CSV,
and one client's page (rounds with team results, history and the latest charts)."""

from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import charts
from assessments.admin import csv_export
from assessments.bulk import xlsx
from assessments.consultants import advice, benchmarks, portfolio, portfolio_files
from assessments.models import Action, Round
from assessments.organisations.access import ConsultantViewer, organisations_for_staff
from assessments.plans import actions
from assessments.results import texts as result_texts
from assessments.teams import anonymity, round_store
from assessments.teams import texts as team_texts
from assessments.teams.stored_results import team_results_for

FILTER_NAMES = ("year", "industry", "band", "stage", "verdict")


def _require_view(request) -> None:
    if not request.user.has_perm("assessments.view_organisation"):
        raise PermissionDenied


def _portfolio(request, *, with_peers: bool = False):
    _require_view(request)
    filters = portfolio.PortfolioFilters.from_query(request.GET)
    sort = request.GET.get("o", "")
    return (
        filters,
        sort,
        portfolio.portfolio_for(
            user=request.user,
            filters=filters,
            sort=sort,
            page=request.GET.get("page", 1),
            with_peers=with_peers,
        ),
    )


def _sort_links(request, sort: str) -> list[dict]:
    query = request.GET.copy()
    links = []
    for key, label in portfolio.SORT_LABELS.items():
        current = sort.lstrip("-") == key
        descending = current and sort.startswith("-")
        query["o"] = key if (not current or descending) else f"-{key}"
        query.pop("page", None)
        links.append(
            {
                "key": key,
                "label": label,
                "url": "?" + query.urlencode() if key in portfolio.SORT_FIELDS else "",
                "aria_sort": ("descending" if descending else "ascending")
                if current
                else "",
            }
        )
    return links


# A row's cells from its stored result (kept with the page's rows), then those
# of its members and actions (read for each view).
STORED_CELLS_HTML = (
    '<tr data-organisation="{}"><td>{}</td><th scope="row"><a href="{}">{}</a></th>'
    + "<td>{}</td>" * 5
)
PEOPLE_CELLS_HTML = "<td>{}</td><td>{}</td></tr>"


def _hidden() -> str:
    return _("hidden (anonymous round)")


def _responses(row) -> str:
    if not row.members:
        return str(row.result.respondents)
    return _("%(responses)s of %(members)s") % {
        "responses": row.result.respondents,
        "members": row.members,
    }


def _actions(row) -> str:
    counts = row.actions
    if not counts.active:
        return "–"
    return _("%(overdue)s of %(active)s open") % {
        "overdue": counts.overdue,
        "active": counts.active,
    }


def _stored_cells(row, client_url: str, hidden: str) -> str:
    shown = row.team_shown
    return format_html(
        STORED_CELLS_HTML,
        row.organisation.pk,
        row.number,
        client_url.format(row.organisation.pk),
        row.organisation.name,
        row.round.year,
        f"{row.result.stage} {row.stage_name}" if shown else hidden,
        row.verdict_name if shown else hidden,
        row.change_text or "–",
        row.gap_text or "–",
    )


def _table_body(result: portfolio.Portfolio) -> str:
    """The table's rows, built in Python (the template engine would take several
    times as long). The cells of the stored results are kept, per language, with
    the page's rows."""
    rows = result.rows
    key = f"{result.key}:cells:{get_language()}"
    stored = cache.get(key) if result.key else None
    if stored is None or len(stored) != len(rows):
        client_url = reverse("admin-portfolio:client", args=[0]).replace("/0/", "/{}/")
        hidden = _hidden()
        stored = [_stored_cells(row, client_url, hidden) for row in rows]
        if result.key:
            cache.set(key, stored, portfolio.KEPT_SECONDS)
    return format_html_join(
        "\n",
        "{}" + PEOPLE_CELLS_HTML,
        (
            (cells, _responses(row), _actions(row))
            for cells, row in zip(stored, rows, strict=True)
        ),
    )


def _page_links(request, page) -> dict:
    query = request.GET.copy()
    links = {}
    if page.has_previous():
        query["page"] = page.previous_page_number()
        links["previous"] = "?" + query.urlencode()
    if page.has_next():
        query["page"] = page.next_page_number()
        links["next"] = "?" + query.urlencode()
    return links


def admin_context(request) -> dict:
    """`AdminSite.each_context` for a page without the navigation sidebar (the
    table and the chart take the page's whole width): the same values but the list
    of every app and model, whose permission checks cost a tenth of the page, and
    the index's recent actions."""
    script_name = request.META["SCRIPT_NAME"]
    site = admin.site
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": script_name
        if site.site_url == "/" and script_name
        else site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
    }


def portfolio_page(request):
    filters, sort, result = _portfolio(request)
    # The page's clients: a chart of thousands of markers would be a blur of
    # megabytes. Cached under a hash of its markers and labels.
    markers = [
        charts.Marker(r.number, r.result.x, r.result.y)
        for r in result.rows
        if r.team_shown
    ]
    chart_svg = charts.portfolio_svg_cached(markers, result_texts.chart_labels())
    return render(
        request,
        "admin/assessments/portfolio.html",
        {
            **admin_context(request),
            "title": _("Portfolio"),
            "portfolio": result,
            "filters": filters,
            "is_filtered": any(request.GET.get(name) for name in FILTER_NAMES),
            "sort_links": _sort_links(request, sort),
            "table_body": _table_body(result),
            "page_links": _page_links(request, result.page),
            "csv_url": reverse("admin-portfolio:csv") + "?" + request.GET.urlencode(),
            "xlsx_url": reverse("admin-portfolio:xlsx") + "?" + request.GET.urlencode(),
            "chart_svg": charts.with_accessible_name(
                chart_svg,
                _("LMM grid with one numbered marker per client, as in the table"),
            ),
        },
    )


def portfolio_csv(request):
    _require_view(request)
    filters = portfolio.PortfolioFilters.from_query(request.GET)
    rows = portfolio.portfolio_rows(
        user=request.user, filters=filters, sort=request.GET.get("o", "")
    )
    return csv_export.csv_response(
        "portfolio.csv",
        portfolio_files.CSV_COLUMNS,
        (portfolio_files.csv_row(row) for row in rows),
    )


def portfolio_xlsx(request):
    _filters, _sort, result = _portfolio(request, with_peers=True)
    return xlsx.xlsx_response(
        "portfolio.xlsx",
        [
            xlsx.Table(
                "portfolio",
                portfolio_files.CSV_COLUMNS,
                [portfolio_files.csv_row(row) for row in result.rows],
            )
        ],
    )


def client_page(request, organisation_id):
    _require_view(request)
    organisation = get_object_or_404(
        organisations_for_staff(request.user), pk=organisation_id
    )
    rounds = team_results_for(Round.objects.filter(organisation=organisation))
    rounds.sort(key=lambda r: r.year, reverse=True)
    without_result = Round.objects.filter(organisation=organisation).exclude(
        pk__in=[r.pk for r in rounds]
    )
    advice_by_round = advice.advice_by_round(rounds)
    context = {
        **admin.site.each_context(request),
        "title": organisation.name,
        "organisation": organisation,
        "rounds": [
            {
                "round": r,
                "result": r.team_result,
                "relationship": result_texts.RELATIONSHIP_LEVELS[
                    r.team_result.relationship_level
                ],
                "maturity": result_texts.MATURITY_LEVELS[r.team_result.maturity_level],
                "stage": result_texts.STAGES[r.team_result.stage],
                "verdict": result_texts.VERDICT_SHORT[r.team_result.verdict],
                "advice": advice_by_round[r.pk],
            }
            for r in rounds
        ],
        "rounds_without_result": list(without_result),
        "plan": _plan(organisation),
    }
    if rounds:
        context |= _latest_charts(organisation, rounds)
    return render(request, "admin/assessments/client.html", context)


def _plan(organisation) -> list[dict]:
    """The client's action plan with each action's state, overdue ones flagged."""
    today = timezone.localdate()
    return [
        {"action": action, "overdue": actions.action_is_overdue(action, today)}
        for action in Action.objects.filter(organisation=organisation)
        .select_related("owner__user")
        .order_by("due_date", "pk")
    ]


def _latest_charts(organisation, rounds) -> dict:
    latest = rounds[0]
    combined = anonymity.for_reader(
        round_store.round_result_stored(round=latest), round=latest, user_id=None
    )
    if combined.team is None:
        return {}
    points, path = team_texts.round_chart_points(combined)
    benchmark = benchmarks.benchmark_for_round(latest)
    if benchmark is not None:
        points.insert(
            0,
            charts.PlotPoint(
                benchmark.median_x,
                benchmark.median_y,
                _("Peer median (%(size)s organisations)") % {"size": benchmark.size},
                kind="role",
            ),
        )
    ids = "-".join(str(r.response.pk) for r in combined.respondents)
    latest_svg = charts.grid_svg_cached(
        f"client:{latest.pk}:{ids}:v{latest.questionnaire.version}:{get_language()}",
        charts.GridChart(points, path=path, labels=result_texts.chart_labels()),
    )
    history = [
        charts.PlotPoint(r.team_result.x, r.team_result.y, str(r.year), kind="role")
        for r in reversed(rounds)
    ]
    history_svg = charts.grid_svg_cached(
        f"client-history:{organisation.pk}:{get_language()}",
        charts.GridChart(history, labels=result_texts.chart_labels()),
    )
    return {
        "latest": latest,
        "latest_summary": team_texts.group_summary(combined.team),
        "benchmark": benchmark,
        "benchmark_definition": benchmarks.group_definition(benchmark)
        if benchmark
        else benchmarks.NOT_ENOUGH_PEERS,
        "latest_chart": charts.with_accessible_name(
            latest_svg,
            _("LMM grid of the latest round: team, roles, respondents, peer median"),
        ),
        "history_chart": charts.with_accessible_name(
            history_svg, _("LMM grid with the team result of every year")
        ),
        "respondent_rows": team_texts.respondent_rows(
            combined, viewer=ConsultantViewer(), anonymous=latest.is_anonymous
        ),
    }
