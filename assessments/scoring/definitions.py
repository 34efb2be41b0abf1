"""Names, scales, thresholds and result types of the scoring rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


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


OWNERSHIP_ASKED_AT_CAP = 2


DIAGNOSTIC_EVIDENCE = {code: cap + 1 for code, cap in DIAGNOSTIC_CAPS.items()}


DIAGNOSTIC_EVIDENCE[OWNERSHIP_CODE] = 2


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


LM_STAGE_NAMES = {
    "generation": gettext_noop("Lead generation"),
    "qualification": gettext_noop("Lead qualification"),
    "nurturing": gettext_noop("Lead nurturing"),
    "distribution": gettext_noop("Lead distribution"),
    "pursuit": gettext_noop("Lead pursuit"),
    "tracking": gettext_noop("Lead tracking and reporting"),
}


LM_STAGES = tuple(LM_STAGE_NAMES)


AGREEMENT_SCALE = "agreement"


DEFINITION_USE_SCALE = "definition_use"


WRITTEN_NOT_USED = 3


LIVED_FROM = 4


PAPER_SHARE = 1 / 3


GRID_AHEAD_BY = 2


# Seed 001's mistake 1 names level 3 against Stage 2: one level ahead is named
# mildly, two or more as a warning.
GRID_AHEAD_MILD = 1


# Comparisons of means carry float noise (63 / 21 = 2.9999999999999996).
TOLERANCE = 1e-9


# Team rules (our choice): members whose ratings of one statement lie this many
# steps apart are shown as disagreeing, and a team finding about a practice needs at
# least this share of respondents to have chosen it.
SPLIT_STEPS = 2


CHOSEN_SHARE = 0.5


CRITERIA_ENCODED = "diag-2"


LEARNED_SCORING_CODE = "lm-learned-scoring"


# Seed 000's top maturity level is a dedicated lead-management department: on the
# definition-and-use scale it needs this practice in use; without it y stays just
# under level 4 (our choice of margin).
DEDICATED_TEAM_CODE = "lm-team"


TOP_LEVEL_MARGIN = 0.01


CRITERIA_CODE = "lm-criteria"


# A diagnostic and the practice it presumes: "criteria built into the system" is
# not credible while the criteria are at most talked about (2).
PRESUMED_PRACTICES = (("diag-2", CRITERIA_CODE),)


TALKED_ABOUT = 2


MANAGED_STAGE = 3


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
    """One rated statement, 1 to 5.

    A team's rating is the median of its respondents' ratings, so it may be
    fractional (the mean of the middle two when the count is even).
    """

    code: str
    rating: float
    phase: int | None = None
    position: int = 0
    lm_stage: str | None = None
    # A team's statement keeps what each respondent chose (sorted), so a finding can
    # say how many actually chose it.
    ratings: tuple[float, ...] = ()


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
    # A team's stage lowered to the stage at least half its members reach.
    limited_by_members: bool = False


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
    # The same pool as two strands, each in its own order.
    lead_management_strand: tuple[str, ...] = ()
    relationship_strand: tuple[str, ...] = ()


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
