"""Change between two results of the same kind: pure, no Django.

A team is compared with the team of an earlier round, a respondent with their own
earlier response; the callers choose the pair, this module only compares. Statements
are matched by code within one questionnaire version; across two versions only where
the later version declares a question the same as an earlier one (`mapping`), and an
axis whose questions changed is marked as not comparable, so that a shift caused by
the questionnaire is never shown as progress. docs/history.md states the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments import scoring

# A rating counts as moved when it changed by at least one step of the 1-5 scale.
MIN_MOVE = 1.0
_EPSILON = 1e-9

AXES = frozenset({"relationship", "maturity", "stage"})


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
    before_version: int | None = None
    after_version: int | None = None
    # Axes whose questions are the same in both years; only these moves are real.
    comparable: frozenset[str] = AXES

    @property
    def versions_differ(self) -> bool:
        return self.before_version != self.after_version

    def is_comparable(self, axis: str) -> bool:
        return axis in self.comparable

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
    mapping: Mapping[str, str] | None = None,
) -> tuple[RatingMove, ...]:
    """Statements present in both whose rating moved by `min_move` or more; the
    largest moves first, then in questionnaire order. Matched by code, or, across
    versions, through `mapping` (later code -> the earlier code it is the same as)."""
    earlier = {s.code: s for s in before}
    match = {s.code: s.code for s in after} if mapping is None else mapping
    moves = [
        RatingMove(
            code=s.code,
            before=round(earlier[match[s.code]].rating, 2),
            after=round(s.rating, 2),
            position=s.position,
        )
        for s in after
        if match.get(s.code) in earlier
        and abs(s.rating - earlier[match[s.code]].rating) >= min_move - _EPSILON
    ]
    moves.sort(key=lambda m: (-abs(m.difference), m.position, m.code))
    return tuple(moves)


def diagnostic_flips(
    before: Mapping[str, bool],
    after: Mapping[str, bool],
    *,
    mapping: Mapping[str, str] | None = None,
) -> tuple[DiagnosticFlip, ...]:
    """Diagnostics answered in both and answered differently, in the fixed order;
    across versions only those declared the same (`mapping`)."""
    codes = (*scoring.DIAGNOSTIC_CODES, scoring.OWNERSHIP_CODE)
    if mapping is not None:
        codes = tuple(code for code in codes if mapping.get(code) == code)
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
    versions: tuple[int, int] | None = None,
    mapping: Mapping[str, str] | None = None,
    comparable: frozenset[str] = AXES,
) -> Change:
    """Compare two results of the same kind (team with team, or one respondent with
    their own earlier response): levels, stage, verdict and distance from the results;
    the flipped diagnostics and the statements that moved by a step or more.

    `versions` are the questionnaire versions of the two years; when they differ,
    statements match only through `mapping` and `comparable` names the axes whose
    questions are the same in both.
    """
    before_version, after_version = versions or (None, None)
    if before_version == after_version:
        mapping, comparable = None, AXES
    return Change(
        before=before,
        after=after,
        flips=diagnostic_flips(before_diagnostics, after_diagnostics, mapping=mapping),
        moves=rating_moves(before_statements, after_statements, mapping=mapping),
        before_version=before_version,
        after_version=after_version,
        comparable=comparable,
    )


def version_mapping(same_as: Mapping[str, str], earlier_codes) -> dict[str, str]:
    """The declared mapping (later code -> earlier code), kept only where the earlier
    version has that code."""
    earlier = set(earlier_codes)
    return {code: old for code, old in same_as.items() if old and old in earlier}


def comparable_axes(
    mapping: Mapping[str, str], codes_by_axis: Mapping[str, Sequence[str]]
) -> frozenset[str]:
    """The axes all of whose later questions are declared the same as earlier ones."""
    return frozenset(
        axis
        for axis, codes in codes_by_axis.items()
        if codes and all(code in mapping for code in codes)
    )
