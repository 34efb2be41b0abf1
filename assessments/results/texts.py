"""What the result page says, in translatable words, for the codes scoring returns:
level, stage and verdict names, the grid chart's words, the upgrade path."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments import scoring
from assessments.charts import ChartLabels
from assessments.results.number_words import format_numbers

# The names are marked for translation in the scoring package; here they are translated lazily.
RELATIONSHIP_LEVELS = {
    level: gettext_lazy(name) for level, name in scoring.RELATIONSHIP_NAMES.items()
}
MATURITY_LEVELS = {
    level: gettext_lazy(name) for level, name in scoring.MATURITY_NAMES.items()
}
STAGES = {number: gettext_lazy(name) for number, name in scoring.STAGE_NAMES.items()}
STAGE_MEANINGS = {
    1: gettext_lazy(
        "Leads are handled by hand and by feel: no written criteria, no routing, "
        "follow-up when someone remembers. Fine for a handful of people; the first thing "
        "to break is the lead nobody followed up because everyone thought someone else would."
    ),
    2: gettext_lazy(
        "There is an agreed process and a CRM most people use, but the process lives in "
        "people's memory rather than in the system. It breaks when a key person leaves "
        "or when volume grows faster than people can keep up."
    ),
    3: gettext_lazy(
        "The system does most of the work: capture, scoring, routing and alerts run on "
        "their own, and all five core KPIs are reliable. The risk now is complexity: "
        "rules and scores that nobody can maintain any more."
    ),
    4: gettext_lazy(
        "Lead management improves itself: experiments, predictive scoring and "
        "closed-loop attribution. The limit is data quality, so data governance "
        "becomes the main job."
    ),
}
VERDICTS = {
    scoring.VerdictCode.ON_PATH: gettext_lazy(
        "You are on the ideal path: the marketing–sales relationship and lead "
        "management have grown together."
    ),
    scoring.VerdictCode.ABOVE_PATH: gettext_lazy(
        "You are above the path: lead management is defined on paper but not lived in "
        "practice. Marketing and sales need to work together the way the process assumes."
    ),
    scoring.VerdictCode.BELOW_PATH: gettext_lazy(
        "You are below the path: marketing and sales get along better than your lead "
        "management supports, so effort is lost for lack of definition."
    ),
}
FOCUS = {
    scoring.Focus.RELATIONSHIP: gettext_lazy(
        "Work on the relationship: make the defined process part of daily cooperation."
    ),
    scoring.Focus.MATURITY: gettext_lazy(
        "Work on definition: shared terminology first, then a documented process."
    ),
    scoring.Focus.BOTH: gettext_lazy(
        "Move both axes together towards the next crossing point."
    ),
    scoring.Focus.SUSTAIN: gettext_lazy(
        "You have reached the last crossing point: keep it by reviewing data and process "
        "regularly."
    ),
}
VERDICT_SHORT = {
    scoring.VerdictCode.ON_PATH: gettext_lazy("On the path"),
    scoring.VerdictCode.ABOVE_PATH: gettext_lazy("Above the path"),
    scoring.VerdictCode.BELOW_PATH: gettext_lazy("Below the path"),
}


def milestone_name(level: int | None) -> str:
    if level is None:
        return ""
    return _(
        "crossing point (%(level)s, %(level)s) – relationship %(relationship)s, "
        "lead management %(maturity)s"
    ) % {
        "level": level,
        "relationship": RELATIONSHIP_LEVELS[level],
        "maturity": MATURITY_LEVELS[level],
    }


def in_sentence(label) -> str:
    """A label used inside a sentence: only its first letter lower-cased, since
    German nouns keep their capital ("unter dem Pfad", not "unter dem pfad")."""
    text = str(label)
    return text[:1].lower() + text[1:]


def chart_description(result: scoring.Result) -> str:
    """The chart's text alternative: the same facts in one paragraph."""
    text = format_numbers(
        _(
            "LMM grid. Your organisation is at relationship level %(rx)s (%(rname)s, "
            "x = %(x).2f of 4) and lead management level %(my)s (%(mname)s, y = %(y).2f of 4): "
            "%(verdict)s, at a distance of %(distance).2f from the ideal diagonal."
        ),
        {
            "rx": result.relationship.level,
            "rname": RELATIONSHIP_LEVELS[result.relationship.level],
            "x": result.x,
            "my": result.maturity.level,
            "mname": MATURITY_LEVELS[result.maturity.level],
            "y": result.y,
            "verdict": in_sentence(VERDICT_SHORT[result.verdict.code]),
            "distance": result.verdict.distance,
        },
    )
    milestone = result.verdict.next_milestone
    if milestone == scoring.LEVEL_MAX:
        text += " " + _(
            "The recommended path leads to the last crossing point, %(milestone)s."
        ) % {"milestone": milestone_name(milestone)}
    elif milestone is not None:
        text += " " + _(
            "The recommended path leads to the %(milestone)s, then along the diagonal "
            "to the last crossing point."
        ) % {"milestone": milestone_name(milestone)}
    return text


