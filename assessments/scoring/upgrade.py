"""The upgrade path: the next stage's requirements and what to work on first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assessments.scoring.definitions import (
    LEVEL_MAX,
    RATING_MAX,
    STAGE_UPGRADES,
    WEAKEST_ACTIONS,
    Focus,
    Stage,
    Statement,
    UpgradePath,
    Verdict,
)


def weakest_statements(
    statements: Iterable[Statement], *, limit: int = WEAKEST_ACTIONS
) -> tuple[str, ...]:
    """Codes of the statements to work on first, short of the top rating.

    Sequential, not selective: lead-management statements go phase by phase
    (terminology, process, department), by rating within a phase. Relationship
    statements, which have no phase, go by rating; the two lists are merged by
    rating, the relationship first on a tie, so an axis's order is never broken.
    """
    candidates = [s for s in statements if s.rating < RATING_MAX]
    relationship = sorted(
        (s for s in candidates if s.phase is None),
        key=lambda s: (s.rating, s.position, s.code),
    )
    maturity = sorted(
        (s for s in candidates if s.phase is not None),
        key=lambda s: (s.phase, s.rating, s.position, s.code),
    )
    chosen: list[Statement] = []
    while len(chosen) < limit and (relationship or maturity):
        if maturity and (
            not relationship or maturity[0].rating < relationship[0].rating
        ):
            chosen.append(maturity.pop(0))
        else:
            chosen.append(relationship.pop(0))
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
    return UpgradePath(
        next_milestone=verdict.next_milestone,
        next_stage=upgrade["to_stage"] if upgrade else None,
        theme=upgrade["theme"] if upgrade else None,
        estimate=upgrade["estimate"] if upgrade else None,
        requirements=upgrade["requirements"] if upgrade else (),
        weakest=weakest_statements(pool),
    )
