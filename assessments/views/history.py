from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.bulk import csv as safe_csv
from assessments.bulk import xlsx
from assessments.bulk.exports import organisation as organisation_export
from assessments.consultants import advice
from assessments.history import texts as history_texts
from assessments.history import timeline
from assessments.organisations import access
from assessments.reports import downloads, page_charts


@login_required
def organisation_history(request, organisation_id):
    viewer = timeline.viewer_for(user=request.user, organisation_id=organisation_id)
    context = history_context(request, viewer)
    context["export_links"] = _export_links(viewer)
    if viewer.is_admin:
        context["share"] = {
            "kind": "history",
            "target": viewer.organisation.pk,
            "organisation": viewer.organisation.pk,
        }
    return render(request, "assessments/history/organisation_history.html", context)


def _export_links(viewer) -> list[tuple[str, str]]:
    """The downloads of the organisation's own data, for its admins only."""
    if not viewer.is_admin:
        return []
    organisation = viewer.organisation
    links = [
        (
            _("All tables (Excel)"),
            reverse("assessments:organisation-export-xlsx", args=[organisation.pk]),
        )
    ]
    names = {
        "results": _("Results (CSV)"),
        "rounds": _("Rounds (CSV)"),
        "plan": _("Plan (CSV)"),
    }
    for table in organisation_export.TABLES:
        links.append(
            (
                names[table],
                reverse(
                    "assessments:organisation-export-csv",
                    args=[organisation.pk, table],
                ),
            )
        )
    return links


def _export_filename(organisation, extension: str, table: str = "") -> str:
    stem = f"lmm-{organisation.pk}" + (f"-{table}" if table else "")
    return f"{stem}.{extension}"


@login_required
def organisation_export_xlsx(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    organisation = membership.organisation
    return xlsx.xlsx_response(
        _export_filename(organisation, "xlsx"),
        organisation_export.organisation_tables(organisation=organisation),
    )


@login_required
def organisation_export_csv(request, organisation_id, table):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    if table not in organisation_export.TABLES:
        raise Http404("No such table.")
    found = organisation_export.organisation_table(
        organisation=membership.organisation, name=table
    )
    return safe_csv.csv_response(
        _export_filename(membership.organisation, "csv", table),
        found.columns,
        found.rows,
    )


def history_context(request, viewer) -> dict:
    """Everything the history page shows; the report (PDF) and the chart downloads
    are made from the same."""
    years = timeline.organisation_years(viewer=viewer)
    chart_svg = ""
    chart_compact = None
    chart = page_charts.history_chart(organisation=viewer.organisation, years=years)
    if chart is not None:
        name = _("LMM grid with the team's point in every year")
        chart_svg = chart.inline(name)
        chart_compact = downloads.compact_chart(
            "history", viewer.organisation.pk, chart, name
        )
    rows = history_texts.year_rows(list(reversed(years)))
    # The consultant's recommendations stay with the year they were given for.
    recommendations = advice.advice_by_round(year.round for year in years)
    for row in rows:
        row["advice"] = recommendations.get(row["round_id"], [])
    return {
        "organisation": viewer.organisation,
        "rows": rows,
        "chart_svg": chart_svg,
        "chart_compact": chart_compact,
        "chart_description": history_texts.trajectory_description(years),
        "version_note": history_texts.version_changes_note(years),
        "chart_spec": chart,
        "report_links": downloads.links(
            "history",
            viewer.organisation.pk,
            viewer.organisation,
            chart=chart is not None,
        ),
    }


def history_url(organisation_id: int) -> str:
    return reverse("assessments:organisation-history", args=[organisation_id])
