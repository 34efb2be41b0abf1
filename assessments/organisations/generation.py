"""A token that changes whenever what a list of clients shows may have changed: a
stored team result, an organisation's name or profile, a round, a consultant's
assignments. Work done over every client (the portfolio's order, its filter
choices) is kept under it, so a page reads one small value instead of scanning
every client, and no page serves what an edit has made untrue."""

import itertools
import secrets

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from assessments.models import Organisation, Round, TeamResult

KEY = "lmm:clients-generation"
# This process's changes, counted at once: its own later reads (the rest of a
# request or a job, and the tests, inside their transaction) see them before the
# shared token is renewed at the commit.
_local_changes = itertools.count()
_local = next(_local_changes)


def _cache():
    # Every process must see a change at once: in the database, or in Redis.
    return caches["shared"]


def _renew() -> None:
    # A fresh random value rather than a counter: two writers racing can lose
    # one of their values, never return to an old one.
    _cache().set(KEY, secrets.token_hex(8), None)


def current() -> str:
    """The token now; read it before the rows it will key."""
    token = _cache().get(KEY)
    if token is None:
        _cache().add(KEY, secrets.token_hex(8), None)
        token = _cache().get(KEY)
    # No shared cache answering (Redis down): a token of this call alone, so
    # nothing is served from what was kept.
    return f"{token or secrets.token_hex(8)}.{_local}"


def changed() -> None:
    """Record a change to what lists of clients show; call it after a write that
    sends no model signal (`update()`, `bulk_create`)."""
    global _local
    _local = next(_local_changes)
    # Other processes are told once the write is visible to them, once per
    # transaction however many rows it changed.
    pending = getattr(connection, "run_on_commit", ())
    if not any(entry[1] is _renew for entry in pending):
        transaction.on_commit(_renew)


@receiver(post_save, sender=Organisation, dispatch_uid="lmm-generation-org-saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="lmm-generation-org-gone")
@receiver(post_save, sender=Round, dispatch_uid="lmm-generation-round-saved")
@receiver(post_delete, sender=Round, dispatch_uid="lmm-generation-round-gone")
@receiver(post_save, sender=TeamResult, dispatch_uid="lmm-generation-result-saved")
@receiver(post_delete, sender=TeamResult, dispatch_uid="lmm-generation-result-gone")
@receiver(
    m2m_changed,
    sender=Organisation.consultants.through,
    dispatch_uid="lmm-generation-assignments",
)
def _on_change(action: str = "post_save", **kwargs) -> None:
    # m2m_changed sends each change twice, before and after it.
    if action.startswith("post_"):
        changed()
