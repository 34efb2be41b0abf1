"""Members and invitations: joining by link, roles, the last admin, who may manage."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation, Membership
from assessments.organisations import invitations
from tests.factories import (
    make_membership,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    membership = make_membership(role="leadership", is_admin=True)
    client.force_login(membership.user)
    return membership


def test_admin_invites_a_colleague_who_joins_with_the_role(client, admin):
    client.post(
        reverse("assessments:invitation-create", args=[admin.organisation_id]),
        {"role": "sales"},
    )
    invitation = Invitation.objects.get(organisation=admin.organisation)
    assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)
    page = client.get(
        reverse("assessments:organisation-members", args=[admin.organisation_id])
    )
    link = reverse("assessments:invitation-accept", args=[invitation.token])
    assert link in page.content.decode()

    colleague = make_user()
    client.force_login(colleague)
    assert client.get(link).status_code == 200
    client.post(link)
    membership = Membership.objects.get(user=colleague)
    assert (membership.organisation, membership.role) == (admin.organisation, "sales")
    assert not membership.is_admin


def test_a_used_link_says_so(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    invitations.invitation_accept(token=invitation.token, user=make_user())
    client.force_login(make_user())
    page = client.get(reverse("assessments:invitation-accept", args=[invitation.token]))
    assert page.status_code == 410
    assert "already been used" in page.content.decode()
    page = client.post(
        reverse("assessments:invitation-accept", args=[invitation.token])
    )
    assert page.status_code == 410
    assert Membership.objects.filter(organisation=admin.organisation).count() == 2


def test_an_expired_link_says_so(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client.force_login(make_user())
    page = client.post(
        reverse("assessments:invitation-accept", args=[invitation.token])
    )
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    assert Membership.objects.filter(organisation=admin.organisation).count() == 1


def test_an_unknown_link_is_a_404_with_a_message(client):
    page = client.get(reverse("assessments:invitation-accept", args=["nope"]))
    assert page.status_code == 404
    assert "not valid" in page.content.decode()


def test_anonymous_visitor_is_asked_to_sign_up_and_comes_back(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="marketing"
    )
    client.logout()
    link = reverse("assessments:invitation-accept", args=[invitation.token])
    assert "Sign up" in client.get(link).content.decode()
    page = client.post(
        reverse("assessments:signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
            "next": link,
        },
    )
    # The address is confirmed first; its emailed link comes back to the invitation.
    assert page.url == reverse("assessments:email-confirm-pending")
    confirm = re.search(
        r"http://testserver(/signup/confirm/\S+/)", mail.outbox[-1].body
    )
    assert client.get(confirm.group(1)).url == link
    client.post(link)
    assert Membership.objects.filter(
        user__email="new@example.com", role="marketing"
    ).exists()


def test_admin_changes_roles_and_removes_members(client, admin):
    other = make_membership(organisation=admin.organisation, role="other")
    client.post(
        reverse(
            "assessments:membership-update", args=[admin.organisation_id, other.pk]
        ),
        {"role": "sales", "is_admin": "on"},
    )
    other.refresh_from_db()
    assert (other.role, other.is_admin) == ("sales", True)
    remove = reverse(
        "assessments:membership-remove", args=[admin.organisation_id, other.pk]
    )
    # Asked first: a plain post shows the question and removes nobody.
    assert other.user.email in client.post(remove).content.decode()
    assert Membership.objects.filter(pk=other.pk).exists()
    client.post(remove, {"confirm": "yes"})
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_the_last_admin_can_be_neither_removed_nor_demoted(client, admin):
    url = reverse(
        "assessments:membership-remove", args=[admin.organisation_id, admin.pk]
    )
    page = client.post(url, {"confirm": "yes"}, follow=True)
    assert "at least one admin" in page.content.decode()
    assert Membership.objects.filter(pk=admin.pk).exists()
    url = reverse(
        "assessments:membership-update", args=[admin.organisation_id, admin.pk]
    )
    client.post(url, {"role": "sales"})
    admin.refresh_from_db()
    assert admin.is_admin


def test_members_who_are_not_admins_cannot_manage(client):
    member = make_membership(role="sales")
    target = make_membership(organisation=member.organisation, is_admin=True)
    client.force_login(member.user)
    url = reverse(
        "assessments:membership-remove", args=[member.organisation_id, target.pk]
    )
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    url = reverse("assessments:invitation-create", args=[member.organisation_id])
    assert client.post(url, {"role": "sales"}).status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


def test_home_and_members_pages_run_a_fixed_number_of_queries(client, admin):
    def counts():
        counted = {}
        for name, url in (
            ("home", reverse("assessments:home")),
            (
                "members",
                reverse(
                    "assessments:organisation-members", args=[admin.organisation_id]
                ),
            ),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counted[name] = len(queries.captured_queries)
        return counted

    make_round(organisation=admin.organisation)
    one = counts()
    for _ in range(4):
        other = make_membership(user=admin.user, is_admin=True)
        make_round(organisation=other.organisation)
        make_membership(organisation=admin.organisation)
        invitations.invitation_create(
            organisation=admin.organisation, created_by=admin.user, role="sales"
        )
    assert counts() == one
