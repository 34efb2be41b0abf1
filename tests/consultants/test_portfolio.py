"""The portfolio: every visible client's latest team result on one grid and in a
table, filtered, sorted and downloadable, in a fixed number of queries."""

import csv
import io
import re

import pytest
from django.urls import reverse

from assessments.charts import portfolio as portfolio_chart
from assessments.models import (
    Round,
)
from tests.factories import (
    answers_for,
    make_bulk_clients,
    make_consultant,
    make_organisation,
    make_response,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

URL = "/admin/portfolio/"


def make_client_result(name, *, industry="Software", team=12, year=2026, **answers):
    organisation = make_organisation(
        name=name, industry=industry, revenue_team_size=team
    )
    round_ = make_round(organisation=organisation, year=year)
    make_response(round=round_, answers=answers_for(**answers), submitted=True)
    return organisation


@pytest.fixture
def clients():
    """Six clients; their stage and verdict follow from the answers:
    relationship 3 / maturity 3 is on the path, 2 / 4 above, 4 / 2 below;
    a "No" to diag-4 caps the stage at 3, all "Yes" gives 4."""
    return {
        "Alpha": make_client_result("Alpha", relationship=3, maturity=3),
        "Bravo": make_client_result(
            "Bravo", relationship=2, maturity=4, diagnostics={"diag-4": 0}
        ),
        "Charlie": make_client_result(
            "Charlie", industry="Retail", relationship=4, maturity=2
        ),
        "Delta": make_client_result(
            "Delta", industry="Retail", team=50, relationship=3, maturity=3
        ),
        "Echo": make_client_result(
            "Echo", team=3, year=2025, relationship=2, maturity=4
        ),
        "Foxtrot": make_client_result(
            "Foxtrot", team=150, relationship=4, maturity=2, diagnostics={"diag-4": 0}
        ),
    }


@pytest.fixture
def consultant_client(client, clients):
    consultant = make_consultant(*clients.values())
    client.force_login(consultant)
    return client


def names(page):
    return [row.organisation.name for row in page.context["portfolio"].rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]),
        ({"year": "2025"}, ["Echo"]),
        ({"industry": "Retail"}, ["Charlie", "Delta"]),
        # Bands: 1–5 (Echo, 3 people), 6–20 (12 people), 21–100 (Delta), 101+ (Foxtrot).
        ({"band": "2"}, ["Alpha", "Bravo", "Charlie"]),
        ({"band": "3"}, ["Delta"]),
        ({"stage": "3"}, ["Bravo", "Foxtrot"]),
        ({"verdict": "above_path"}, ["Bravo", "Echo"]),
        ({"verdict": "below_path", "industry": "Software"}, ["Foxtrot"]),
        ({"year": "2026", "stage": "4", "verdict": "on_path"}, ["Alpha", "Delta"]),
        # A value that is not a choice filters nothing.
        ({"stage": "9", "verdict": "sideways"}, None),
    ],
)
def test_filters_give_the_hand_counted_rows(consultant_client, query, expected):
    page = consultant_client.get(URL, query)
    assert page.status_code == 200
    everyone = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
    assert names(page) == (everyone if expected is None else expected)


def test_the_chart_shows_exactly_the_filtered_clients(consultant_client):
    page = consultant_client.get(URL, {"industry": "Retail"})
    svg = page.context["chart_svg"]
    rows = page.context["portfolio"].rows
    assert [row.number for row in rows] == [1, 2]
    markers = re.search(r'<g id="lmm-portfolio-markers">(.*?)</g>', svg, re.S)
    assert markers.group(1).count("<use") == 2


def test_csv_holds_exactly_the_filtered_table(consultant_client):
    query = {"industry": "Software", "o": "-organisation"}
    page = consultant_client.get(URL, query)
    table = page.context["portfolio"].rows
    download = consultant_client.get(page.context["csv_url"])
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [r["organisation"] for r in rows] == [r.organisation.name for r in table]
    assert [r["organisation"] for r in rows] == ["Foxtrot", "Echo", "Bravo", "Alpha"]
    html = page.content.decode()
    for row, line in zip(table, rows, strict=True):
        assert line["number"] == str(row.number)
        assert float(line["x"]) == pytest.approx(row.result.x, abs=1e-3)
        assert line["stage"] == str(row.result.stage)
        assert line["verdict"] in html
        assert line["questionnaire_version"] == str(row.round.questionnaire.version)
        assert line["industry"] == "Software"


def test_columns_sort_both_ways(consultant_client):
    up = names(consultant_client.get(URL, {"o": "organisation"}))
    assert up[0] == "Alpha" and up[-1] == "Foxtrot"
    down = names(consultant_client.get(URL, {"o": "-organisation"}))
    assert down[0] == "Foxtrot" and down[-1] == "Alpha"
    # Stage 4 first, then the stage-3 clients in name order.
    by_stage = names(consultant_client.get(URL, {"o": "-stage"}))
    assert by_stage.index("Alpha") < by_stage.index("Bravo")
    by_year = names(consultant_client.get(URL, {"o": "year"}))
    assert by_year[0] == "Echo"
    # No client has last year's result: the change sorts as empty, in name order.
    assert names(consultant_client.get(URL, {"o": "-change"}))[0] == "Alpha"


