"""The home page's earlier years (history/texts.py, views/organisations.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.answering import responses
from assessments.models import Response
from assessments.organisations import rounds
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.history.helpers import (
    admin,  # noqa: F401 - a fixture
    history_url,
)
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]


def test_home_lists_earlier_years_with_verdict_and_stage(client, admin):
    this_year = timezone.now().year
    for year, relationship in ((this_year - 2, 2), (this_year - 1, 4), (this_year, 3)):
        make_response(
            round=make_round(organisation=admin.organisation, year=year),
            respondent=admin.user,
            answers=answers_for(relationship=relationship, maturity=2),
            submitted=True,
        )
    other = make_membership(user=admin.user, role="sales")
    make_response(
        round=make_round(organisation=other.organisation, year=this_year - 3),
        respondent=admin.user,
        answers=answers_for(relationship=1, maturity=3),
        submitted=True,
    )
    client.force_login(admin.user)
    html = client.get(reverse("assessments:home")).content.decode()
    assert history_url(admin.organisation_id) in html
    assert history_url(other.organisation_id) in html
    mine = html[html.index(f'id="past-years-{admin.organisation_id}"') :]
    mine = mine[: mine.index("</div>")]
    # Earlier years only, newest first: this year is the card itself.
    assert f"{this_year}</a>:" not in mine
    assert mine.index(f"{this_year - 1}</a>:") < mine.index(f"{this_year - 2}</a>:")
    assert "Below the path · stage 4 · Optimized" in mine
    assert "On the path · stage 4 · Optimized" in mine
    theirs = html[html.index(f'id="past-years-{other.organisation_id}"') :]
    assert f"{this_year - 3}</a>:" in theirs and "Above the path" in theirs


def test_home_does_not_say_zero_steps_are_saved(client, admin):
    round_ = rounds.round_get_or_create(
        organisation=admin.organisation, year=timezone.now().year
    )
    response = responses.response_get_or_create(
        round=round_, respondent=admin.user, role="marketing"
    )
    client.force_login(admin.user)
    html = client.get(reverse("assessments:home")).content.decode()
    assert "saved 0" not in html
    assert "You have started the assessment." in html
    Response.objects.filter(pk=response.pk).update(confirmed_steps=["relationship-1"])
    html = client.get(reverse("assessments:home")).content.decode()
    assert "You have saved one step." in html
    Response.objects.filter(pk=response.pk).update(
        confirmed_steps=["relationship-1", "relationship-2", "maturity-2"]
    )
    assert (
        "You have saved 3 steps."
        in client.get(reverse("assessments:home")).content.decode()
    )


def test_home_queries_do_not_grow_with_earlier_years(client, admin):
    this_year = timezone.now().year
    make_response(
        round=make_round(organisation=admin.organisation, year=this_year - 1),
        respondent=admin.user,
        submitted=True,
    )
    client.force_login(admin.user)
    url = reverse("assessments:home")
    client.get(url)
    with CaptureQueriesContext(connection) as one_year:
        client.get(url)
    for year in range(this_year - 5, this_year - 1):
        round_ = make_round(organisation=admin.organisation, year=year)
        for role in ("sales", "marketing"):
            make_response(round=round_, role=role, submitted=True)
    client.get(url)
    with CaptureQueriesContext(connection) as five_years:
        page = client.get(url)
    assert page.content.decode().count(f"{this_year - 5}</a>:") == 1
    assert len(five_years) == len(one_year)
