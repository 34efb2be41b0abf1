"""Signing up, logging in and passwords (views/accounts.py)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Membership
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def confirmation_link(body):
    return re.search(r"http://testserver(/signup/confirm/\S+/)", body).group(1)


def test_sign_up_logs_in_and_asks_for_the_organisation(client):
    page = client.post(
        reverse("assessments:signup"),
        {
            "email": "Ann@Example.com",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )
    assert page.status_code == 302
    assert page.url == reverse("assessments:email-confirm-pending")
    link = confirmation_link(mail.outbox[-1].body)
    page = client.get(link)
    assert page.url == reverse("assessments:organisation-create")
    page = client.post(
        page.url,
        {
            "name": "Acme",
            "industry": "Software",
            "revenue_team_size": 12,
            "monthly_lead_volume": 400,
            "role": "marketing",
        },
    )
    assert page.url == reverse("assessments:home")
    membership = Membership.objects.get(user__email="ann@example.com")
    assert membership.is_admin and membership.role == "marketing"
    assert "Start the assessment" in client.get(page.url).content.decode()


def test_sign_up_rejects_a_taken_email_with_a_message(client):
    make_user(email="ann@example.com")
    page = client.post(
        reverse("assessments:signup"),
        {"email": "ann@example.com", "password1": "x-long-pw-123", "password2": "x"},
    )
    assert page.status_code == 200
    assert "already exists" in page.content.decode()


def test_password_reset_email_is_sent(client):
    make_user(email="ann@example.com")
    client.post(reverse("password_reset"), {"email": "ann@example.com"})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change_and_reset_complete_the_round_trip(client):
    import re

    user = make_user(email="ann@example.com", username="ann@example.com")
    client.force_login(user)
    page = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "another-long-password",
            "new_password2": "another-long-password",
        },
    )
    assert page.url == reverse("password_change_done")
    client.logout()
    client.post(reverse("password_reset"), {"email": "ann@example.com"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(
        1
    )
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    page = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "third-long-password",
            "new_password2": "third-long-password",
        },
    )
    assert page.url == reverse("password_reset_complete")
    assert client.login(username="ann@example.com", password="third-long-password")


def test_log_in_with_the_email_in_any_case(client):
    make_user(email="ann@example.com", username="ann@example.com")
    page = client.post(
        reverse("login"),
        {"username": "Ann@Example.COM", "password": "a-long-test-password"},
    )
    assert page.status_code == 302


def test_an_email_too_long_for_a_username_is_refused_with_a_message(client):
    email = "a" * 140 + "@example.com"
    page = client.post(
        reverse("assessments:signup"),
        {
            "email": email,
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )
    assert page.status_code == 200
    assert page.context["form"].errors["email"]