def test_the_table_reads_in_words(consultant_client):
    html = consultant_client.get(URL, {"industry": "Retail"}).content.decode()
    assert "Below the path" in html and "On the path" in html
    # Charlie rates every practice 2, "talked about, not written down": not defined.
    body = html.split("<tbody>")[1]
    assert "below_path" not in body
    # The relationship and maturity levels are on the client's page, not in the list.
    assert "Integrated" not in body and "No lead management" not in body


@pytest.mark.parametrize("sort", ["", "change"])
def test_the_latest_year_is_shown_with_the_change_since_the_year_before(client, sort):
    organisation = make_client_result("Golf", year=2025, relationship=2, maturity=2)
    round_ = make_round(organisation=organisation, year=2026)
    make_response(
        round=round_, answers=answers_for(relationship=3, maturity=3), submitted=True
    )
    client.force_login(make_consultant(organisation))
    page = client.get(URL, {"o": sort} if sort else {})
    (row,) = page.context["portfolio"].rows
    assert row.round.year == 2026
    # Ratings 2 -> x = 1.0, but practices only talked about (2) are not defined, so
    # y = 0.0; ratings 3 -> x = y = 2.0 (mean rating minus one).
    assert (row.change.dx, row.change.dy) == pytest.approx((1.0, 2.0))
    assert "since 2025: x +1.00, y +2.00" in page.content.decode()


def test_a_client_without_last_years_result_has_no_change(consultant_client):
    page = consultant_client.get(URL)
    assert all(row.change is None for row in page.context["portfolio"].rows)


def test_each_row_opens_the_client_page_with_rounds_history_and_charts(
    consultant_client, clients
):
    page = consultant_client.get(URL)
    alpha = clients["Alpha"]
    client_url = reverse("admin-portfolio:client", args=[alpha.pk])
    assert client_url in page.content.decode()
    detail = consultant_client.get(client_url)
    assert detail.status_code == 200
    html = detail.content.decode()
    assert html.count("<svg") >= 2
    assert "On the path" in html
    round_ = Round.objects.get(organisation=alpha)
    assert reverse("assessments:round-detail", args=[round_.pk]) in html


def test_another_consultants_client_page_is_a_404(client, clients):
    client.force_login(make_consultant(clients["Alpha"]))
    url = reverse("admin-portfolio:client", args=[clients["Bravo"].pk])
    assert client.get(url).status_code == 404
    assert client.get(URL).context["portfolio"].total == 1


def test_a_member_who_is_not_staff_is_sent_to_the_admin_login(client, clients):
    client.force_login(make_user())
    page = client.get(URL)
    assert page.status_code == 302
    assert "/admin/login/" in page.url


def test_a_staff_user_without_view_permission_is_refused(client, clients):
    client.force_login(make_user(is_staff=True))
    assert client.get(URL).status_code == 403


def test_the_chart_is_cached_by_its_inputs(consultant_client, monkeypatch):
    calls = []
    real = portfolio_chart.portfolio_svg

    def counting(markers, labels):
        calls.append(len(markers))
        return real(markers, labels)

    monkeypatch.setattr(portfolio_chart, "portfolio_svg", counting)
    from django.core.cache import cache

    cache.clear()
    consultant_client.get(URL)
    consultant_client.get(URL)
    assert calls == [6]
    consultant_client.get(URL, {"industry": "Retail"})
    assert calls == [6, 2]


# Session, user, two of permissions; two indexed look-ups for a submission newer than
# the stored results (none); the clients' generation (the order, the count, the
# filters' choices and the page's rows with last year's results are kept under it);
# members and actions of the page's rows.
PORTFOLIO_QUERIES = 9
# Session, user, two of permissions; the two look-ups for stale results; the rows;
# the peers' signature of each year among them; members; actions.
CSV_QUERIES = 10


@pytest.mark.parametrize("count", [10, 1000])
def test_the_portfolio_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    consultant = make_consultant()
    make_bulk_clients(count, consultant)
    client.force_login(consultant)
    # The first view draws the chart and stores it in the drawn-chart table: queries
    # of that table, once per chart, not of the page.
    client.get(URL)
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        page = client.get(URL)
    assert page.context["portfolio"].total == count
    # Sorted by the change (last year's values of every client): once, then kept.
    client.get(URL, {"o": "-change", "page": "2"})
    with django_assert_num_queries(PORTFOLIO_QUERIES):
        client.get(URL, {"o": "-change", "page": "2"})
    # The first export keeps the year's peer groups (the page has none).
    client.get(reverse("admin-portfolio:csv"), {"industry": "Retail"})
    # and one more for the export's entry in the audit trail
    with django_assert_num_queries(CSV_QUERIES + 1):
        client.get(reverse("admin-portfolio:csv"), {"industry": "Retail"})


@pytest.mark.parametrize("organisation_id", ["0", "99999999999999999999999"])
def test_an_absurd_client_id_is_a_404(consultant_client, organisation_id):
    page = consultant_client.get(f"/admin/portfolio/clients/{organisation_id}/")
    assert page.status_code == 404


