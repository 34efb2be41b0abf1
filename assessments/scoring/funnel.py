"""The team's numbers, pure: a month's funnel, its ratios and the figures beside it.

No Django imports, like the scoring package. The thresholds are the project's own choice; the
seeds only say the MQL-to-SAL acceptance ratio should be close to 1 (docs/scoring.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from statistics import median

# The seed's target for the MQL-to-SAL acceptance ratio.
ACCEPTANCE_TARGET = 1.0
# Our own reading of "close to 1": at least 0.9 is on target, below 0.7 is far off.
ACCEPTANCE_ON_TARGET = 0.9
ACCEPTANCE_FAR_BELOW = 0.7
# Our own threshold for "traced with high confidence": half the won deals or more.
KNOWN_SOURCE_CONFIDENT = 50
SHARE_MAX = 100
RATIO_DECIMALS = 2

FUNNEL_STEPS = ("inquiries", "mqls", "sals", "sqls", "won_deals")


@dataclass(frozen=True)
class Numbers:
    """A typical month's figures; every field is optional (None = not given)."""

    inquiries: int | None = None
    mqls: int | None = None
    sals: int | None = None
    sqls: int | None = None
    won_deals: int | None = None
    hours_to_first_contact: int | None = None
    pipeline_created: int | None = None
    known_source_share: int | None = None
    # A team's figures keep each member's own, so that its ratios come from ratios
    # members reported rather than from a quotient of two medians.
    members: tuple[Numbers, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in NUMBER_FIELDS)


NUMBER_FIELDS = tuple(f.name for f in fields(Numbers) if f.name != "members")


@dataclass(frozen=True)
class Ratio:
    """The conversion from one funnel step to the next, None when it cannot be
    computed (a count missing, or nothing to convert from)."""

    source: str
    target: str
    value: float | None


@dataclass(frozen=True)
class Funnel:
    numbers: Numbers
    ratios: tuple[Ratio, ...]
    acceptance: float | None
    acceptance_band: str | None

    def ratio(self, source: str, target: str) -> float | None:
        for ratio in self.ratios:
            if (ratio.source, ratio.target) == (source, target):
                return ratio.value
        return None


def ratio_of(numerator: int | None, denominator: int | None) -> float | None:
    """numerator / denominator rounded to 2 decimals; None if either is missing or
    the denominator is 0."""
    exact = _exact_ratio(numerator, denominator)
    return None if exact is None else round(exact, RATIO_DECIMALS)


def _exact_ratio(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _ratio(numbers: Numbers, source: str, target: str) -> float | None:
    """One step's ratio, unrounded: a team's is the median of its members' own."""
    if not numbers.members:
        return _exact_ratio(getattr(numbers, target), getattr(numbers, source))
    own = [
        value
        for member in numbers.members
        if (value := _exact_ratio(getattr(member, target), getattr(member, source)))
        is not None
    ]
    return median(own) if own else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, RATIO_DECIMALS)


def acceptance_band(ratio: float | None) -> str | None:
    """ "on_target" at 0.9 or more, "below_target" from 0.7 up to 0.9, "far_below"
    under 0.7."""
    if ratio is None:
        return None
    if ratio >= ACCEPTANCE_ON_TARGET:
        return "on_target"
    if ratio >= ACCEPTANCE_FAR_BELOW:
        return "below_target"
    return "far_below"


def funnel_for(numbers: Numbers) -> Funnel:
    """Each step's conversion to the next, and the MQL-to-SAL acceptance ratio.

    Ratios are shown to 2 decimals but banded on the exact value, so 0.695 is far
    below target although it shows as 0.70. A team's ratios are the medians of
    the members' own ratios.
    """
    ratios = tuple(
        Ratio(source, target, _rounded(_ratio(numbers, source, target)))
        for source, target in zip(FUNNEL_STEPS, FUNNEL_STEPS[1:], strict=False)
    )
    acceptance = _ratio(numbers, "mqls", "sals")
    return Funnel(
        numbers=numbers,
        ratios=ratios,
        acceptance=_rounded(acceptance),
        acceptance_band=acceptance_band(acceptance),
    )


def combined_numbers(all_numbers: Sequence[Numbers]) -> Numbers:
    """A team's figures: per field, the median of the values given (rounded down to a
    whole number), so one outlier does not move the team; the members' own figures
    are kept for the ratios."""
    combined = {}
    for name in NUMBER_FIELDS:
        values = [getattr(n, name) for n in all_numbers if getattr(n, name) is not None]
        combined[name] = int(median(values)) if values else None
    # Medians taken field by field may put SALs above MQLs; the funnel never does.
    if combined["sals"] is not None and combined["mqls"] is not None:
        combined["sals"] = min(combined["sals"], combined["mqls"])
    return Numbers(**combined, members=tuple(all_numbers))
