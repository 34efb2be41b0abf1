"""Pure scoring of an LMM assessment: plain values in, frozen dataclasses out.

No Django imports: the web layer, the admin and the commands turn database rows into
these inputs. The rules are written out for people in docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from assessments.funnel import (
    ACCEPTANCE_FAR_BELOW,
    KNOWN_SOURCE_CONFIDENT,
    Numbers,
    funnel_for,
)


def gettext_noop(message: str) -> str:
    """Mark a string for makemessages without importing Django; the web layer
    translates it when it shows it."""
    return message


RATING_MIN = 1
RATING_MAX = 5
LEVEL_MIN = 1
LEVEL_MAX = 4
RELATIONSHIP_STATEMENTS = 20

RELATIONSHIP_NAMES = {
    1: gettext_noop("Undefined"),
    2: gettext_noop("Defined"),
    3: gettext_noop("Aligned"),
    4: gettext_noop("Integrated"),
}
MATURITY_NAMES = {
    1: gettext_noop("No lead management"),
    2: gettext_noop("Defined lead management terminology"),
    3: gettext_noop("Defined lead management process"),
    4: gettext_noop("Dedicated lead management department"),
}
# Bands of the 2006 instrument: the sum of 20 ratings of 1-5.
RELATIONSHIP_BANDS = ((20, 39, 1), (40, 59, 2), (60, 79, 3), (80, 100, 4))

TERMINOLOGY, PROCESS, DEPARTMENT = 2, 3, 4
MATURITY_PHASES = (TERMINOLOGY, PROCESS, DEPARTMENT)

STAGE_NAMES = {
    1: gettext_noop("Reactive"),
    2: gettext_noop("Defined"),
    3: gettext_noop("Managed"),
    4: gettext_noop("Optimized"),
}
DIAGNOSTIC_CAPS = {"diag-1": 2, "diag-2": 2, "diag-3": 2, "diag-4": 3, "diag-5": 2}
DIAGNOSTIC_CODES = tuple(DIAGNOSTIC_CAPS)
OWNERSHIP_CODE = "diag-ownership"
# The follow-up separates Stage 1 from Stage 2, so it is asked only when the cap is 2.
OWNERSHIP_ASKED_AT_CAP = 2
# A "Yes" is evidence of the stage it unlocks: a "No" to a question capped at c keeps
# the organisation below c + 1.
DIAGNOSTIC_EVIDENCE = {code: cap + 1 for code, cap in DIAGNOSTIC_CAPS.items()}
DIAGNOSTIC_EVIDENCE[OWNERSHIP_CODE] = 2

# Typical scale per stage: (largest revenue team, largest monthly lead volume). Each
# seed range shares its boundary with the next one; the boundary belongs to the lower
# stage on both measures, so only a value above it calls for the next stage.
STAGE_TYPICAL_SCALE = {1: (5, 200), 2: (20, 2_000), 3: (100, 20_000), 4: (None, None)}
STAGE_UPGRADES = {
    1: {
        "to_stage": 2,
        "theme": gettext_noop("Ownership and documentation"),
        "weeks": (2, 4),
        "estimate": gettext_noop("2–4 weeks"),
        "requirements": (
            gettext_noop(
                "Write down who is responsible for each stage of lead management, so "
                "every lead has a clear owner."
            ),
            gettext_noop(
                "Set a first follow-up SLA: who is told when a new lead arrives, what "
                "they do, and by when."
            ),
            gettext_noop(
                "Start tracking lead volume, pipeline created and speed to first contact."
            ),
        ),
    },
    2: {
        "to_stage": 3,
        "theme": gettext_noop("Encoding and automation"),
        "weeks": (4, 13),
        "estimate": gettext_noop("1–3 months"),
        "requirements": (
            gettext_noop(
                "Move what lives in people's memory into the system: qualification "
                "criteria, routing rules, the SLAs and the nurture sequences."
            ),
            gettext_noop(
                "Configure automated routing with escalation when a lead is not picked up."
            ),
            gettext_noop(
                "Connect the marketing automation platform to the CRM with write-back."
            ),
            gettext_noop("Report the five core KPIs automatically."),
        ),
    },
    3: {
        "to_stage": 4,
        "theme": gettext_noop("Prediction and experimentation"),
        "weeks": (26, 52),
        "estimate": gettext_noop("6–12 months"),
        "requirements": (
            gettext_noop(
                "Score leads with a model that learns from conversion outcomes."
            ),
            gettext_noop(
                "Run a first controlled test of a qualification criterion or routing rule."
            ),
            gettext_noop(
                "Build closed-loop attribution from revenue back to the lead source."
            ),
            gettext_noop(
                "Name an owner for data governance and audit data quality every quarter."
            ),
        ),
    },
}
WEAKEST_ACTIONS = 3

# The six stages of lead management (seed 002), in the order a lead passes them.
LM_STAGE_NAMES = {
    "generation": gettext_noop("Lead generation"),
    "qualification": gettext_noop("Lead qualification"),
    "nurturing": gettext_noop("Lead nurturing"),
    "distribution": gettext_noop("Lead distribution"),
    "pursuit": gettext_noop("Lead pursuit"),
    "tracking": gettext_noop("Lead tracking and reporting"),
}
LM_STAGES = tuple(LM_STAGE_NAMES)

# Rating scales of the lead-management part: version 1 asks agreement, version 2 how
# far a practice is written down and used.
AGREEMENT_SCALE = "agreement"
DEFINITION_USE_SCALE = "definition_use"
WRITTEN_NOT_USED = 3
# On the definition-and-use scale, 4 and 5 mean written down and (mostly) used.
LIVED_FROM = 4
# paper_not_lived: at least this share of the statements rated "written down, not used".
PAPER_SHARE = 1 / 3
# grid_ahead_of_stage: maturity level this many levels or more above the stage.
GRID_AHEAD_BY = 2

# Skipped stages (seed 001, mistake 2): a later stage's capability built while the
# requirement it rests on is missing. (capability, how it is evidenced, requirement)
# where a diagnostic capability counts when answered Yes and a statement when rated
# "used" or higher; the requirement is missing when its diagnostic is No.
CRITERIA_ENCODED = "diag-2"
LEARNED_SCORING_CODE = "lm-learned-scoring"
ACCEPTANCE_RATIO_CODE = "lm-acceptance-ratio"
SOURCE_TRACE_CODE = "diag-5"
SKIP_DEPENDENCIES = (
    ("diag-4", CRITERIA_ENCODED),
    (LEARNED_SCORING_CODE, CRITERIA_ENCODED),
)


class VerdictCode(StrEnum):
    ON_PATH = "on_path"
    ABOVE_PATH = "above_path"
    BELOW_PATH = "below_path"


class Focus(StrEnum):
    """The axis to work on next."""

    RELATIONSHIP = "relationship"
    MATURITY = "maturity"
    BOTH = "both"
    SUSTAIN = "sustain"


class ScoringError(ValueError):
    """Raised when the answers cannot be scored; `code` names the problem."""

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Statement:
    """One rated agreement statement: 1 (strongly disagree) to 5 (strongly agree).

    A team's rating is the mean of its respondents' ratings, so it may be fractional.
    """

    code: str
    rating: float
    phase: int | None = None
    position: int = 0
    lm_stage: str | None = None


@dataclass(frozen=True)
class AxisPosition:
    """A continuous position in [0, 4] and the level 1-4 it falls in."""

    value: float
    level: int
    name: str


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    cap_codes: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    """A warning the seeds call a common assessment mistake."""

    code: str
    codes: tuple[str, ...] = ()
    detail: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StageCoverage:
    """How far one of the six lead-management stages is in place: the mean rating of
    its statements."""

    stage: str
    count: int
    mean: float


@dataclass(frozen=True)
class Verdict:
    code: VerdictCode
    distance: float
    next_milestone: int | None
    focus: Focus


@dataclass(frozen=True)
class UpgradePath:
    next_milestone: int | None
    next_stage: int | None
    theme: str | None
    estimate: str | None
    requirements: tuple[str, ...]
    weakest: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    relationship: AxisPosition
    maturity: AxisPosition
    stage: Stage
    verdict: Verdict
    checks: tuple[Check, ...]
    upgrade: UpgradePath
    coverage: tuple[StageCoverage, ...] = ()
    weakest_stage: str | None = None

    @property
    def x(self) -> float:
        return self.relationship.value

    @property
    def y(self) -> float:
        return self.maturity.value


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


def _rated(statements: Sequence[Statement], code: str) -> float | None:
    return next((s.rating for s in statements if s.code == code), None)


def _is_written_not_used(rating: float) -> bool:
    # A team's mean rating is fractional: it counts when it rounds to 3.
    return WRITTEN_NOT_USED - 0.5 <= rating < WRITTEN_NOT_USED + 0.5


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

    grid_ahead_of_stage: the maturity level is 2 or more above the stage.
    paper_not_lived (definition-and-use scale only): at least a third of the
    lead-management statements rated 3, written down but not used.
    skipped_stages: a later stage's capability built while the requirement it rests
    on is missing (experiments or a learned score while the criteria are not encoded).
    skipped_phases: a maturity phase reached while an earlier one is not.
    scale_above_stage: team or lead volume above the stage's typical range.
    numbers_contradict_answers: the team's numbers contradict an answer.
    later_stage_evidence (a note, not a warning): a Yes that evidences a stage two or
    more above the assessed one, without a missing requirement under it.
    """
    checks: list[Check] = []
    if maturity_level - stage.number >= GRID_AHEAD_BY:
        checks.append(
            Check(
                "grid_ahead_of_stage",
                detail={"level": maturity_level, "stage": stage.number},
            )
        )
    if maturity_scale == DEFINITION_USE_SCALE and maturity:
        on_paper = tuple(s.code for s in maturity if _is_written_not_used(s.rating))
        if on_paper and len(on_paper) >= PAPER_SHARE * len(maturity) - 1e-9:
            checks.append(
                Check(
                    "paper_not_lived",
                    on_paper,
                    {"count": len(on_paper), "total": len(maturity)},
                )
            )
    skipped = _skipped_stage_codes(diagnostics, maturity)
    if skipped:
        checks.append(Check("skipped_stages", skipped, {"stage": stage.number}))

    means = phase_means(maturity)
    reached = [phase for phase in MATURITY_PHASES if means[phase] >= phase]
    unreached = [phase for phase in MATURITY_PHASES if means[phase] < phase]
    if reached and unreached and max(reached) > min(unreached):
        checks.append(
            Check(
                "skipped_phases",
                detail={"reached": max(reached), "missing": min(unreached)},
            )
        )

    team_limit, volume_limit = STAGE_TYPICAL_SCALE[stage.number]
    over = {}
    if team_limit is not None and (revenue_team_size or 0) > team_limit:
        over["team"] = revenue_team_size
    if volume_limit is not None and (monthly_lead_volume or 0) > volume_limit:
        over["leads"] = monthly_lead_volume
    if over:
        over["stage"] = stage.number
        over["scale_stage"] = scale_stage(revenue_team_size, monthly_lead_volume)
        checks.append(Check("scale_above_stage", detail=over))

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
    acceptance = funnel_for(numbers).acceptance
    claimed = _rated(maturity, ACCEPTANCE_RATIO_CODE)
    if (
        claimed is not None
        and claimed >= LIVED_FROM
        and acceptance is not None
        and acceptance < ACCEPTANCE_FAR_BELOW
    ):
        codes.append(ACCEPTANCE_RATIO_CODE)
        detail["acceptance"] = acceptance
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
    """The stage with the lowest mean rating; on a tie the earlier stage."""
    if not coverage:
        return None
    # Means of fractional team ratings carry float noise: round before comparing.
    return min(
        coverage, key=lambda c: (round(c.mean, 9), LM_STAGES.index(c.stage))
    ).stage


