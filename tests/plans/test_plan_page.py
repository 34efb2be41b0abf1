"""The plan page, its queries, and the links to it (views/plans.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Action, Response, Round
from assessments.plans import actions as plan_actions
from tests.factories import make_action, make_membership, make_response, make_round
from tests.plans.helpers import (
    TODAY,
    admin,  # noqa: F401 - a fixture
    frozen_today,  # noqa: F401 - an autouse fixture
    member,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


# The plan page


def test_the_plan_lists_open_actions_first_marks_overdue_and_puts_finished_below(
    client, member
):
    late = make_action(owner=member, title="Late one", due_date=TODAY.replace(day=1))
    soon = make_action(owner=member, title="Soon one", due_date=TODAY.replace(day=20))
    busy = make_action(
        owner=member,
        title="Busy one",
        due_date=TODAY.replace(month=8),
        status="in_progress",
    )
    make_action(owner=member, title="Done one", status="done")
    make_action(owner=member, title="Dropped one", status="dropped")
    client.force_login(member.user)
    page = client.get(reverse("assessments:plan-detail", args=[member.organisation_id]))
    assert page.status_code == 200
    html = page.content.decode()
    active, finished = html.split('id="finished-heading"')
    order = [active.index(title) for title in ("Late one", "Soon one", "Busy one")]
    assert order == sorted(order)
    assert "Done one" in finished and "Dropped one" in finished
    assert "Done one" not in active
    assert "1 action is overdue." in active
    rows = {
        row.action.pk: row.is_overdue
        for row in plan_actions.plan_for(membership=member).active
    }
    assert rows == {late.pk: True, soon.pk: False, busy.pk: False}


def test_the_plan_page_queries_do_not_grow_with_actions_or_members(
    client, admin, django_assert_num_queries
):
    make_action(owner=admin)
    client.force_login(admin.user)
    url = reverse("assessments:plan-detail", args=[admin.organisation_id])
    client.get(url)
    with django_assert_num_queries(4) as small:
        assert client.get(url).status_code == 200
    for number in range(5):
        colleague = make_membership(organisation=admin.organisation)
        make_action(owner=colleague, status="done" if number % 2 else "open")
        make_action(owner=colleague, due_date=TODAY.replace(day=1))
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("lmm-plan-action") == 11


def test_result_and_team_pages_do_not_grow_with_actions_or_years(client, member):
    def page_queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as counted:
            assert client.get(url).status_code == 200
        return len(counted.captured_queries)

    client.force_login(member.user)
    counts = {}
    for years in (2, 4):
        for year in range(2026 - years + 1, 2027):
            round_ = make_round(organisation=member.organisation, year=year)
            response = make_response(
                round=round_, respondent=member.user, submitted=True
            )
            for _number in range(years):
                make_action(owner=member, round=round_, year=year, source_code="rel-01")
        counts[years] = (
            page_queries(reverse("assessments:response-result", args=[response.pk])),
            page_queries(reverse("assessments:round-detail", args=[round_.pk])),
        )
        Action.objects.all().delete()
        Response.objects.all().delete()
        Round.objects.all().delete()
    assert counts[2] == counts[4]


def test_the_result_links_to_the_plan(client, member):
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert reverse("assessments:plan-detail", args=[member.organisation_id]) in html
