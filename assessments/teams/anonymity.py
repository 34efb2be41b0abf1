"""Anonymous rounds: what of a round's result anyone may see.

In an anonymous round nobody (admin, member or consultant) sees another person's
answers or point; a role's result is shown only from `threshold` respondents of the
role on, and the marketing–sales gap only when both roles are shown. A person still
sees their own result.
"""

from __future__ import annotations

import dataclasses
import hashlib

from django.db.models import F, Q, Value
from django.db.models.functions import Greatest

from assessments.models import Role, Round
from assessments.teams.results import RoundResult

# Never below two: one respondent's "role result" is that person's answers.
MINIMUM_THRESHOLD = 2


def threshold(organisation) -> int:
    return max(MINIMUM_THRESHOLD, organisation.anonymity_threshold)


def shown_roles(combined: RoundResult, *, round: Round) -> frozenset[str]:
    """The roles whose result an anonymous round shows: those with enough respondents."""
    k = threshold(round.organisation)
    return frozenset(group.role for group in combined.roles if group.count >= k)


def gap_shown(combined: RoundResult, *, round: Round) -> bool:
    if not round.is_anonymous:
        return combined.gap is not None
    return combined.gap is not None and {Role.MARKETING, Role.SALES} <= shown_roles(
        combined, round=round
    )


def members_shown(combined: RoundResult, *, round: Round) -> bool:
    """Whether the spread of members' answers (stage spread, split ranges) may be
    shown: in an anonymous round only from `threshold` respondents on."""
    if not round.is_anonymous:
        return True
    return combined.submitted >= threshold(round.organisation)


def for_reader(combined: RoundResult, *, round: Round, user_id) -> RoundResult:
    """The round result as one reader may see it: unchanged for an ordinary round;
    for an anonymous one, only the reader's own response, the roles with enough
    respondents and the gap only between two shown roles."""
    if not round.is_anonymous:
        return combined
    roles = shown_roles(combined, round=round)
    enough = combined.submitted >= threshold(round.organisation)
    return dataclasses.replace(
        combined,
        # Below the threshold the team's result is too close to single people's.
        team=combined.team if enough else None,
        votes=combined.votes if enough else {},
        numbers=combined.numbers if enough else None,
        respondents=tuple(
            item
            for item in combined.respondents
            if user_id is not None and item.response.respondent_id == user_id
        ),
        roles=tuple(group for group in combined.roles if group.role in roles),
        gap=combined.gap if gap_shown(combined, round=round) else None,
    )


def respondent_order_key(response) -> str:
    """A fixed order of a round's respondents that says nothing about who answered
    when: numbering by answer order would name people in a small team."""
    seed = f"{response.round_id}:{response.pk}".encode()
    return hashlib.sha256(seed).hexdigest()


def _stored_threshold():
    return Greatest(
        F("round__organisation__anonymity_threshold"), Value(MINIMUM_THRESHOLD)
    )


def stored_team_shown() -> Q:
    """`for_reader`'s rule for the team's result on stored `TeamResult` rows (SQL):
    an ordinary round, or an anonymous one with `threshold` respondents."""
    return Q(round__is_anonymous=False) | Q(respondents__gte=_stored_threshold())


def stored_gap_shown() -> Q:
    """`gap_shown` on stored `TeamResult` rows: in an anonymous round both roles
    need `threshold` respondents."""
    enough = _stored_threshold()
    return Q(gap_x__isnull=False) & (
        Q(round__is_anonymous=False)
        | Q(marketing_respondents__gte=enough, sales_respondents__gte=enough)
    )
