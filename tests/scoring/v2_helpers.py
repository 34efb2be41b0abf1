"""Hand-built statements for the version 2 scoring tests: the 18 lead-management
statements with their phase and stage, each checked against docs/scoring.md."""

from assessments import scoring
from assessments.scoring import Statement

DIAG = scoring.DIAGNOSTIC_CODES
ALL_YES = dict.fromkeys(DIAG, True)
ALL_NO = {**dict.fromkeys(DIAG, False), "diag-ownership": False}

# Version 2's lead-management part in miniature: phase, stage and code.
V2 = [
    (2, "qualification", "lm-definitions"),
    (2, "qualification", "lm-criteria"),
    (2, "generation", "lm-inquiry-sources"),
    (2, "tracking", "lm-stage-list"),
    (2, "distribution", "lm-handover-roles"),
    (3, "qualification", "lm-qualify-first"),
    (3, "nurturing", "lm-nurture"),
    (3, "distribution", "lm-hand-back"),
    (3, "pursuit", "lm-stage-owners"),
    (3, "pursuit", "lm-follow-up"),
    (3, "tracking", "lm-status-software"),
    (3, "tracking", "lm-source-report"),
    (4, "generation", "lm-team"),
    (4, "nurturing", "lm-triggered-nurture"),
    (4, "distribution", "lm-integration"),
    (4, "qualification", "lm-learned-scoring"),
    (4, "tracking", "lm-acceptance-ratio"),
    (4, "tracking", "lm-data-review"),
]


def relationship(ratings):
    if isinstance(ratings, int | float):
        ratings = [ratings] * 20
    return [
        Statement(code=f"rel-{i:02d}", rating=r, position=i)
        for i, r in enumerate(ratings, start=1)
    ]


def lead_management(default=4, **ratings):
    """The 18 v2 statements rated `default`, except those named (dashes as _)."""
    named = {code.replace("_", "-"): value for code, value in ratings.items()}
    return [
        Statement(
            code=code,
            rating=named.get(code, default),
            phase=phase,
            position=20 + i,
            lm_stage=stage,
        )
        for i, (phase, stage, code) in enumerate(V2, start=1)
    ]


def score_v2(rel=3, maturity=None, diagnostics=None, **kwargs):
    return scoring.score(
        relationship=relationship(rel),
        maturity=maturity if maturity is not None else lead_management(),
        diagnostics=diagnostics or ALL_YES,
        maturity_scale=scoring.DEFINITION_USE_SCALE,
        **kwargs,
    )


def codes(result):
    return [check.code for check in result.checks]


def check(result, code):
    return next(c for c in result.checks if c.code == code)
