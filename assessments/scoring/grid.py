"""Positions on the LMM grid and the verdict: where the answers place the organisation."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from assessments.scoring.definitions import (
    AGREEMENT_SCALE,
    DEDICATED_TEAM_CODE,
    DEFINITION_USE_SCALE,
    DEPARTMENT,
    LEVEL_MAX,
    LEVEL_MIN,
    LIVED_FROM,
    MATURITY_NAMES,
    MATURITY_PHASES,
    PROCESS,
    RATING_MAX,
    RATING_MIN,
    RELATIONSHIP_BANDS,
    RELATIONSHIP_NAMES,
    TERMINOLOGY,
    TOLERANCE,
    TOP_LEVEL_MARGIN,
    WRITTEN_NOT_USED,
    AxisPosition,
    Focus,
    ScoringError,
    Statement,
    Verdict,
    VerdictCode,
)


def _check_rating(statement: Statement) -> None:
    if not RATING_MIN <= statement.rating <= RATING_MAX:
        raise ScoringError(
            f"{statement.code}: rating {statement.rating} is outside 1-5",
            code="rating_out_of_range",
            field=statement.code,
        )


def _level_of(mean: float) -> int:
    # A tiny tolerance keeps 3.0 from becoming 2.999... after float division.
    return max(LEVEL_MIN, min(LEVEL_MAX, math.floor(mean + TOLERANCE)))


def relationship_band(total: int) -> int:
    """Level of a 20-statement sum by the 2006 bands: 20-39, 40-59, 60-79, 80-100."""
    for low, high, level in RELATIONSHIP_BANDS:
        if low <= total <= high:
            return level
    raise ScoringError(f"sum {total} is outside 20-100", code="sum_out_of_range")


def relationship_position(statements: Sequence[Statement]) -> AxisPosition:
    """x = mean rating - 1 in [0, 4]; level = min(4, floor(mean)), the 2006 bands."""
    if not statements:
        raise ScoringError("no relationship statements", code="missing_relationship")
    for statement in statements:
        _check_rating(statement)
    mean = sum(s.rating for s in statements) / len(statements)
    level = _level_of(mean)
    return AxisPosition(value=mean - 1, level=level, name=RELATIONSHIP_NAMES[level])


def phase_means(statements: Sequence[Statement]) -> dict[int, float]:
    """Mean rating of the statements of each maturity phase (2, 3, 4)."""
    by_phase: dict[int, list[int]] = {phase: [] for phase in MATURITY_PHASES}
    for statement in statements:
        _check_rating(statement)
        if statement.phase not in by_phase:
            raise ScoringError(
                f"{statement.code}: phase {statement.phase} is not 2, 3 or 4",
                code="bad_phase",
                field=statement.code,
            )
        by_phase[statement.phase].append(statement.rating)
    missing = [phase for phase, ratings in by_phase.items() if not ratings]
    if missing:
        raise ScoringError(
            f"no statements for maturity phase {missing[0]}", code="missing_maturity"
        )
    return {phase: sum(ratings) / len(ratings) for phase, ratings in by_phase.items()}


def definition_value(rating: float) -> float:
    """A definition-and-use rating as evidence of *definition*: "talked about, not
    written down" (2) counts as not defined (1), "written down" (3) and above as
    rated; a team's rating between 2 and 3 counts proportionally."""
    if rating >= WRITTEN_NOT_USED:
        return rating
    if rating <= WRITTEN_NOT_USED - 1:
        return RATING_MIN
    return RATING_MIN + (rating - (WRITTEN_NOT_USED - 1)) * (WRITTEN_NOT_USED - 1)


def maturity_position(
    statements: Sequence[Statement], *, scale: str = AGREEMENT_SCALE
) -> AxisPosition:
    """y = min(T, max(P, 2), max(D, 3)) - 1, T/P/D the phase means; level as on x.

    A phase's statements only hold the organisation back at or above that phase, so the
    maturity is cumulative: weak terminology caps everything, weak department work caps
    only the top level. On the definition-and-use scale a practice only talked about
    is not defined (`definition_value`), and the top level needs the dedicated team
    in use (`lm-team` rated 4 or more).
    """
    if scale == DEFINITION_USE_SCALE:
        statements = [
            replace(s, rating=definition_value(s.rating), ratings=())
            for s in statements
        ]
    means = phase_means(statements)
    effective = min(
        means[TERMINOLOGY],
        max(means[PROCESS], PROCESS - 1),
        max(means[DEPARTMENT], DEPARTMENT - 1),
    )
    team = next((s for s in statements if s.code == DEDICATED_TEAM_CODE), None)
    if (
        scale == DEFINITION_USE_SCALE
        and team is not None
        and team.rating < LIVED_FROM - TOLERANCE
    ):
        effective = min(effective, DEPARTMENT - TOP_LEVEL_MARGIN)
    level = _level_of(effective)
    return AxisPosition(
        value=float(effective - 1), level=level, name=MATURITY_NAMES[level]
    )


def verdict_for(x: AxisPosition, y: AxisPosition) -> Verdict:
    """Compare the levels: maturity above relationship is above the path, and so on.

    The next milestone is the crossing point at the higher of the two levels when off
    the path, and the next crossing point when on it (none beyond (4, 4)).
    """
    distance = round(abs(y.value - x.value), 2)
    if y.level > x.level:
        return Verdict(VerdictCode.ABOVE_PATH, distance, y.level, Focus.RELATIONSHIP)
    if y.level < x.level:
        return Verdict(VerdictCode.BELOW_PATH, distance, x.level, Focus.MATURITY)
    if x.level == LEVEL_MAX:
        return Verdict(VerdictCode.ON_PATH, distance, None, Focus.SUSTAIN)
    return Verdict(VerdictCode.ON_PATH, distance, x.level + 1, Focus.BOTH)
