"""Teams: several submitted responses of one round combined into one set of answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from statistics import median

from assessments.scoring.definitions import (
    DIAGNOSTIC_CODES,
    LEVEL_MAX,
    LEVEL_MIN,
    OWNERSHIP_ASKED_AT_CAP,
    OWNERSHIP_CODE,
    SPLIT_STEPS,
    STAGE_NAMES,
    TOLERANCE,
    Result,
    Stage,
    Statement,
)
from assessments.scoring.stage import stage_cap, stage_for

GAP_DISAGREEMENTS = 3


GAP_MIN_DIFFERENCE = 1.0


def team_statements(responses: Sequence[Sequence[Statement]]) -> list[Statement]:
    """Each statement rated with the median of the ratings the respondents gave it,
    so that one outlier of three cannot move the team; the ratings are kept."""
    ratings: dict[str, list[float]] = {}
    first: dict[str, Statement] = {}
    for statements in responses:
        for statement in statements:
            ratings.setdefault(statement.code, []).append(statement.rating)
            first.setdefault(statement.code, statement)
    return [
        Statement(
            code=code,
            rating=median(values),
            phase=first[code].phase,
            position=first[code].position,
            lm_stage=first[code].lm_stage,
            ratings=tuple(sorted(values)),
        )
        for code, values in ratings.items()
    ]


def split_statements(statements: Sequence[Statement]) -> tuple[str, ...]:
    """Codes of the team statements whose respondents' ratings lie two or more steps
    apart, in questionnaire order."""
    return tuple(
        s.code
        for s in sorted(statements, key=lambda s: s.position)
        if s.ratings and max(s.ratings) - min(s.ratings) >= SPLIT_STEPS - TOLERANCE
    )


def members_stage(stages: Sequence[int]) -> int:
    """The highest stage that at least half of the members reach."""
    reached = [
        number
        for number in range(LEVEL_MIN, LEVEL_MAX + 1)
        if sum(1 for stage in stages if stage >= number) * 2 >= len(stages)
    ]
    return max(reached, default=LEVEL_MIN)


def stage_spread(responses: Sequence[Mapping[str, bool]]) -> dict[int, int]:
    """How many members each stage 1-4 has, by their own diagnostics."""
    stages = [stage_for(answers).number for answers in responses]
    return {number: stages.count(number) for number in range(LEVEL_MIN, LEVEL_MAX + 1)}


def team_stage(responses: Sequence[Mapping[str, bool]]) -> Stage:
    """The stage of the team's majority answers, but never above the stage that at
    least half of the members reach on their own answers.

    Per-question majorities can say Yes to every question although each member
    answered No to a different one; each member's stage says what that member sees.
    """
    majority = stage_for(team_diagnostics(responses))
    limit = members_stage([stage_for(answers).number for answers in responses])
    if majority.number <= limit:
        return majority
    return replace(
        majority, number=limit, name=STAGE_NAMES[limit], limited_by_members=True
    )


def diagnostic_votes(
    responses: Sequence[Mapping[str, bool]],
) -> dict[str, tuple[int, int]]:
    """Per diagnostic (and the ownership follow-up), (Yes votes, respondents), counted
    as `team_diagnostics` counts them."""
    votes = {
        code: (sum(1 for answers in responses if answers.get(code)), len(responses))
        for code in DIAGNOSTIC_CODES
    }
    ownership = sum(1 for answers in responses if _ownership_vote(answers))
    votes[OWNERSHIP_CODE] = (ownership, len(responses))
    return votes


def _ownership_vote(answers: Mapping[str, bool]) -> bool:
    if OWNERSHIP_CODE in answers and stage_cap(answers) == OWNERSHIP_ASKED_AT_CAP:
        return bool(answers[OWNERSHIP_CODE])
    return stage_cap(answers) > OWNERSHIP_ASKED_AT_CAP


def team_diagnostics(responses: Sequence[Mapping[str, bool]]) -> dict[str, bool]:
    """A diagnostic is "Yes" for the team when more than half of the respondents say so.

    A respondent who was not asked the ownership follow-up answered "Yes" to every
    question of stage 3, which presumes ownership, so they count as a "Yes" to it.
    """
    combined = {}
    for code in DIAGNOSTIC_CODES:
        yes = sum(1 for answers in responses if answers.get(code))
        combined[code] = yes * 2 > len(responses)
    votes = [
        bool(answers[OWNERSHIP_CODE])
        if OWNERSHIP_CODE in answers and stage_cap(answers) == OWNERSHIP_ASKED_AT_CAP
        else stage_cap(answers) > OWNERSHIP_ASKED_AT_CAP
        for answers in responses
    ]
    combined[OWNERSHIP_CODE] = sum(votes) * 2 > len(votes)
    return combined


@dataclass(frozen=True)
class Disagreement:
    code: str
    first: float
    second: float

    @property
    def difference(self) -> float:
        return round(abs(self.first - self.second), 2)


@dataclass(frozen=True)
class PerceptionGap:
    """How far two groups (marketing first, sales second) see the organisation apart."""

    x_first: float
    x_second: float
    y_first: float
    y_second: float
    relationship_levels: int
    maturity_levels: int
    disagreements: tuple[Disagreement, ...]

    @property
    def x_gap(self) -> float:
        return round(abs(self.x_first - self.x_second), 2)

    @property
    def y_gap(self) -> float:
        return round(abs(self.y_first - self.y_second), 2)


def perception_gap(
    *,
    first: Result,
    second: Result,
    first_statements: Sequence[Statement],
    second_statements: Sequence[Statement],
    limit: int = GAP_DISAGREEMENTS,
) -> PerceptionGap:
    """Positions of both groups, the gap in levels on each axis, and the statements
    they rate furthest apart (a difference of at least one rating step)."""
    second_by_code = {s.code: s for s in second_statements}
    pairs = [
        (statement, second_by_code[statement.code])
        for statement in first_statements
        if statement.code in second_by_code
    ]
    pairs = [
        (a, b)
        for a, b in pairs
        if abs(a.rating - b.rating) >= GAP_MIN_DIFFERENCE - 1e-9
    ]
    # Means of several ratings carry float noise: round before ordering by difference.
    pairs.sort(
        key=lambda pair: (
            -round(abs(pair[0].rating - pair[1].rating), 9),
            pair[0].position,
        )
    )
    return PerceptionGap(
        x_first=first.x,
        x_second=second.x,
        y_first=first.y,
        y_second=second.y,
        relationship_levels=abs(first.relationship.level - second.relationship.level),
        maturity_levels=abs(first.maturity.level - second.maturity.level),
        disagreements=tuple(
            Disagreement(
                code=a.code, first=round(a.rating, 2), second=round(b.rating, 2)
            )
            for a, b in pairs[:limit]
        ),
    )
