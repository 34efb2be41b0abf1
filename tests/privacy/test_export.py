"""A person downloads, and reads, everything stored that names them; nobody else's."""

import json
from datetime import date

import pytest
from django.urls import reverse

from assessments.organisations import invitations
from tests.factories import make_action, make_membership, make_response

pytestmark = pytest.mark.django_db


def test_download_holds_profile_memberships_answers_results_actions_invitations(
    client,
):
    response = make_response(submitted=True)
    user = response.respondent
    membership = user.memberships.get()
    membership.is_admin = True
    membership.save()
    make_action(owner=membership, title="Define a lead")
    invitations.invitation_create(
        organisation=membership.organisation,
        created_by=user,
        role="sales",
        email="bo@example.com",
    )
    client.force_login(user)

    download = client.get(reverse("assessments:my-data-download"))

    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    data = json.loads(download.content)
    assert data["profile"]["email"] == user.email
    assert data["memberships"] == [
        {
            "organisation": membership.organisation.name,
            "role": membership.role,
            "is_admin": True,
            "joined_at": membership.joined_at.isoformat(),
        }
    ]
    (exported,) = data["responses"]
    assert exported["status"] == "submitted"
    assert exported["result"]["stage"] == response.stage
    assert len(exported["answers"]) == response.answers.count()
    assert [a["title"] for a in data["actions"]] == ["Define a lead"]
    assert data["actions"][0]["is_owner"] is True
    (invitation,) = data["invitations"]
    assert invitation["email"] == "bo@example.com"
    assert invitation["sent_by_me"] is True


def test_download_leaves_out_colleagues(client):
    mine = make_response(submitted=True)
    theirs = make_response(submitted=True, round=mine.round)
    make_action(
        organisation=mine.round.organisation,
        owner=theirs.respondent.memberships.get(),
        title="Not mine",
    )
    client.force_login(mine.respondent)

    data = client.get(reverse("assessments:my-data-download")).json()

    assert len(data["responses"]) == 1
    assert data["actions"] == []
    assert theirs.respondent.email not in json.dumps(data)


def test_summary_page_lists_the_same(client):
    membership = make_membership()
    make_action(
        owner=membership, title="Score leads together", due_date=date(2026, 1, 5)
    )
    client.force_login(membership.user)

    page = client.get(reverse("assessments:my-data"))

    assert page.status_code == 200
    text = page.content.decode()
    assert membership.user.email in text
    assert membership.organisation.name in text
    assert "Score leads together" in text
    # Dates the reader's way, as on every page; ISO stays in the download.
    assert "5 January 2026" in text
    assert "2026-01-05" not in text
    assert membership.user.date_joined.date().isoformat() not in text


@pytest.mark.parametrize(
    "name", ["assessments:my-data", "assessments:my-data-download"]
)
def test_anonymous_visitor_is_sent_to_log_in(client, name):
    page = client.get(reverse(name))
    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))


def test_download_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    response = make_response(submitted=True)
    make_response(submitted=True, respondent=response.respondent)
    client.force_login(response.respondent)
    with django_assert_max_num_queries(12):
        client.get(reverse("assessments:my-data-download"))
