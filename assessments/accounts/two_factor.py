"""A second factor at log-in: an authenticator app (TOTP) with single-use recovery
codes, on django-otp. Required before the admin and the portfolio for staff when
MFA_REQUIRED_FOR_STAFF is set."""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# Set at log-in, so that a page view of someone without a device costs no query.
SESSION_KEY = "lmm_second_factor_pending"
RECOVERY_CODES = 10


def has_second_factor(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def totp_device_pending(*, user) -> TOTPDevice:
    """The authenticator being set up: unconfirmed until a first code proves it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


def totp_secret(device: TOTPDevice) -> str:
    """The key as typed into an app that cannot scan the code."""
    return b32encode(device.bin_key).decode()


def totp_qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


@transaction.atomic
def recovery_codes_new(*, user) -> list[str]:
    """Replace the person's recovery codes with new ones; each works once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def totp_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code; returns fresh recovery codes,
    or None when the code is wrong."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_new(user=device.user)
    django_otp.login(request, device)
    request.session[SESSION_KEY] = False
    return codes


def second_factor_check(*, request, token: str) -> bool:
    """Verify a code from the authenticator or a recovery code (used up); each device
    slows down after failures (django-otp's throttling)."""
    device = django_otp.match_token(request.user, token.strip().replace(" ", ""))
    if device is None:
        return False
    django_otp.login(request, device)
    request.session[SESSION_KEY] = False
    return True


def second_factor_remove(*, user) -> None:
    for device in django_otp.devices_for_user(user, confirmed=None):
        device.delete()


@receiver(user_logged_in, dispatch_uid="lmm-second-factor-on-log-in")
def _second_factor_on_log_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = has_second_factor(user)


def _admin_prefix() -> str:
    return reverse("admin:index")


class SecondFactorMiddleware:
    """After a password log-in, a person with a second factor reaches nothing but the
    code page (and log-out); with MFA_REQUIRED_FOR_STAFF, staff without one are sent
    from the admin and the portfolio to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._redirect(request) or self.get_response(request)

    def _redirect(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        path = request.path
        verify = reverse("assessments:two-factor-verify")
        if request.session.get(SESSION_KEY):
            if path in (verify, reverse("logout"), reverse("set_language")):
                return None
            return redirect(f"{verify}?{urlencode({'next': request.get_full_path()})}")
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and user.is_staff
            and path.startswith(_admin_prefix())
        ):
            messages.warning(
                request,
                _(
                    "The admin and the portfolio need a second factor: set up an "
                    "authenticator app first."
                ),
            )
            return redirect("assessments:two-factor-setup")
        return None
