"""Positions on the LMM grid and the verdict: where the answers place the organisation."""

from __future__ import annotations

import math
from collections.abc import Sequence

from assessments.scoring.definitions import (
    DEPARTMENT,
    LEVEL_MAX,
    LEVEL_MIN,
    MATURITY_NAMES,
    MATURITY_PHASES,
    PROCESS,
    RATING_MAX,
    RATING_MIN,
    RELATIONSHIP_BANDS,
    RELATIONSHIP_NAMES,
    TERMINOLOGY,
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
    return max(LEVEL_MIN, min(LEVEL_MAX, math.floor(mean + 1e-9)))


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


def maturity_position(statements: Sequence[Statement]) -> AxisPosition:
    """y = min(T, max(P, 2), max(D, 3)) - 1, T/P/D the phase means; level as on x.

    A phase's statements only hold the organisation back at or above that phase, so the
    maturity is cumulative: weak terminology caps everything, weak department work caps
    only the top level.
    """
    means = phase_means(statements)
    effective = min(
        means[TERMINOLOGY],
        max(means[PROCESS], PROCESS - 1),
        max(means[DEPARTMENT], DEPARTMENT - 1),
    )
    level = _level_of(effective)
    return AxisPosition(value=effective - 1, level=level, name=MATURITY_NAMES[level])


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
