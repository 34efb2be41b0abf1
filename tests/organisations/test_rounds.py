"""Closing a round asks first; an admin can reopen it while no later round exists."""

import pytest
from django.urls import reverse

from assessments.models import Round
from tests.factories import make_membership, make_response, make_round
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]


@pytest.fixture
def admin(client):
    membership = make_membership(role="leadership", is_admin=True)
    client.force_login(membership.user)
    return membership


def close_url(round_):
    return reverse("assessments:round-close", args=[round_.pk])


def reopen_url(round_):
    return reverse("assessments:round-reopen", args=[round_.pk])


def test_closing_asks_for_confirmation_first(client, admin):
    round_ = make_round(organisation=admin.organisation)
    make_response(round=round_, role="sales")
    team_page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert f'href="{close_url(round_)}"' in team_page.content.decode()
    page = client.get(close_url(round_))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Yes, close the round" in html and "in progress" in html
    assert "You can reopen the round afterwards" in html
    # A POST without the confirmation (an old form, a double click) changes nothing.
    assert client.post(close_url(round_)).status_code == 200
    round_.refresh_from_db()
    assert not round_.is_closed
    page = client.post(close_url(round_), {"confirm": "yes"}, follow=True)
    round_.refresh_from_db()
    assert round_.is_closed
    assert "The round is closed" in page.content.decode()


def test_an_admin_reopens_a_closed_round(client, admin):
    round_ = make_round(organisation=admin.organisation, is_closed=True)
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert "Reopen the round" in page.content.decode()
    page = client.post(reopen_url(round_), follow=True)
    round_.refresh_from_db()
    assert not round_.is_closed and round_.closed_at is None
    assert "open again" in page.content.decode()


def test_a_round_with_a_later_round_cannot_be_reopened(client, admin):
    round_ = make_round(organisation=admin.organisation, year=2025, is_closed=True)
    make_round(organisation=admin.organisation, year=2026)
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert "Reopen the round" not in page.content.decode()
    page = client.post(reopen_url(round_), follow=True)
    assert "can no longer be reopened" in page.content.decode()
    assert Round.objects.get(pk=round_.pk).is_closed


def test_a_plain_member_can_neither_close_nor_reopen(client):
    member = make_membership(role="sales")
    client.force_login(member.user)
    open_round = make_round(organisation=member.organisation, year=2026)
    closed = make_round(organisation=member.organisation, year=2025, is_closed=True)
    assert client.get(close_url(open_round)).status_code == 404
    assert client.post(close_url(open_round), {"confirm": "yes"}).status_code == 404
    assert client.post(reopen_url(closed)).status_code == 404
    assert not Round.objects.get(pk=open_round.pk).is_closed
    assert Round.objects.get(pk=closed.pk).is_closed


def test_the_team_page_with_one_response_names_the_verdict(client, admin):
    round_ = make_round(organisation=admin.organisation)
    make_response(round=round_, respondent=admin.user, submitted=True)
    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()
    assert "places the organisation ." not in html
    assert "The one response places the organisation on the path." in html
