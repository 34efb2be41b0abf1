"""Letting imported people in: a single-use link to choose their first password."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments.accounts.languages import user_language


def password_set_url(*, user, base_url: str) -> str:
    """The password-reset link of Django's token machinery for this user.

    It stops working once used, because the token covers the password hash and the
    last log-in, and after PASSWORD_RESET_TIMEOUT.
    """
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def password_set_email_send(*, user, base_url: str, organisations: list[str]) -> None:
    """Email an imported user the link to set a password and log in."""
    context = {
        "email": user.email,
        "url": password_set_url(user=user, base_url=base_url),
        "organisations": organisations,
        "login_url": base_url.rstrip("/") + reverse("login"),
    }
    with translation.override(user_language(user)):
        subject = render_to_string("registration/password_set_subject.txt", context)
        message = render_to_string("registration/password_set_email.txt", context)
    send_mail(
        subject=subject.strip().replace("\n", " "),
        message=message,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def password_set_emails_send(*, emails, base_url: str) -> int:
    """Email each of these users the link to set a password, naming the
    organisations they belong to; returns how many were sent."""
    users = (
        get_user_model()
        .objects.filter(email__in=emails)
        .prefetch_related("memberships__organisation")
    )
    sent = 0
    for user in users:
        password_set_email_send(
            user=user,
            base_url=base_url,
            organisations=[m.organisation.name for m in user.memberships.all()],
        )
        sent += 1
    return sent
