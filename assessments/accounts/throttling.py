"""Throttling of log-in (django-axes) and of password reset and sign-up
(django-ratelimit): the keys they count by, and the page a throttled person sees."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render

# Password reset: per address, so one inbox cannot be flooded, and per IP.
RESET_RATE_PER_EMAIL = "3/h"
RESET_RATE_PER_IP = "20/h"
# Sign-up tells whether an address has an account (see docs/security.md): bound how
# fast one IP can ask.
SIGNUP_RATE_PER_IP = "20/h"
# Confirmation links sent again on request, per account.
CONFIRM_RESEND_RATE = "5/h"
# Codes of the second factor, per account: as many tries as passwords get (axes).
SECOND_FACTOR_RATE = "5/15m"
# Wrong passwords on the delete-my-account form, per account.
ACCOUNT_DELETE_RATE = "10/h"
AXES_USERNAME_LENGTH = 255


def client_ip(request) -> str:
    """The client's address: the connection's, or behind PROXY_COUNT proxies the
    one the outermost proxy saw (earlier X-Forwarded-For entries can be forged)."""
    if settings.PROXY_COUNT:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def ip_key(group, request) -> str:
    """django-ratelimit key: the client's address, as for log-in throttling."""
    return client_ip(request)


def axes_username(request, credentials) -> str:
    """The log-in name as the forms read it, so `Ann@X` and `ann@x ` share a count."""
    source = credentials if credentials else request.POST
    name = str((source or {}).get("username", "")).strip().lower()
    # Axes stores it in a 255-character column (PostgreSQL refuses longer text); no
    # account has a longer name, so the cut cannot merge two real accounts.
    return name[:AXES_USERNAME_LENGTH]


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """What django-axes counts failures by (AXES_LOCKOUT_PARAMETERS).

    Never the account alone: then anyone could keep a known account locked. Failures
    count per account and address together, and per address, except for an account
    logging in from an address it has logged in from before: strangers' failures
    from that address do not block it (its own five still do).
    """
    from axes.models import AccessLog

    if isinstance(request_or_attempt, HttpRequest):
        username = axes_username(request_or_attempt, credentials)
        ip_address = client_ip(request_or_attempt)
    else:
        username = request_or_attempt.username
        ip_address = request_or_attempt.ip_address
    known = AccessLog.objects.filter(username=username, ip_address=ip_address)
    if username and known.exists():
        return [["username", "ip_address"]]
    return [["username", "ip_address"], "ip_address"]


def lockouts_lift(*, user) -> None:
    """Forget the account's failed log-ins, from every address (after a completed
    password reset: whoever reset it holds the address)."""
    from axes.utils import reset

    for name in {user.username.strip().lower(), user.email.strip().lower()} - {""}:
        reset(username=name)


def posted_email(group, request) -> str:
    """django-ratelimit key: the address typed into the form, normalised."""
    return request.POST.get("email", "").strip().lower()


class ThrottledBackend(AxesStandaloneBackend):
    """Axes' check before the password check, on every log-in made from a request.

    Code that authenticates without a request (the test client, scripts) has no IP
    or form to count; Axes would refuse it, so it passes through to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def throttled(request, exception=None):
    """The page for a throttled request: what happened and when to try again."""
    return render(request, "429.html", status=429)
