"""How long what the site no longer needs is kept, and the purge that ends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from assessments.accounts.confirmation import unconfirmed_purge
from assessments.audit.trail import audit_trail_purge
from assessments.models import Invitation


@dataclass(frozen=True)
class Purged:
    unconfirmed_accounts: int
    invitations: int
    audit_entries: int


def invitations_purge(*, older_than: timedelta) -> int:
    """Delete invitations that expired unused, or were used, more than `older_than`
    ago; returns how many."""
    cutoff = timezone.now() - older_than
    unused = Invitation.objects.filter(used_at__isnull=True, expires_at__lt=cutoff)
    used = Invitation.objects.filter(used_at__lt=cutoff)
    return unused.delete()[0] + used.delete()[0]


def retention_purge() -> Purged:
    """Apply every retention period of the settings (PRIVACY_RETENTION_DAYS,
    AUDIT_RETENTION_DAYS)."""
    days = settings.PRIVACY_RETENTION_DAYS
    return Purged(
        unconfirmed_accounts=unconfirmed_purge(
            older_than=timedelta(days=days["unconfirmed_accounts"])
        ),
        invitations=invitations_purge(older_than=timedelta(days=days["invitations"])),
        audit_entries=audit_trail_purge(
            older_than=timedelta(days=settings.AUDIT_RETENTION_DAYS)
        ),
    )
