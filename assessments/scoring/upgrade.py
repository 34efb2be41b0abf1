"""The upgrade path: the next stage's requirements and what to work on first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assessments.scoring.definitions import (
    LEVEL_MAX,
    LEVEL_MIN,
    LIVED_FROM,
    RATING_MAX,
    RATING_MIN,
    STAGE_UPGRADES,
    TOLERANCE,
    WEAKEST_ACTIONS,
    WRITTEN_NOT_USED,
    Focus,
    Stage,
    Statement,
    UpgradePath,
    Verdict,
)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def lead_management_strand(maturity: Iterable[Statement]) -> list[Statement]:
    """The lead-management statements in the order to work on them (seed 001:
    sequential, not selective).

    First the practices of reached phases that are not yet written down (rated
    below 3), then the first phase not yet reached and every later one, phase by
    phase and lowest rating first; last the reached phases' practices written down
    but not yet used. While a phase is not reached, a practice already mostly used
    (4) is never proposed; once every phase is reached, phase order alone decides.
    """
    statements = [s for s in maturity if s.phase is not None and s.rating < RATING_MAX]
    by_phase: dict[int, list[float]] = {}
    for statement in maturity:
        if statement.phase is not None:
            by_phase.setdefault(statement.phase, []).append(statement.rating)
    unreached = [
        phase
        for phase, ratings in sorted(by_phase.items())
        if _mean(ratings) < phase - TOLERANCE
    ]
    if not unreached:
        return sorted(statements, key=lambda s: (s.phase, s.rating, s.position))
    first = unreached[0]
    earlier = [s for s in statements if s.phase < first]
    missing = [s for s in earlier if s.rating < WRITTEN_NOT_USED - TOLERANCE]
    open_phases = [s for s in statements if s.phase >= first]
    on_paper = [s for s in earlier if s not in missing and s.rating < LIVED_FROM]

    def order(s: Statement) -> tuple:
        return (s.phase, s.rating, s.position)

    return (
        sorted(missing, key=order)
        + sorted(open_phases, key=order)
        + sorted(on_paper, key=order)
    )


def relationship_strand(relationship: Iterable[Statement]) -> list[Statement]:
    """Relationship statements short of the top rating, weakest first."""
    return sorted(
        (s for s in relationship if s.phase is None and s.rating < RATING_MAX),
        key=lambda s: (s.rating, s.position, s.code),
    )


def _first_gap(maturity: list[Statement]) -> Statement | None:
    """The lowest practice "not in place" in the first phase not yet reached: one of
    seed 002's top issues (no hand-back, no nurturing, raw inquiries to sales)."""
    by_phase: dict[int, list[Statement]] = {}
    for statement in maturity:
        by_phase.setdefault(statement.phase, []).append(statement)
    for phase, statements in sorted(by_phase.items()):
        if _mean([s.rating for s in statements]) < phase - TOLERANCE:
            lowest = min(statements, key=lambda s: (s.rating, s.position))
            return lowest if lowest.rating <= RATING_MIN + TOLERANCE else None
    return None


def weakest_statements(
    statements: Iterable[Statement],
    *,
    limit: int = WEAKEST_ACTIONS,
    stage_number: int | None = None,
) -> tuple[str, ...]:
    """Codes of the statements to work on first, short of the top rating.

    The lead-management strand (`lead_management_strand`) and the relationship
    strand (weakest first) are merged by rating, the relationship first on a tie,
    so neither strand's order is broken; at Stage 1 the lead-management strand goes
    first (seed 001's path to Stage 2 before joint long-range planning). A practice
    "not in place" in the first phase not yet reached is always among them.
    """
    statements = list(statements)
    maturity_pool = [s for s in statements if s.phase is not None]
    relationship = relationship_strand(statements)
    maturity = lead_management_strand(maturity_pool)
    chosen: list[Statement] = []
    while len(chosen) < limit and (relationship or maturity):
        if maturity and (
            not relationship
            or stage_number == LEVEL_MIN
            or maturity[0].rating < relationship[0].rating
        ):
            chosen.append(maturity.pop(0))
        else:
            chosen.append(relationship.pop(0))
    required = _first_gap(maturity_pool)
    if required is not None and required not in chosen and chosen:
        chosen = chosen[: limit - 1] + [required]
    return tuple(s.code for s in chosen)


def _statements_to_work_on(
    verdict: Verdict,
    relationship: Sequence[Statement],
    maturity: Sequence[Statement],
    maturity_level: int,
) -> list[Statement]:
    if verdict.focus is Focus.RELATIONSHIP:
        return list(relationship)
    if verdict.focus is Focus.MATURITY:
        # Below the path the work is definition: the phases up to the milestone's level.
        target = verdict.next_milestone or LEVEL_MAX
        return [
            s for s in maturity if s.phase is not None and s.phase <= max(target, 2)
        ]
    next_phase = min(maturity_level + 1, LEVEL_MAX)
    return list(relationship) + [
        s for s in maturity if s.phase is not None and s.phase <= next_phase
    ]


def upgrade_path_for(
    *,
    stage: Stage,
    verdict: Verdict,
    relationship: Sequence[Statement],
    maturity: Sequence[Statement],
    maturity_level: int,
) -> UpgradePath:
    """The next stage's requirements and time, the next milestone, what to fix first."""
    upgrade = STAGE_UPGRADES.get(stage.number)
    pool = _statements_to_work_on(verdict, relationship, maturity, maturity_level)
    # Each strand on its own, from the same pool (the page lists them apart).
    strand_size = WEAKEST_ACTIONS
    return UpgradePath(
        next_milestone=verdict.next_milestone,
        next_stage=upgrade["to_stage"] if upgrade else None,
        theme=upgrade["theme"] if upgrade else None,
        estimate=upgrade["estimate"] if upgrade else None,
        requirements=upgrade["requirements"] if upgrade else (),
        weakest=weakest_statements(pool, stage_number=stage.number),
        lead_management_strand=tuple(
            s.code for s in lead_management_strand(pool)[:strand_size]
        ),
        relationship_strand=tuple(
            s.code for s in relationship_strand(pool)[:strand_size]
        ),
    )
