"""The stage from the five diagnostic questions and the ownership follow-up."""

from __future__ import annotations

from collections.abc import Mapping

from assessments.scoring.definitions import (
    DIAGNOSTIC_CAPS,
    LEVEL_MAX,
    LEVEL_MIN,
    OWNERSHIP_ASKED_AT_CAP,
    OWNERSHIP_CODE,
    STAGE_NAMES,
    STAGE_TYPICAL_SCALE,
    ScoringError,
    Stage,
)


def _diagnostic_answer(diagnostics: Mapping[str, bool], code: str) -> bool:
    if code not in diagnostics or diagnostics[code] is None:
        raise ScoringError(
            f"{code} is not answered", code="missing_diagnostic", field=code
        )
    return bool(diagnostics[code])


def stage_cap(diagnostics: Mapping[str, bool]) -> int:
    """The lowest cap among the five questions answered "No"; 4 when all are "Yes"."""
    caps = [
        cap
        for code, cap in DIAGNOSTIC_CAPS.items()
        if not _diagnostic_answer(diagnostics, code)
    ]
    return min(caps, default=LEVEL_MAX)


def needs_ownership_question(diagnostics: Mapping[str, bool]) -> bool:
    """The follow-up `diag-ownership` is asked only when the five answers cap at 2."""
    return stage_cap(diagnostics) == OWNERSHIP_ASKED_AT_CAP


def stage_for(diagnostics: Mapping[str, bool]) -> Stage:
    """Stage = the cap of the five questions; at cap 2, `diag-ownership` No gives 1."""
    cap = stage_cap(diagnostics)
    number = cap
    if cap == OWNERSHIP_ASKED_AT_CAP and not _diagnostic_answer(
        diagnostics, OWNERSHIP_CODE
    ):
        number = 1
    capping = tuple(
        code
        for code, code_cap in DIAGNOSTIC_CAPS.items()
        if code_cap == cap and not diagnostics[code]
    )
    return Stage(number=number, name=STAGE_NAMES[number], cap_codes=capping)


def scale_stage(revenue_team_size: int | None, monthly_lead_volume: int | None) -> int:
    """The highest stage whose typical range the team size or lead volume reaches:
    n + 1 for every stage n whose boundary either is above."""
    stage = LEVEL_MIN
    for number in (2, 3, 4):
        team_limit, volume_limit = STAGE_TYPICAL_SCALE[number - 1]
        if (revenue_team_size or 0) > team_limit or (
            monthly_lead_volume or 0
        ) > volume_limit:
            stage = number
    return stage
