"""The portfolio runs a practice: each client's marketing-sales gap, responses of its
members and overdue actions in the list and the files, and an anonymous round below
its threshold hides in the list what its pages hide."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Action, TeamResult
from tests.factories import (
    answers_for,
    make_action,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
    make_submitted,
)

pytestmark = pytest.mark.django_db

URL = "/admin/portfolio/"
CSV_URL = "/admin/portfolio/portfolio.csv"


def csv_rows(client, query=None):
    answer = client.get(reverse("admin-portfolio:csv"), query or {})
    return list(csv.DictReader(io.StringIO(answer.content.decode())))


def xlsx_rows(client):
    answer = client.get(reverse("admin-portfolio:xlsx"))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    header, *rows = list(sheet.values)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def practice(client):
    """Kilo: marketing rates the relationship 4, sales 2; four members of whom two
    answered; three active actions, one overdue, and one done."""
    organisation = make_organisation(name="Kilo", industry="Software")
    make_submitted(
        make_round(organisation=organisation, year=2026),
        marketing=answers_for(relationship=4, maturity=3),
        sales=answers_for(relationship=2, maturity=3),
    )
    owner = make_membership(organisation=organisation)
    make_membership(organisation=organisation)
    today = datetime.date.today()
    make_action(owner=owner, due_date=today - datetime.timedelta(days=3))
    make_action(owner=owner, due_date=today + datetime.timedelta(days=30))
    make_action(
        owner=owner,
        due_date=today + datetime.timedelta(days=30),
        status=Action.Status.IN_PROGRESS,
    )
    make_action(
        owner=owner,
        due_date=today - datetime.timedelta(days=30),
        status=Action.Status.DONE,
    )
    client.force_login(make_consultant(organisation))
    return client


def test_the_list_shows_gap_responses_of_members_and_overdue_actions(practice):
    page = practice.get(URL)
    (row,) = page.context["portfolio"].rows
    assert row.gap is not None and row.gap[0] > 0.5
    assert row.members == 4 and row.result.respondents == 2
    assert (row.actions.active, row.actions.overdue, row.actions.done) == (3, 1, 1)
    body = page.content.decode().split("<tbody>")[1]
    assert "2 of 4" in body
    assert "1 of 3 open" in body
    assert f"x {row.gap[0]:.2f}, y {row.gap[1]:.2f}" in body


def test_the_csv_and_excel_carry_gap_response_rate_and_actions(practice):
    (line,) = csv_rows(practice)
    assert float(line["gap_x"]) > 0.5
    assert (line["marketing_respondents"], line["sales_respondents"]) == ("1", "1")
    assert line["members"] == "4" and line["response_rate"] == "0.5"
    assert (line["actions_active"], line["actions_overdue"], line["actions_done"]) == (
        "3",
        "1",
        "1",
    )
    (sheet_row,) = xlsx_rows(practice)
    assert sheet_row["actions_overdue"] == 1 and sheet_row["response_rate"] == 0.5


def test_sorting_by_the_gap_puts_the_widest_first(practice):
    organisation = make_organisation(name="Lima")
    round_ = make_round(organisation=organisation, year=2026)
    for role in ("marketing", "sales"):
        make_response(
            round=round_,
            role=role,
            answers=answers_for(relationship=3, maturity=3),
            submitted=True,
        )
    organisation.consultants.add(practice.get(URL).wsgi_request.user)
    names = [
        row.organisation.name
        for row in practice.get(URL, {"o": "-gap"}).context["portfolio"].rows
    ]
    assert names == ["Kilo", "Lima"]


@pytest.fixture
def anonymous_below_threshold(client):
    """An anonymous round (threshold 3) of one marketing and one sales answer, after
    an ordinary round the year before."""
    organisation = make_organisation(
        name="Mike", anonymity_threshold=3, industry="Retail"
    )
    make_response(
        round=make_round(organisation=organisation, year=2025),
        answers=answers_for(relationship=2, maturity=2),
        submitted=True,
    )
    round_ = make_round(organisation=organisation, year=2026, is_anonymous=True)
    make_submitted(
        round_,
        marketing=answers_for(relationship=4, maturity=3),
        sales=answers_for(relationship=1, maturity=3),
    )
    client.force_login(make_consultant(organisation))
    return client, round_


@pytest.mark.parametrize("sort", ["", "change", "-stage", "-gap"])
def test_an_anonymous_round_below_its_threshold_hides_its_result_in_the_list(
    anonymous_below_threshold, sort
):
    client, round_ = anonymous_below_threshold
    page = client.get(URL, {"o": sort} if sort else {})
    (row,) = page.context["portfolio"].rows
    assert row.round == round_
    assert not row.team_shown and row.gap is None and row.change is None
    result = TeamResult.objects.get(round=round_)
    body = page.content.decode().split("<tbody>")[1]
    assert "hidden (anonymous round)" in body
    assert result.get_verdict_display() not in body
    assert "since 2025" not in body
    # No marker on the chart for it.
    markers = re.search(
        r'<g id="lmm-portfolio-markers">(.*?)</g>', page.context["chart_svg"], re.S
    )
    assert markers is None or "<use" not in markers.group(1)


def test_filtering_by_stage_or_verdict_finds_no_hidden_result(
    anonymous_below_threshold,
):
    client, round_ = anonymous_below_threshold
    assert len(client.get(URL).context["portfolio"].rows) == 1
    result = TeamResult.objects.get(round=round_)
    for query in ({"stage": result.stage}, {"verdict": result.verdict}):
        assert client.get(URL, query).context["portfolio"].rows == []


def test_the_files_leave_a_hidden_result_and_gap_empty(anonymous_below_threshold):
    client, _round = anonymous_below_threshold
    (line,) = csv_rows(client)
    for column in ("x", "y", "stage", "verdict", "gap_x", "gap_y", "change_x"):
        assert line[column] == "", column
    assert line["organisation"] == "Mike" and line["respondents"] == "2"
    (sheet_row,) = xlsx_rows(client)
    assert sheet_row["x"] is None and sheet_row["gap_x"] is None
    assert sheet_row["verdict"] is None


def test_an_anonymous_round_shows_its_result_once_enough_answered_and_the_gap_once_both_roles_have(
    anonymous_below_threshold,
):
    client, round_ = anonymous_below_threshold
    make_response(
        round=round_,
        role="sales",
        answers=answers_for(relationship=1, maturity=3),
        submitted=True,
    )
    (row,) = client.get(URL).context["portfolio"].rows
    # Three answered: the team is shown; marketing has one: still no gap.
    assert row.team_shown and row.gap is None
    (line,) = csv_rows(client)
    assert line["x"] != "" and line["gap_x"] == ""


def test_the_client_page_shows_the_plan_with_its_status(practice):
    (row,) = practice.get(URL).context["portfolio"].rows
    page = practice.get(reverse("admin-portfolio:client", args=[row.organisation.pk]))
    plan = page.context["plan"]
    assert [item["overdue"] for item in plan] == [False, True, False, False]
    html = page.content.decode()
    table = html.split('id="client-plan"')[1].split("</table>")[0]
    assert table.count("<tr") == 5
    assert table.count("overdue") == 2  # the row's class and its flag
    assert "Write down what a qualified lead is" in table
    assert "In progress" in table and "Done" in table
    assert plan[1]["action"].owner.user.email in table


def test_a_client_without_a_plan_says_so(anonymous_below_threshold):
    client, round_ = anonymous_below_threshold
    page = client.get(reverse("admin-portfolio:client", args=[round_.organisation_id]))
    assert "The client has no action plan yet." in page.content.decode()


def test_the_api_portfolio_shows_no_hidden_team_result(anonymous_below_threshold):
    from rest_framework.test import APIClient

    from tests.api.conftest import bearer

    client, round_ = anonymous_below_threshold
    consultant = client.get(URL).wsgi_request.user
    api = APIClient()
    bearer(api, consultant)
    (row,) = api.get("/api/v1/portfolio/").json()["results"]
    assert row["round"] == round_.pk and row["team"] is None
