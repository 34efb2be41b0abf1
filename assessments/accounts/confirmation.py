"""Proving an address: a sign-up is confirmed by a link emailed to it, before the
account can join or create anything; unconfirmed accounts are purged after a while."""

from __future__ import annotations

import functools
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from assessments.accounts.languages import user_language
from assessments.models import Profile

logger = logging.getLogger(__name__)

# An unconfirmed account older than this is deleted by `purge_unconfirmed_accounts`.
UNCONFIRMED_LIFETIME = timedelta(days=7)
# Where to go once the address is confirmed (an invitation link, say).
NEXT_SESSION_KEY = "lmm_confirmed_next"


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset tokens with a salt of their own, hashing the confirmation
    state and the address: a link stops working once used, when the address
    changes, and after PASSWORD_RESET_TIMEOUT (3 days)."""

    key_salt = "assessments.accounts.confirmation"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{is_confirmed(user)}{timestamp}"


token_generator = ConfirmationTokenGenerator()


def is_confirmed(user) -> bool:
    """Whether the account's address is proven: every account but one from sign-up
    whose link has not been followed yet."""
    return not Profile.objects.filter(user_id=user.pk, email_confirmed=False).exists()


def mark_unconfirmed(user) -> None:
    Profile.objects.update_or_create(user=user, defaults={"email_confirmed": False})


def mark_confirmed(user) -> None:
    Profile.objects.filter(user=user, email_confirmed=False).update(
        email_confirmed=True
    )


def confirmation_url(*, user, base_url: str) -> str:
    path = reverse(
        "assessments:email-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def confirmation_send(*, user, base_url: str) -> bool:
    """Email the link that confirms the account's address; False when the mail
    server refused it (logged: the person can ask for it again)."""
    context = {
        "email": user.email,
        "url": confirmation_url(user=user, base_url=base_url),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
    }
    with translation.override(user_language(user)):
        subject = render_to_string("registration/confirm_subject.txt", context)
        message = render_to_string("registration/confirm_email.txt", context)
    try:
        send_mail(
            subject=subject.strip().replace("\n", " "),
            message=message,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("confirmation email to user %s not sent", user.pk)
        return False
    return True


def confirmation_check(*, uidb64: str, token: str):
    """The user the link confirms, confirmed now; None for a bad, used or expired
    link."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    with transaction.atomic():
        user = (
            get_user_model().objects.select_for_update().filter(pk=pk).first()
            if pk < 2**63
            else None
        )
        if user is None or not token_generator.check_token(user, token):
            return None
        mark_confirmed(user)
    return user


def confirmed_required(view):
    """For a logged-in view: an account whose address is unconfirmed is sent to
    the page that asks for the link instead."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not is_confirmed(request.user):
            messages.warning(
                request,
                _(
                    "Confirm your email address first: follow the link we sent "
                    "to %(email)s."
                )
                % {"email": request.user.email},
            )
            return redirect("assessments:email-confirm-pending")
        return view(request, *args, **kwargs)

    return wrapper


def unconfirmed_purge(*, older_than: timedelta = UNCONFIRMED_LIFETIME) -> int:
    """Delete accounts whose address was never confirmed and that signed up more
    than `older_than` ago; returns how many."""
    stale = get_user_model().objects.filter(
        lmm_profile__email_confirmed=False,
        date_joined__lt=timezone.now() - older_than,
        memberships__isnull=True,
        is_staff=False,
    )
    deleted = 0
    for user in stale.iterator():
        user.delete()
        deleted += 1
    return deleted
