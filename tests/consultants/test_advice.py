"""A consultant's recommendations reach the client's members on the team page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.consultants.advice import advice_by_round, advice_for_round
from assessments.models import Advice
from tests.factories import make_consultant, make_membership, make_response, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def advised_round(client):
    round_ = make_round(year=2026)
    make_response(round=round_, submitted=True)
    consultant = make_consultant(
        round_.organisation, first_name="Clara", last_name="Berg"
    )
    client.force_login(consultant)
    client.post(
        reverse("admin:assessments_advice_add"),
        {"round": round_.pk, "text": "Write down what an MQL is.", "priority": 1},
    )
    client.logout()
    return round_, consultant


def test_members_see_the_advice_with_the_consultants_name_and_date(
    client, advised_round
):
    round_, _consultant = advised_round
    member = make_membership(organisation=round_.organisation)
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()
    assert "Write down what an MQL is." in html
    assert "Clara Berg" in html
    assert date_format(timezone.localdate(), "DATE_FORMAT") in html
    assert "priority: High" in html


def test_the_history_keeps_each_years_advice(client, advised_round):
    round_, _consultant = advised_round
    later = make_round(organisation=round_.organisation, year=2027)
    make_response(round=later, submitted=True)
    member = make_membership(organisation=round_.organisation, is_admin=True)
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:organisation-history", args=[round_.organisation_id])
    ).content.decode()
    year_2026 = html[html.index('id="year-2026"') :]
    assert "Write down what an MQL is." in year_2026
    assert "Clara Berg" in year_2026
    assert "Write down what an MQL is." not in html[: html.index('id="year-2026"')]


def test_the_advice_stays_when_the_consultant_leaves(client, advised_round):
    round_, consultant = advised_round
    consultant.delete()
    (advice,) = advice_for_round(round_)
    assert advice.author is None and advice.author_name == "Clara Berg"


def test_another_organisations_member_does_not_see_it(client, advised_round):
    round_, _consultant = advised_round
    client.force_login(make_membership().user)
    assert (
        client.get(reverse("assessments:round-detail", args=[round_.pk])).status_code
        == 404
    )


def test_high_priority_comes_first_then_the_oldest():
    round_ = make_round()
    for text, priority in (("later", None), ("low", 3), ("high", 1)):
        Advice.objects.create(
            round=round_, author_name="C", text=text, priority=priority
        )
    assert [a.text for a in advice_for_round(round_)] == ["high", "low", "later"]


def test_advice_by_round_groups_and_orders_like_one_round():
    first, second = make_round(year=2025), make_round(year=2026)
    for round_, text, priority in (
        (first, "a", None),
        (first, "b", 2),
        (second, "c", None),
    ):
        Advice.objects.create(
            round=round_, author_name="C", text=text, priority=priority
        )
    grouped = advice_by_round([first, second, make_round()])
    assert [[a.text for a in items] for items in grouped.values()] == [
        ["b", "a"],
        ["c"],
        [],
    ]
