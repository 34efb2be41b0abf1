"""The home page's card per organisation: this year's round and the user's own
response."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import (
    Membership,
    Response,
    Round,
)


@dataclass(frozen=True)
class HomeCard:
    membership: Membership
    round: Round | None
    response: Response | None


def home_cards(*, user, memberships: list[Membership], year: int) -> list[HomeCard]:
    """Per organisation: this year's round and the user's own response, in two queries."""
    organisation_ids = [m.organisation_id for m in memberships]
    rounds = {
        r.organisation_id: r
        for r in Round.objects.filter(organisation_id__in=organisation_ids, year=year)
    }
    responses = {
        r.round_id: r
        for r in Response.objects.filter(
            respondent=user, round__in=list(rounds.values())
        )
    }
    cards = []
    for membership in memberships:
        round_ = rounds.get(membership.organisation_id)
        response = responses.get(round_.pk) if round_ else None
        cards.append(HomeCard(membership=membership, round=round_, response=response))
    return cards
