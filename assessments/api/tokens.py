"""Personal access tokens: made, looked up and revoked. The secret is shown once and
only its SHA-256 is stored; a token is a random 32-byte value, so a plain hash (no
salt, no stretching) is enough and lets a request find its row by an index."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import ApiToken

TOKEN_PREFIX = "lmm_"
MAX_DAYS = 365
MAX_ACTIVE_PER_USER = 20
# Writing the last use once a minute is enough to tell a live token from a dead one.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)

MESSAGE_TOO_MANY = _("You have %(count)s active tokens: revoke one before adding more.")
MESSAGE_BAD_EXPIRY = _("Choose an expiry between 1 and %(days)s days.")


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, scope: str, days: int) -> NewToken:
    """Make a token for the user; the returned secret is never stored nor shown again."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": MESSAGE_BAD_EXPIRY % {"days": MAX_DAYS}}, code="expiry"
        )
    if tokens_active(user=user).count() >= MAX_ACTIVE_PER_USER:
        raise ValidationError(
            MESSAGE_TOO_MANY % {"count": MAX_ACTIVE_PER_USER}, code="too_many"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        scope=scope,
        prefix=secret[: len(TOKEN_PREFIX) + 8],
        key_hash=_hash(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
    return NewToken(token=token, secret=secret)


def tokens_active(*, user):
    """The user's tokens that still open the API."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def token_revoke(*, user, token_id: int) -> bool:
    """Revoke one of the user's tokens; False when there is no such token of theirs."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token a secret belongs to, with its user, or None; notes its use.

    The audit trail records the use once the API answered
    (audit.events.AuditMiddleware, once per token, organisation and hour).
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
