"""Advice: a consultant's recommendations on a client's round, shown to its members on
the team page and kept with the round."""

from __future__ import annotations

from collections.abc import Iterable

from assessments.models import Advice, Round


def author_name(user) -> str:
    """How the advice signs: the full name, else the email, else the username."""
    return user.get_full_name() or user.email or user.get_username()


def _by_priority(advice: Advice) -> int:
    return advice.priority or len(Advice.Priority) + 1


def advice_for_round(round: Round) -> list[Advice]:
    """The round's recommendations, highest priority first, then oldest first."""
    advice = list(Advice.objects.filter(round=round).order_by("created_at", "pk"))
    return sorted(advice, key=_by_priority)


def advice_by_round(rounds: Iterable[Round]) -> dict[int, list[Advice]]:
    """Each round's recommendations, ordered as `advice_for_round`, in one query."""
    grouped: dict[int, list[Advice]] = {r.pk: [] for r in rounds}
    for item in Advice.objects.filter(round__in=list(grouped)).order_by(
        "created_at", "pk"
    ):
        grouped[item.round_id].append(item)
    return {pk: sorted(items, key=_by_priority) for pk, items in grouped.items()}
