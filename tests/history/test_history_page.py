"""The organisation's history page: one row per year, the chart joining the years,
who sees what, and its queries (history.py, views/history.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.charts import render
from assessments.teams import results as team_results
from assessments.teams import round_store
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.history.helpers import (
    admin,  # noqa: F401 - a fixture
    history_url,
    two_years,
)
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]


@pytest.fixture
def renders(monkeypatch, settings):
    memory = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-history",
    }
    # One store under both names: clearing the default clears the drawn charts too.
    settings.CACHES = {**settings.CACHES, "default": memory, "charts": memory}
    from django.core.cache import cache

    cache.clear()
    calls = []
    svg = render.grid_svg
    monkeypatch.setattr(
        render, "grid_svg", lambda chart: calls.append(chart) or svg(chart)
    )
    yield calls
    cache.clear()


def test_history_shows_one_row_per_year_with_team_and_own_result(client, admin):
    year_one, year_two = two_years(admin)
    client.force_login(admin.user)
    page = client.get(history_url(admin.organisation_id))
    html = page.content.decode()
    table = html[html.index('id="history-table"') :]
    # Newest first; each with links to the team page and the own result.
    assert table.index('id="year-2026"') < table.index('id="year-2025"')
    for response in (year_one, year_two):
        assert reverse("assessments:round-detail", args=[response.round_id]) in table
        assert reverse("assessments:response-result", args=[response.pk]) in table
    # Year one: all 2s, x = y = 1.00 at levels 2 and 2, on the path.
    row = table[table.index('id="year-2025"') :]
    assert "Relationship 2 · Defined (x = 1.00)" in row
    assert "Lead management 2 · Defined lead management terminology (y = 1.00)" in row
    assert "On the path" in row and "distance from the diagonal 0.00 (0–4)" in row
    # Year two: relationship 4s: x = 3.00, below the path, 2.00 from it.
    row = table[table.index('id="year-2026"') : table.index('id="year-2025"')]
    assert "Relationship 4 · Integrated (x = 3.00)" in row
    assert "Below the path" in row and "distance from the diagonal 2.00 (0–4)" in row
    assert row.count("stage 4 · Optimized") == 2  # team and own


def test_history_chart_joins_the_years_in_time_order(client, admin):
    two_years(admin)
    make_response(
        round=make_round(organisation=admin.organisation, year=2024),
        respondent=admin.user,
        answers=answers_for(relationship=1, maturity=1),
        submitted=True,
    )
    client.force_login(admin.user)
    html = client.get(history_url(admin.organisation_id)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'id="lmm-point-past-', svg)) == 2
    assert len(re.findall(r'id="lmm-point-main-', svg)) == 1
    assert re.findall(r'id="(lmm-trail-arrow-\d)"', svg) == [
        "lmm-trail-arrow-1",
        "lmm-trail-arrow-2",
    ]
    tags = re.findall(r'<g id="lmm-tag-\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)
    assert sorted(t.strip() for t in tags) == ["2024", "2025", "2026"]
    assert "2024–2026" in svg and admin.organisation.name in svg
    assert "2024: x = 0.00, y = 0.00" in html and "2026: x = 3.00, y = 1.00" in html


def test_history_chart_is_rendered_once_then_served_from_the_cache(
    client, admin, renders
):
    two_years(admin)
    client.force_login(admin.user)
    first = client.get(history_url(admin.organisation_id)).content.decode()
    second = client.get(history_url(admin.organisation_id)).content.decode()
    assert "<svg" in first
    assert first[first.index("<svg") :] == second[second.index("<svg") :]
    # The wide chart once (phones ask for the compact one), never on a repeat view.
    assert [chart.compact for chart in renders] == [False]
    # A new submission changes an input, so the chart is drawn again.
    make_response(
        round=make_round(organisation=admin.organisation, year=2027),
        respondent=admin.user,
        submitted=True,
    )
    client.get(history_url(admin.organisation_id))
    assert len(renders) == 2


def test_history_page_queries_do_not_grow_with_years_or_members(client, admin):
    make_response(
        round=make_round(organisation=admin.organisation, year=2020),
        respondent=admin.user,
        submitted=True,
    )
    client.force_login(admin.user)
    url = history_url(admin.organisation_id)
    client.get(url)
    with CaptureQueriesContext(connection) as one_year:
        client.get(url)
    for year in (2021, 2022, 2023):
        round_ = make_round(organisation=admin.organisation, year=year)
        make_response(round=round_, respondent=admin.user, submitted=True)
        for role in ("sales", "marketing", "sales", "other"):
            make_response(round=round_, role=role, submitted=True)
    client.get(url)
    with CaptureQueriesContext(connection) as four_years:
        page = client.get(url)
    assert page.content.decode().count('id="year-20') == 4
    # Session, user, membership, rounds, responses and the advice: each year's team
    # result is the one stored for its submissions (the first view stored it).
    assert len(four_years) == len(one_year) == 6


def test_ten_years_are_read_from_the_stored_results_without_scoring(
    client, admin, monkeypatch, django_assert_num_queries
):
    for year in range(2017, 2027):
        round_ = make_round(organisation=admin.organisation, year=year)
        make_response(round=round_, respondent=admin.user, submitted=True)
        for role in ("sales", "marketing", "other"):
            make_response(round=round_, role=role, submitted=True)
        # What the worker does after each submission.
        round_store.round_refresh(round=round_)
    client.force_login(admin.user)
    url = history_url(admin.organisation_id)

    def no_scoring(**kwargs):
        raise AssertionError("a year was scored in the request")

    monkeypatch.setattr(team_results, "round_result_from", no_scoring)
    client.get(url)  # the chart comes from the store, drawn once here
    with django_assert_num_queries(6):
        page = client.get(url)
    assert page.content.decode().count('id="year-20') == 10


def test_a_year_with_one_other_respondent_shows_only_its_verdict_to_a_plain_member(
    client, admin
):
    make_response(
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
        answers=answers_for(relationship=5, maturity=1),
        submitted=True,
    )
    plain = make_membership(organisation=admin.organisation, role="sales")
    client.force_login(plain.user)
    html = client.get(history_url(admin.organisation_id)).content.decode()
    assert "Below the path" in html
    assert "x = 4.00" not in html
    assert "shown to admins only" in html
    assert "<svg" not in html
    client.force_login(admin.user)
    assert "x = 4.00" in client.get(history_url(admin.organisation_id)).content.decode()


def test_history_without_rounds_says_so(client, admin):
    client.force_login(admin.user)
    html = client.get(history_url(admin.organisation_id)).content.decode()
    assert 'id="no-years"' in html


def test_a_member_of_another_organisation_gets_404_on_the_history(client, admin):
    two_years(admin)
    client.force_login(make_membership(is_admin=True).user)
    assert client.get(history_url(admin.organisation_id)).status_code == 404


def test_an_anonymous_round_below_its_threshold_shows_no_team_result(client):
    """Two of three needed answered: no team point, verdict or trajectory, for the
    admin as for the API, although the admin sees every ordinary year."""
    admin = make_membership(is_admin=True)
    other = make_membership(organisation=admin.organisation, role="sales")
    round_ = make_round(organisation=admin.organisation, is_anonymous=True)
    make_response(round=round_, respondent=admin.user, submitted=True)
    make_response(round=round_, respondent=other.user, role="sales", submitted=True)
    client.force_login(admin.user)
    url = reverse(
        "assessments:organisation-history",
        kwargs={"organisation_id": admin.organisation.pk},
    )
    page = client.get(url)
    html = page.content.decode()
    assert "Anonymous round: too few people have answered for a team result." in html
    (row,) = page.context["rows"]
    assert row["team"] is None and row["team_verdict"] is None
    api = client.get(f"/api/v1/organisations/{admin.organisation.pk}/history/")
    assert api.json()["results"][0]["team"] is None
    # The person's own result stays theirs to see.
    assert api.json()["results"][0]["own"] is not None
