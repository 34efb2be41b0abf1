"""What an organisation's admins read of its audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from auditlog.models import LogEntry
from django.utils import timezone

from assessments.models import AuditEvent

SHOWN = 200


@dataclass(frozen=True)
class TrailLine:
    at: datetime
    who: str
    what: str
    target: str


def organisation_trail(*, organisation_id: int) -> list[TrailLine]:
    """The latest events and model changes of one organisation, newest first."""
    events = (
        AuditEvent.objects.filter(organisation_id=organisation_id)
        .select_related("actor")
        .order_by("-at")[:SHOWN]
    )
    changes = (
        LogEntry.objects.filter(additional_data__organisation_id=organisation_id)
        .select_related("actor", "content_type")
        .order_by("-timestamp")[:SHOWN]
    )
    lines = [
        TrailLine(
            e.at, e.actor.email if e.actor else "", e.get_kind_display(), e.target
        )
        for e in events
    ] + [
        TrailLine(
            c.timestamp,
            c.actor.email if c.actor else "",
            f"{c.get_action_display()}: {c.content_type.name}",
            c.object_repr,
        )
        for c in changes
    ]
    return sorted(lines, key=lambda line: line.at, reverse=True)[:SHOWN]


def audit_trail_purge(*, older_than: timedelta) -> int:
    """Delete events and recorded changes older than `older_than`; returns how many."""
    cutoff = timezone.now() - older_than
    return (
        AuditEvent.objects.filter(at__lt=cutoff).delete()[0]
        + LogEntry.objects.filter(timestamp__lt=cutoff).delete()[0]
    )