def score(
    *,
    relationship: Sequence[Statement],
    maturity: Sequence[Statement],
    diagnostics: Mapping[str, bool],
    revenue_team_size: int | None = None,
    monthly_lead_volume: int | None = None,
    maturity_scale: str = AGREEMENT_SCALE,
    numbers: Numbers | None = None,
) -> Result:
    """Score one complete set of answers, with the team's numbers when given."""
    x = relationship_position(relationship)
    y = maturity_position(maturity)
    stage = stage_for(diagnostics)
    verdict = verdict_for(x, y)
    coverage = stage_coverage(maturity)
    return Result(
        relationship=x,
        maturity=y,
        stage=stage,
        verdict=verdict,
        checks=checks_for(
            stage=stage,
            diagnostics=diagnostics,
            maturity=maturity,
            revenue_team_size=revenue_team_size,
            monthly_lead_volume=monthly_lead_volume,
            maturity_level=y.level,
            maturity_scale=maturity_scale,
            numbers=numbers,
        ),
        upgrade=upgrade_path_for(
            stage=stage,
            verdict=verdict,
            relationship=relationship,
            maturity=maturity,
            maturity_level=y.level,
        ),
        coverage=coverage,
        weakest_stage=weakest_stage(coverage),
    )


# Teams: several submitted responses of one round combined into one set of answers.
GAP_DISAGREEMENTS = 3
GAP_MIN_DIFFERENCE = 1.0


def team_statements(responses: Sequence[Sequence[Statement]]) -> list[Statement]:
    """Each statement rated with the mean of the ratings the respondents gave it."""
    ratings: dict[str, list[float]] = {}
    first: dict[str, Statement] = {}
    for statements in responses:
        for statement in statements:
            ratings.setdefault(statement.code, []).append(statement.rating)
            first.setdefault(statement.code, statement)
    return [
        Statement(
            code=code,
            rating=sum(values) / len(values),
            phase=first[code].phase,
            position=first[code].position,
            lm_stage=first[code].lm_stage,
        )
        for code, values in ratings.items()
    ]


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
