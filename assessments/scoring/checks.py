"""The checks the seeds call common mistakes, and the six lead-process areas' coverage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessments.scoring.definitions import (
    ACCEPTANCE_RATIO_CODE,
    AGREEMENT_SCALE,
    CHOSEN_SHARE,
    DEFINITION_USE_SCALE,
    DIAGNOSTIC_CAPS,
    DIAGNOSTIC_EVIDENCE,
    GRID_AHEAD_BY,
    GRID_AHEAD_MILD,
    LEVEL_MIN,
    LIVED_FROM,
    LM_STAGES,
    MANAGED_STAGE,
    MATURITY_PHASES,
    PAPER_SHARE,
    PRESUMED_PRACTICES,
    SKIP_DEPENDENCIES,
    SOURCE_TRACE_CODE,
    STAGE_TYPICAL_SCALE,
    TALKED_ABOUT,
    TOLERANCE,
    WRITTEN_NOT_USED,
    Check,
    Stage,
    StageCoverage,
    Statement,
)
from assessments.scoring.funnel import (
    KNOWN_SOURCE_CONFIDENT,
    Numbers,
    funnel_for,
)
from assessments.scoring.grid import phase_means
from assessments.scoring.stage import scale_stage


def _rated(statements: Sequence[Statement], code: str) -> float | None:
    return next((s.rating for s in statements if s.code == code), None)


def _is_written_not_used(statement: Statement) -> bool:
    # A team's finding rests on what respondents chose, never on an average: marketing
    # at 4 and sales at 2 is not "written down, not used".
    if statement.ratings:
        chosen = sum(1 for r in statement.ratings if r == WRITTEN_NOT_USED)
        return chosen >= CHOSEN_SHARE * len(statement.ratings) - TOLERANCE
    return statement.rating == WRITTEN_NOT_USED


def _skipped_stage_codes(
    diagnostics: Mapping[str, bool], maturity: Sequence[Statement]
) -> tuple[str, ...]:
    skipped = []
    for capability, requirement in SKIP_DEPENDENCIES:
        if capability in DIAGNOSTIC_CAPS:
            built = bool(diagnostics.get(capability))
        else:
            rating = _rated(maturity, capability)
            built = rating is not None and rating >= LIVED_FROM
        if built and not diagnostics.get(requirement, True):
            skipped.append(capability)
    return tuple(skipped)


def _paper_check(maturity: Sequence[Statement]) -> list[Check]:
    on_paper = tuple(s.code for s in maturity if _is_written_not_used(s))
    if not on_paper or len(on_paper) < PAPER_SHARE * len(maturity) - TOLERANCE:
        return []
    detail = {"count": len(on_paper), "total": len(maturity)}
    if maturity[0].ratings:
        detail["respondents"] = len(maturity[0].ratings)
    return [Check("paper_not_lived", on_paper, detail)]


def _stage_on_paper_check(stage: Stage, maturity: Sequence[Statement]) -> list[Check]:
    # Seed 001, mistake 1: organisations call themselves Stage 3 because they have an
    # SLA document, while the SLA is not enforced.
    if stage.number < MANAGED_STAGE or not maturity:
        return []
    on_paper = [s for s in maturity if _is_written_not_used(s)]
    if len(on_paper) * 2 <= len(maturity):
        return []
    detail = {"stage": stage.number, "count": len(on_paper), "total": len(maturity)}
    return [Check("stage_on_paper", detail=detail)]


def _presumed_practice_check(
    diagnostics: Mapping[str, bool], maturity: Sequence[Statement]
) -> list[Check]:
    codes = []
    for diagnostic, practice in PRESUMED_PRACTICES:
        rating = _rated(maturity, practice)
        if (
            diagnostics.get(diagnostic)
            and rating is not None
            and rating <= TALKED_ABOUT + TOLERANCE
        ):
            codes += [diagnostic, practice]
    return [Check("diagnostic_without_practice", tuple(codes))] if codes else []


def _phase_check(maturity: Sequence[Statement]) -> list[Check]:
    means = phase_means(maturity)
    reached = [p for p in MATURITY_PHASES if means[p] >= p - TOLERANCE]
    unreached = [p for p in MATURITY_PHASES if means[p] < p - TOLERANCE]
    if reached and unreached and max(reached) > min(unreached):
        detail = {"reached": max(reached), "missing": min(unreached)}
        return [Check("skipped_phases", detail=detail)]
    return []


def _scale_check(
    stage: Stage, revenue_team_size: int | None, monthly_lead_volume: int | None
) -> list[Check]:
    team_limit, volume_limit = STAGE_TYPICAL_SCALE[stage.number]
    over = {}
    if team_limit is not None and (revenue_team_size or 0) > team_limit:
        over["team"] = revenue_team_size
    if volume_limit is not None and (monthly_lead_volume or 0) > volume_limit:
        over["leads"] = monthly_lead_volume
    if over:
        over["stage"] = stage.number
        over["scale_stage"] = scale_stage(revenue_team_size, monthly_lead_volume)
        return [Check("scale_above_stage", detail=over)]

    return []


def checks_for(
    *,
    stage: Stage,
    diagnostics: Mapping[str, bool],
    maturity: Sequence[Statement],
    revenue_team_size: int | None,
    monthly_lead_volume: int | None,
    maturity_level: int = LEVEL_MIN,
    maturity_scale: str = AGREEMENT_SCALE,
    numbers: Numbers | None = None,
) -> tuple[Check, ...]:
    """The checks in the order the result shows them.

    grid_ahead_of_stage: the maturity level is above the stage (1 level: mild).
    paper_not_lived (definition-and-use scale only): at least a third of the
    lead-management statements rated 3, written down but not used.
    stage_on_paper (definition-and-use scale): Stage 3 or 4 while more than half of
    the practices are written down but not used.
    diagnostic_without_practice (definition-and-use scale): criteria "built into the
    system" (diag-2 Yes) while the criteria practice is at most talked about.
    skipped_stages: a later stage's capability built while the requirement it rests
    on is missing (experiments or a learned score while the criteria are not encoded).
    skipped_phases: a maturity phase reached while an earlier one is not.
    scale_above_stage: team or lead volume above the stage's typical range.
    numbers_contradict_answers: the team's numbers contradict an answer.
    later_stage_evidence (a note, not a warning): a Yes that evidences a stage two or
    more above the assessed one, without a missing requirement under it.
    """
    checks: list[Check] = []
    ahead = maturity_level - stage.number
    if ahead >= GRID_AHEAD_MILD:
        detail = {"level": maturity_level, "stage": stage.number}
        if ahead < GRID_AHEAD_BY:
            detail["mild"] = 1
        checks.append(Check("grid_ahead_of_stage", detail=detail))
    if maturity_scale == DEFINITION_USE_SCALE:
        checks += _paper_check(maturity)
        checks += _stage_on_paper_check(stage, maturity)
        checks += _presumed_practice_check(diagnostics, maturity)
    skipped = _skipped_stage_codes(diagnostics, maturity)
    if skipped:
        checks.append(Check("skipped_stages", skipped, {"stage": stage.number}))
    checks += _phase_check(maturity)
    checks += _scale_check(stage, revenue_team_size, monthly_lead_volume)
    if numbers is not None:
        contradiction = numbers_contradiction(
            numbers=numbers, diagnostics=diagnostics, maturity=maturity
        )
        if contradiction is not None:
            checks.append(contradiction)

    evidence = tuple(
        code
        for code, evidenced in DIAGNOSTIC_EVIDENCE.items()
        if evidenced > stage.number + 1
        and diagnostics.get(code)
        and code not in skipped
    )
    if evidence:
        checks.append(Check("later_stage_evidence", evidence, {"stage": stage.number}))
    return tuple(checks)


def numbers_contradiction(
    *,
    numbers: Numbers,
    diagnostics: Mapping[str, bool],
    maturity: Sequence[Statement],
) -> Check | None:
    """`numbers_contradict_answers` when the figures say otherwise than an answer:
    the MQL-to-SAL ratio measured "close to 1" (rated 4 or more) but below 0.7, or
    deals "traced to their source with high confidence" (diag-5 Yes) while under
    half the won deals have a known source."""
    codes: list[str] = []
    detail: dict[str, float] = {}
    funnel = funnel_for(numbers)
    claimed = _rated(maturity, ACCEPTANCE_RATIO_CODE)
    if (
        claimed is not None
        and claimed >= LIVED_FROM
        and funnel.acceptance_band == "far_below"
    ):
        codes.append(ACCEPTANCE_RATIO_CODE)
        detail["acceptance"] = funnel.acceptance
    share = numbers.known_source_share
    if (
        diagnostics.get(SOURCE_TRACE_CODE)
        and share is not None
        and share < KNOWN_SOURCE_CONFIDENT
    ):
        codes.append(SOURCE_TRACE_CODE)
        detail["known_source_share"] = share
    if not codes:
        return None
    return Check("numbers_contradict_answers", tuple(codes), detail)


def stage_coverage(maturity: Sequence[Statement]) -> tuple[StageCoverage, ...]:
    """Per lead-management stage (seed order), the mean rating of its statements;
    stages without statements are left out, and so is everything when no statement
    names a stage (questionnaire version 1)."""
    ratings: dict[str, list[float]] = {stage: [] for stage in LM_STAGES}
    for statement in maturity:
        if statement.lm_stage in ratings:
            ratings[statement.lm_stage].append(statement.rating)
    return tuple(
        StageCoverage(stage=stage, count=len(values), mean=sum(values) / len(values))
        for stage, values in ratings.items()
        if values
    )


def weakest_stage(coverage: Sequence[StageCoverage]) -> str | None:
    """The stage with the lowest mean rating; on a tie the earlier stage. None when
    every stage has the same mean: then no stage is weaker than the others."""
    if not coverage or len({round(c.mean, 9) for c in coverage}) == 1:
        return None
    # Means of fractional team ratings carry float noise: round before comparing.
    return min(
        coverage, key=lambda c: (round(c.mean, 9), LM_STAGES.index(c.stage))
    ).stage
