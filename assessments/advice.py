"""Advice: a consultant's recommendations on a client's round, shown to its members on
the team page and kept with the round."""

from __future__ import annotations

from assessments.models import Advice, Round


def author_name(user) -> str:
    """How the advice signs: the full name, else the email, else the username."""
    return user.get_full_name() or user.email or user.get_username()


def advice_for_round(round: Round) -> list[Advice]:
    """The round's recommendations, highest priority first, then oldest first."""
    advice = list(Advice.objects.filter(round=round).order_by("created_at", "pk"))
    return sorted(advice, key=lambda a: a.priority or len(Advice.Priority) + 1)
