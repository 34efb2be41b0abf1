"""Change between two results of the same kind: pure, no Django.

A team is compared with the team of an earlier round, a respondent with their own
earlier response; the callers choose the pair, this module only compares. Statements
are matched by code, so two questionnaire versions compare wherever both have the
statement. docs/history.md states the rules in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments import scoring

# A rating counts as moved when it changed by at least one step of the 1-5 scale.
MIN_MOVE = 1.0
_EPSILON = 1e-9


@dataclass(frozen=True)
class RatingMove:
    """A statement rated at least one step higher (or lower) than before."""

    code: str
    before: float
    after: float
    position: int = 0

    @property
    def difference(self) -> float:
        return round(self.after - self.before, 2)

    @property
    def is_up(self) -> bool:
        return self.after > self.before


@dataclass(frozen=True)
class DiagnosticFlip:
    """A diagnostic answered the other way than before."""

    code: str
    before: bool
    after: bool


@dataclass(frozen=True)
class Change:
    """Everything that moved from `before` to `after`."""

    before: scoring.Result
    after: scoring.Result
    flips: tuple[DiagnosticFlip, ...]
    moves: tuple[RatingMove, ...]

    @property
    def relationship_levels(self) -> int:
        return self.after.relationship.level - self.before.relationship.level

    @property
    def maturity_levels(self) -> int:
        return self.after.maturity.level - self.before.maturity.level

    @property
    def stage_steps(self) -> int:
        return self.after.stage.number - self.before.stage.number

    @property
    def verdict_changed(self) -> bool:
        return self.after.verdict.code != self.before.verdict.code

    @property
    def distance_change(self) -> float:
        return round(self.after.verdict.distance - self.before.verdict.distance, 2)

    @property
    def moves_up(self) -> tuple[RatingMove, ...]:
        return tuple(m for m in self.moves if m.is_up)

    @property
    def moves_down(self) -> tuple[RatingMove, ...]:
        return tuple(m for m in self.moves if not m.is_up)


def rating_moves(
    before: Sequence[scoring.Statement],
    after: Sequence[scoring.Statement],
    *,
    min_move: float = MIN_MOVE,
) -> tuple[RatingMove, ...]:
    """Statements present in both, by code, whose rating moved by `min_move` or more;
    the largest moves first, then in questionnaire order."""
    earlier = {s.code: s for s in before}
    moves = [
        RatingMove(
            code=s.code,
            before=round(earlier[s.code].rating, 2),
            after=round(s.rating, 2),
            position=s.position,
        )
        for s in after
        if s.code in earlier
        and abs(s.rating - earlier[s.code].rating) >= min_move - _EPSILON
    ]
    moves.sort(key=lambda m: (-abs(m.difference), m.position, m.code))
    return tuple(moves)


def diagnostic_flips(
    before: Mapping[str, bool], after: Mapping[str, bool]
) -> tuple[DiagnosticFlip, ...]:
    """Diagnostics answered in both and answered differently, in the fixed order."""
    codes = (*scoring.DIAGNOSTIC_CODES, scoring.OWNERSHIP_CODE)
    return tuple(
        DiagnosticFlip(code=code, before=bool(before[code]), after=bool(after[code]))
        for code in codes
        if code in before and code in after and bool(before[code]) != bool(after[code])
    )


def compare(
    *,
    before: scoring.Result,
    after: scoring.Result,
    before_statements: Sequence[scoring.Statement],
    after_statements: Sequence[scoring.Statement],
    before_diagnostics: Mapping[str, bool],
    after_diagnostics: Mapping[str, bool],
) -> Change:
    """Compare two results of the same kind (team with team, or one respondent with
    their own earlier response): levels, stage, verdict and distance from the results;
    the flipped diagnostics and the statements that moved by a step or more."""
    return Change(
        before=before,
        after=after,
        flips=diagnostic_flips(before_diagnostics, after_diagnostics),
        moves=rating_moves(before_statements, after_statements),
    )