def test_filter_choices_name_only_the_consultants_clients(consultant_client):
    make_client_result("Hidden", industry="Secret industry", year=2019)
    html = consultant_client.get(URL).content.decode()
    assert "Secret industry" not in html and "2019" not in html
    assert "Retail" in html


def test_a_change_across_questionnaire_versions_is_named_not_ranked(client):
    from assessments.models import Questionnaire

    v1 = Questionnaire.objects.get(version=1)
    organisation = make_organisation(name="Hotel", industry="Software")
    make_response(
        round=make_round(organisation=organisation, year=2025, questionnaire=v1),
        answers=answers_for(relationship=3, maturity=3, questionnaire=v1),
        submitted=True,
    )
    make_response(
        round=make_round(organisation=organisation, year=2026),
        answers=answers_for(relationship=3, maturity=4),
        submitted=True,
    )
    client.force_login(make_consultant(organisation))

    page = client.get(URL)
    (row,) = page.context["portfolio"].rows

    assert row.change.versions == (1, 2)
    assert "(questionnaire version 1 → 2: not comparable, not progress)" in (
        page.content.decode()
    )


def test_the_table_is_paged_in_the_order_chosen_and_the_chart_shows_the_page(
    consultant_client, monkeypatch
):
    from assessments.consultants import portfolio

    monkeypatch.setattr(portfolio, "PAGE_SIZE", 4)
    first = consultant_client.get(URL, {"o": "-organisation"})
    assert names(first) == ["Foxtrot", "Echo", "Delta", "Charlie"]
    html = first.content.decode()
    assert "Page 1 of 2" in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    markers = re.search(
        r'<g id="lmm-portfolio-markers">(.*?)</g>', first.context["chart_svg"], re.S
    )
    assert markers.group(1).count("<use") == 4
    assert "The chart shows the clients of this page." in html
    second = consultant_client.get(URL, {"o": "-organisation", "page": "2"})
    assert names(second) == ["Bravo", "Alpha"]
    # The numbers are the rows' places in the table, continued over the pages (as
    # on the chart's markers).
    assert [row.number for row in second.context["portfolio"].rows] == [5, 6]
    assert "6 clients shown of 6." in second.content.decode()
    # A page out of range shows the last one, a page that is no number the first.
    assert names(consultant_client.get(URL, {"o": "-organisation", "page": "9"})) == [
        "Bravo",
        "Alpha",
    ]
    assert names(consultant_client.get(URL, {"o": "-organisation", "page": "x"}))[
        0
    ] == ("Foxtrot")


def test_the_list_holds_the_columns_a_consultant_scans(consultant_client):
    html = consultant_client.get(URL).content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    headers = re.findall(r"<th[^>]*>(?:<a[^>]*>)?([^<]+)", head)
    assert headers == [
        "No.",
        "Client",
        "Year",
        "Stage",
        "Verdict",
        "Change since last year",
        "Marketing–sales gap",
        "Responses of members",
        "Overdue actions",
    ]
    # Peer groups and percentiles are on the client's page, not on every row.
    assert "Not enough peers" not in html and "Percentile" not in html
    # A column no longer in the list sorts nothing rather than failing.
    assert names(consultant_client.get(URL, {"o": "percentile_x"}))[0] == "Alpha"


def test_the_filters_offer_a_new_clients_industry_once_it_has_a_result(
    consultant_client,
):
    assert "Logistics" not in consultant_client.get(URL).content.decode()
    golf = make_client_result("Golf", industry="Logistics", relationship=3, maturity=3)
    golf.consultants.add(consultant_client.get(URL).wsgi_request.user)
    page = consultant_client.get(URL)
    assert "Logistics" in page.context["portfolio"].choices["industries"]


def test_the_kept_cells_of_a_page_follow_the_readers_language(
    consultant_client, settings
):
    from django.utils import translation

    from assessments.results import texts as result_texts

    def stage_cells(page):
        return re.findall(r"<td>(\d [^<]+)</td>", page.content.decode())

    english = stage_cells(consultant_client.get(URL))
    with translation.override("en"):
        assert f"4 {result_texts.STAGES[4]}" in english
    consultant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    # The same page's rows, kept once, and their cells in each reader's language.
    german = stage_cells(consultant_client.get(URL))
    with translation.override("de"):
        assert f"4 {result_texts.STAGES[4]}" in german
    assert set(german).isdisjoint(english)
    del consultant_client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert stage_cells(consultant_client.get(URL)) == english


def test_the_portfolio_has_the_admins_context_but_the_sidebar(rf, settings):
    """Its lighter context keeps every value of `each_context` the page's templates
    read; a new one in a later Django shows here."""
    from django.contrib import admin

    from assessments.admin.portfolio import admin_context

    request = rf.get(URL)
    request.user = make_consultant()
    full = admin.site.each_context(request)
    light = admin_context(request)
    assert set(full) - set(light) == {"log_entries"}
    for key in ("site_title", "site_header", "site_url", "has_permission", "is_popup"):
        assert light[key] == full[key]
    assert light["is_nav_sidebar_enabled"] is False and light["available_apps"] == []
