"""A person deletes their account: their answers leave the team results, which are
computed again; nothing names them afterwards; a shared organisation keeps an admin."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import (
    Answer,
    Invitation,
    Membership,
    Organisation,
    Response,
    TeamResult,
)
from assessments.organisations import invitations
from assessments.teams.stored_results import rounds_with_submissions, team_results_for
from tests.factories import (
    answers_for,
    make_membership,
    make_response,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def delete(client, password=PASSWORD):
    return client.post(reverse("assessments:account-delete"), {"password": password})


def stored_team_result(round_):
    (with_result,) = team_results_for(type(round_).objects.filter(pk=round_.pk))
    return with_result.team_result


def test_deleting_recomputes_the_team_result_without_the_person(client):
    round_ = make_round()
    leaver = make_response(
        round=round_, submitted=True, answers=answers_for(relationship=5, maturity=5)
    )
    stayer = make_response(
        round=round_, submitted=True, answers=answers_for(relationship=1, maturity=1)
    )
    before = stored_team_result(round_)
    assert before.respondents == 2
    client.force_login(leaver.respondent)

    page = delete(client)

    assert page.status_code == 302
    stored = TeamResult.objects.get(round=round_)
    assert stored.respondents == 1
    assert (stored.x, stored.y, stored.stage) == (stayer.x, stayer.y, stayer.stage)
    assert (stored.x, stored.y) != (before.x, before.y)


def test_nothing_of_the_person_is_left(client):
    round_ = make_round()
    leaver = make_response(round=round_, submitted=True)
    make_response(round=round_, submitted=True)
    user = leaver.respondent
    make_membership(organisation=round_.organisation, is_admin=True)
    invitations.invitation_create(
        organisation=round_.organisation, created_by=user, role="sales"
    )
    invitations.invitation_create(
        organisation=round_.organisation,
        created_by=None,
        role="sales",
        email=user.email,
    )
    AccessAttempt.objects.create(
        username=user.email, ip_address="127.0.0.1", failures_since_start=1
    )
    client.force_login(user)

    delete(client)

    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not Response.objects.filter(pk=leaver.pk).exists()
    assert not Answer.objects.filter(response_id=leaver.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not Invitation.objects.exists()
    assert not AccessAttempt.objects.exists()
    assert TeamResult.objects.get(round=round_).respondents == 1


def test_sessions_end(client):
    user = make_membership().user
    other_browser = type(client)()
    other_browser.force_login(user)
    client.force_login(user)

    delete(client)

    assert other_browser.get(reverse("assessments:my-data")).status_code == 302
    assert client.get(reverse("assessments:my-data")).status_code == 302


def test_a_round_left_without_answers_loses_its_team_result(client):
    round_ = make_round()
    leaver = make_response(round=round_, submitted=True)
    make_membership(organisation=round_.organisation, is_admin=True)
    stored_team_result(round_)
    client.force_login(leaver.respondent)

    delete(client)

    assert not TeamResult.objects.filter(round=round_).exists()
    assert not rounds_with_submissions(type(round_).objects.filter(pk=round_.pk))


def test_wrong_password_deletes_nothing(client):
    user = make_membership().user
    client.force_login(user)

    page = delete(client, password="not-it")

    assert page.status_code == 400
    assert "That is not your password." in page.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_last_admin_of_a_shared_organisation_must_hand_over_first(client):
    admin = make_membership(is_admin=True)
    make_membership(organisation=admin.organisation)
    client.force_login(admin.user)

    page = client.get(reverse("assessments:account-delete"))
    assert admin.organisation.name in page.content.decode()
    assert "Make a colleague an admin there first" in page.content.decode()
    refused = delete(client)

    assert refused.status_code == 400
    assert get_user_model().objects.filter(pk=admin.user_id).exists()

    make_membership(organisation=admin.organisation, is_admin=True)
    assert delete(client).status_code == 302
    assert not get_user_model().objects.filter(pk=admin.user_id).exists()
    assert Organisation.objects.filter(pk=admin.organisation_id).exists()


def test_sole_member_deletes_the_organisation_with_the_account(client):
    response = make_response(submitted=True)
    organisation = response.round.organisation
    Membership.objects.filter(user=response.respondent).update(is_admin=True)
    client.force_login(response.respondent)

    page = client.get(reverse("assessments:account-delete"))
    assert "they are deleted with all their rounds" in page.content.decode()
    delete(client)

    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_colleagues_organisations_are_untouched(client):
    other = make_response(submitted=True)
    user = make_user()
    client.force_login(user)

    delete(client)

    assert Response.objects.filter(pk=other.pk).exists()
    assert TeamResult.objects.filter(round=other.round).count() <= 1


def test_anonymous_visitor_cannot_delete(client):
    page = delete(client)
    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))


def test_the_audit_trail_stays_but_no_longer_names_the_person(client):
    from auditlog.models import LogEntry

    from assessments.models import AuditEvent

    user = make_user(username="gil@example.com", email="gil@example.com")
    admin = make_membership(is_admin=True)
    membership = make_membership(organisation=admin.organisation, user=user)
    client.post(reverse("login"), {"username": "gil@example.com", "password": "no"})
    client.post(reverse("login"), {"username": "gil@example.com", "password": PASSWORD})

    delete(client)

    entries = LogEntry.objects.filter(object_pk=str(membership.pk))
    assert entries.exists()
    assert all("gil@example.com" not in e.object_repr for e in entries)
    assert not LogEntry.objects.filter(actor_email="gil@example.com").exists()
    assert not AuditEvent.objects.filter(target="gil@example.com").exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOG_IN).get().actor is None
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCOUNT_DELETED).exists()
