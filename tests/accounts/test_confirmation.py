"""An account joins or creates an organisation only through an address it has
proven: the link emailed at sign-up (single use, expiring), or a completed reset."""

import datetime
import re
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.accounts import confirmation
from assessments.models import Membership, Organisation
from assessments.organisations import invitations
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ORGANISATION = {
    "name": "Acme",
    "industry": "Software",
    "revenue_team_size": 12,
    "monthly_lead_volume": 400,
    "role": "marketing",
}


def sign_up(client, email, **extra):
    return client.post(
        reverse("assessments:signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD} | extra,
    )


def link_in(message):
    return re.search(r"http://testserver(/signup/confirm/\S+/)", message.body).group(1)


def test_sign_up_emails_a_link_and_nothing_can_be_created_before_it_is_followed(
    client,
):
    page = sign_up(client, "ceo@acme.example")
    assert page.url == reverse("assessments:email-confirm-pending")
    assert mail.outbox[-1].to == ["ceo@acme.example"]
    pending = client.get(page.url).content.decode()
    assert "ceo@acme.example" in pending
    page = client.post(reverse("assessments:organisation-create"), ORGANISATION)
    assert page.url == reverse("assessments:email-confirm-pending")
    assert not Organisation.objects.exists()

    page = client.get(link_in(mail.outbox[-1]))
    assert page.url == reverse("assessments:organisation-create")
    client.post(reverse("assessments:organisation-create"), ORGANISATION)
    assert Membership.objects.get(user__email="ceo@acme.example").is_admin


def test_the_link_works_once_and_not_after_it_expires(client, settings):
    sign_up(client, "ann@x.test")
    link = link_in(mail.outbox[-1])
    assert client.get(link).status_code == 302
    used = client.get(link)
    assert used.status_code == 400
    assert "does not work" in used.content.decode()

    other = client.__class__()
    sign_up(other, "bob@x.test")
    link = link_in(mail.outbox[-1])
    user = get_user_model().objects.get(email="bob@x.test")
    later = timezone.now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    original = confirmation.token_generator._now
    confirmation.token_generator._now = lambda: later.replace(tzinfo=None)
    try:
        assert other.get(link).status_code == 400
    finally:
        confirmation.token_generator._now = original
    assert not confirmation.is_confirmed(user)


@pytest.mark.parametrize(
    "link",
    [
        "/signup/confirm/MQ/bad-token/",
        "/signup/confirm/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/x-y/",
        "/signup/confirm/_-_-/1-2/",
    ],
)
def test_a_bad_link_is_a_400_page(client, link):
    assert client.get(link).status_code == 400


def test_the_link_can_be_sent_again(client):
    sign_up(client, "ann@x.test")
    client.post(reverse("assessments:email-confirm-pending"))
    assert len(mail.outbox) == 2
    assert client.get(link_in(mail.outbox[-1])).status_code == 302


def test_an_invitation_waits_for_the_confirmed_address(client):
    admin = make_membership(is_admin=True)
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    link = reverse("assessments:invitation-accept", args=[invitation.token])
    sign_up(client, "new@x.test", next=link)
    page = client.post(link)
    assert page.url == reverse("assessments:email-confirm-pending")
    assert not Membership.objects.filter(user__email="new@x.test").exists()
    # Following the emailed link comes back to the invitation.
    assert client.get(link_in(mail.outbox[-1])).url == link
    client.post(link)
    assert Membership.objects.filter(user__email="new@x.test", role="sales").exists()


def test_an_invitation_for_an_address_is_refused_to_another_account(client):
    admin = make_membership(is_admin=True)
    invitation = invitations.invitation_create(
        organisation=admin.organisation,
        created_by=admin.user,
        role="sales",
        email="ceo@acme.example",
    )
    link = reverse("assessments:invitation-accept", args=[invitation.token])
    client.force_login(make_user(email="mallory@evil.example"))
    client.post(link)
    assert not Membership.objects.filter(user__email="mallory@evil.example").exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None
    client.force_login(make_user(email="CEO@acme.example"))
    client.post(link)
    assert Membership.objects.filter(user__email="CEO@acme.example").exists()


def test_a_completed_password_reset_confirms_the_address(client):
    sign_up(client, "ann@x.test")
    user = get_user_model().objects.get(email="ann@x.test")
    client.logout()
    client.post(reverse("password_reset"), {"email": "ann@x.test"})
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "another-long-pass-1",
            "new_password2": "another-long-pass-1",
        },
    )
    assert confirmation.is_confirmed(user)


def test_unconfirmed_accounts_are_purged_after_a_week(client):
    sign_up(client, "old@x.test")
    sign_up(client.__class__(), "new@x.test")
    make_user(email="staffmade@x.test")
    get_user_model().objects.filter(email="old@x.test").update(
        date_joined=timezone.now() - datetime.timedelta(days=8)
    )
    call_command("purge_unconfirmed_accounts", stdout=None)
    left = set(get_user_model().objects.values_list("email", flat=True))
    assert left == {"new@x.test", "staffmade@x.test"}


def test_a_mail_server_that_refuses_is_a_message_not_a_500(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("assessments.accounts.confirmation.send_mail", refuse)
    page = sign_up(client, "ann@x.test")
    assert page.url == reverse("assessments:email-confirm-pending")
    pending = client.get(page.url).content.decode()
    assert "could not be sent just now" in pending
    again = client.post(page.url, follow=True)
    assert "could not be sent just now" in again.content.decode()
