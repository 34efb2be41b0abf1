"""Invitations per person: an address and a role, mailed, sent again, withdrawn,
who joined; the landing page names organisation and inviter; the invitation is
kept through any route of signing up or logging in until it is accepted."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from assessments.models import Invitation, Membership
from assessments.organisations import invitations
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    admin = make_membership(is_admin=True, role="leadership")
    client.force_login(admin.user)
    return admin


def members_url(admin):
    return reverse("assessments:organisation-members", args=[admin.organisation_id])


def test_an_invitation_for_an_address_is_mailed_and_listed_by_name(client, admin):
    client.post(
        reverse("assessments:invitation-create", args=[admin.organisation_id]),
        {"role": "marketing", "email": "Mia@Example.com"},
    )
    invitation = Invitation.objects.get(organisation=admin.organisation)
    assert (invitation.email, invitation.role) == ("mia@example.com", "marketing")
    (sent,) = mail.outbox
    assert sent.to == ["mia@example.com"]
    assert admin.user.email in sent.body
    assert invitation.token in sent.body
    html = client.get(members_url(admin)).content.decode()
    assert "mia@example.com" in html
    assert f'data-copy="invite-link-{invitation.pk}"' in html


def test_a_bad_address_is_refused_with_a_message(client, admin):
    page = client.post(
        reverse("assessments:invitation-create", args=[admin.organisation_id]),
        {"role": "sales", "email": "not an address"},
        follow=True,
    )
    assert "valid email address" in page.content.decode()
    assert not Invitation.objects.exists()


def test_sending_again_mails_it_and_renews_it(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation,
        created_by=admin.user,
        role="sales",
        email="sam@example.com",
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.created_at)
    client.post(
        reverse(
            "assessments:invitation-resend",
            args=[admin.organisation_id, invitation.pk],
        )
    )
    invitation.refresh_from_db()
    assert invitation.expires_at > invitation.created_at
    assert mail.outbox[-1].to == ["sam@example.com"]


def test_a_withdrawn_link_no_longer_works(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    client.post(
        reverse(
            "assessments:invitation-withdraw",
            args=[admin.organisation_id, invitation.pk],
        )
    )
    client.logout()
    page = client.get(reverse("assessments:invitation-accept", args=[invitation.token]))
    assert page.status_code == 404


def test_the_admin_sees_who_joined(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    newcomer = make_user()
    invitations.invitation_accept(token=invitation.token, user=newcomer)
    html = client.get(members_url(admin)).content.decode()
    assert "joined-invitations" in html
    assert f"{newcomer.email} joined as Sales" in html


def test_the_landing_page_names_the_organisation_and_the_inviter(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    client.logout()
    html = client.get(
        reverse("assessments:invitation-accept", args=[invitation.token])
    ).content.decode()
    assert admin.organisation.name in html
    assert admin.user.email in html


def test_signing_up_through_the_header_keeps_the_invitation(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    client.logout()
    client.get(reverse("assessments:invitation-accept", args=[invitation.token]))
    # The header's "Sign up", without the invitation's next=.
    client.post(
        reverse("assessments:signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-test-password-1",
            "password2": "a-long-test-password-1",
        },
    )
    user = get_user_model().objects.get(email="new@example.com")
    # The confirmation mail's link, then wherever it leads: the invitation.
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    page = client.get(link, follow=True)
    assert page.request["PATH_INFO"] == reverse(
        "assessments:invitation-accept", args=[invitation.token]
    )
    # Home and "create an organisation" both lead back to the invitation.
    for url in ("assessments:home", "assessments:organisation-create"):
        page = client.get(reverse(url))
        assert page.status_code == 302
        assert page.url == reverse(
            "assessments:invitation-accept", args=[invitation.token]
        )
    client.post(reverse("assessments:invitation-accept", args=[invitation.token]))
    assert Membership.objects.filter(
        user=user, organisation=admin.organisation, role="sales"
    ).exists()
    # Accepted: home is home again.
    assert client.get(reverse("assessments:home")).status_code == 200


def test_logging_in_another_way_keeps_the_invitation(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    existing = make_membership(role="other").user
    client.logout()
    client.get(reverse("assessments:invitation-accept", args=[invitation.token]))
    client.force_login(existing)
    page = client.get(reverse("assessments:home"))
    assert page.url == reverse("assessments:invitation-accept", args=[invitation.token])


def test_a_withdrawn_invitation_is_forgotten(client, admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    existing = make_membership(role="other").user
    client.logout()
    client.get(reverse("assessments:invitation-accept", args=[invitation.token]))
    invitation.delete()
    client.force_login(existing)
    assert client.get(reverse("assessments:home")).status_code == 200