def chart_labels() -> ChartLabels:
    """Every string the grid chart shows, in the active language."""
    return ChartLabels(
        x_title=_("Marketing–sales relationship"),
        y_title=_("Lead management maturity"),
        x_levels=tuple(str(RELATIONSHIP_LEVELS[level]) for level in range(1, 5)),
        y_levels=(
            _("No lead management"),
            _("Defined terminology"),
            _("Defined process"),
            _("Dedicated department"),
        ),
        above_region=_("Defined on paper, not lived"),
        below_region=_("Lacking definition"),
        ideal_path=_("Ideal path and milestones"),
        recommended_path=_("Recommended path"),
    )


def upgrade_texts(upgrade: scoring.UpgradePath) -> dict:
    """The next stage's theme, time estimate and requirements, translated."""
    return {
        "theme": _(upgrade.theme) if upgrade.theme else "",
        "estimate": _(upgrade.estimate) if upgrade.estimate else "",
        "requirements": [_(requirement) for requirement in upgrade.requirements],
    }


# Our choice: closer than this to the diagonal, an off-path verdict says how near.
NEAR_DIAGONAL = 0.25


def verdict_in_words(result: scoring.Result) -> str:
    """The verdict with the distance and its scale; near the diagonal it says how near
    ("just above the path, 0.05 from the diagonal"). The rule stays the cells."""
    verdict = result.verdict
    values = {"distance": verdict.distance}
    if verdict.code is scoring.VerdictCode.ON_PATH:
        text = _(
            "on the path, %(distance).2f from the diagonal (0 is on it, 4 the most)"
        )
    elif verdict.distance < NEAR_DIAGONAL:
        text = (
            _("just above the path, %(distance).2f from the diagonal")
            if verdict.code is scoring.VerdictCode.ABOVE_PATH
            else _("just below the path, %(distance).2f from the diagonal")
        )
    elif verdict.code is scoring.VerdictCode.ABOVE_PATH:
        text = _(
            "above the path, %(distance).2f from the diagonal (0 is on it, 4 the most)"
        )
    else:
        text = _(
            "below the path, %(distance).2f from the diagonal (0 is on it, 4 the most)"
        )
    return format_numbers(text, values)


GUIDE_JUDGEMENT = {
    scoring.VerdictCode.ON_PATH: gettext_lazy(
        "Good: the two axes have grown together. Keep them moving together."
    ),
    scoring.VerdictCode.ABOVE_PATH: gettext_lazy(
        "A warning, not a good sign: the process is ahead of how marketing and sales "
        "work together, so it is defined on paper but not lived."
    ),
    scoring.VerdictCode.BELOW_PATH: gettext_lazy(
        "A warning: marketing and sales work together better than lead management is "
        "defined, so effort is lost for lack of definition."
    ),
}


def reading_guide(result: scoring.Result, *, first_action: str = "") -> dict:
    """ "How to read your result": where you are, whether that is good or a warning,
    and what to do first."""
    where = _(
        "Grid levels %(rx)s (relationship) and %(my)s (lead management), stage "
        "%(stage)s %(stage_name)s: %(verdict)s."
    ) % {
        "rx": result.relationship.level,
        "my": result.maturity.level,
        "stage": result.stage.number,
        "stage_name": STAGES[result.stage.number],
        "verdict": verdict_in_words(result),
    }
    warnings = [c for c in result.checks if c.code != "later_stage_evidence"]
    judgement = str(GUIDE_JUDGEMENT[result.verdict.code])
    if warnings:
        judgement += " " + ngettext(
            "%(count)s check below asks you to look again at your answers.",
            "%(count)s checks below ask you to look again at your answers.",
            len(warnings),
        ) % {"count": len(warnings)}
    return {"where": where, "judgement": judgement, "first": first_action}
