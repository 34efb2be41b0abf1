"""The result's checks in plain sentences: warnings, and the notes that mention
something good."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments import scoring
from assessments.results.number_words import format_numbers

# From this many statements on, a page lists them under the check's sentence:
# quoted one after another they made a paragraph nobody reads to the end.
LISTED_FROM = 3


def check_is_listed(check: scoring.Check) -> bool:
    return len(check.codes) >= LISTED_FROM


def check_message(
    check: scoring.Check, question_texts: dict[str, str], *, listed: bool = False
) -> str:
    """One plain sentence or two per check; with `listed`, the statements are
    pointed to, for the page to list them below the sentence."""
    # Translators: a quoted statement inside a sentence; German quotes „so“.
    quoted = _("“%(text)s”")
    items = (
        _("see the list below")
        if listed
        else "; ".join(
            quoted % {"text": question_texts.get(code, code).rstrip(".")}
            for code in check.codes
        )
    )
    if check.code in SIMPLE_MESSAGES:
        return SIMPLE_MESSAGES[check.code](check, items)
    if check.code == "skipped_stages":
        return _(
            "Skipped stages: you have built a capability of a later stage (%(items)s) "
            "while the qualification criteria are not yet encoded in the system. A "
            "score or an experiment on criteria that live in people's heads learns "
            "from inconsistent data; encode the criteria first."
        ) % {"items": items}
    if check.code == "later_stage_evidence":
        return _(
            "Worth keeping: you already have something of a later stage (%(items)s), "
            "although you are at stage %(stage)s overall. Our advice: keep it; it "
            "pays off as you complete the stages in between."
        ) % {"items": items, "stage": check.detail["stage"]}
    if check.code == "skipped_phases":
        return _(
            "Skipped phases: your answers reach lead management phase %(reached)s while "
            "phase %(missing)s is not in place. Maturity is built bottom-up."
        ) % dict(check.detail)
    if check.code == "scale_above_stage":
        return _scale_message(check)
    if check.code == "numbers_contradict_answers":
        sentences = []
        if "acceptance" in check.detail:
            sentences.append(
                format_numbers(
                    _(
                        "you say the MQL-to-SAL acceptance ratio is measured and close to "
                        "1, but your figures give %(ratio).2f"
                    ),
                    {"ratio": check.detail["acceptance"]},
                )
            )
        if "known_source_share" in check.detail:
            sentences.append(
                _(
                    "you can trace won deals to their source with high confidence, "
                    "yet only %(share)s%% of them have a known source"
                )
                % {"share": check.detail["known_source_share"]}
            )
        return _(
            "Your numbers contradict your answers: %(items)s. Check which is right "
            "before you plan."
        ) % {"items": _("; and ").join(sentences)}
    return check.code


# Checks that mention something good rather than warn.
NOTE_CHECKS = {"later_stage_evidence"}


def _paper_message(check: scoring.Check, items: str) -> str:
    if "respondents" in check.detail:
        return _(
            "Defined on paper, not lived: for %(count)s of %(total)s lead-management "
            "practices at least half of the %(respondents)s respondents chose "
            "“written down, not used” (%(items)s). Our advice: living them takes more "
            "than a document; build each into the tools people work in, name who checks that "
            "it is followed, and review it in the regular pipeline meeting until it is "
            "daily routine."
        ) % {**check.detail, "items": items}
    return _(
        "Defined on paper, not lived: %(count)s of %(total)s lead-management "
        "practices are written down but not used (%(items)s). Our advice: living "
        "them takes more than a document; build each into the tools people work in, name who "
        "checks that it is followed, and review it in the regular pipeline meeting "
        "until it is daily routine."
    ) % {**check.detail, "items": items}


def _scale_message(check: scoring.Check) -> str:
    parts = []
    if "team" in check.detail:
        parts.append(
            ngettext(
                "a revenue team of %(count)s person",
                "a revenue team of %(count)s people",
                check.detail["team"],
            )
            % {"count": check.detail["team"]}
        )
    if "leads" in check.detail:
        parts.append(_("%(count)s leads a month") % {"count": check.detail["leads"]})
    return _(
        "Scale: with %(scale)s you are past the typical range of stage %(stage)s; "
        "your size calls for stage %(scale_stage)s. Plan the upgrade now, before "
        "the current set-up starts losing revenue."
    ) % {
        "scale": _(" and ").join(parts),
        "stage": check.detail["stage"],
        "scale_stage": check.detail["scale_stage"],
    }


def _grid_ahead_message(check: scoring.Check, items: str) -> str:
    if check.detail.get("mild"):
        return _(
            "Slightly ahead of your stage: your statements place lead management at "
            "level %(level)s on the grid, one above stage %(stage)s from the "
            "diagnostics. This is the common case the maturity model warns about: a "
            "CRM and an SLA document make a team feel a stage further than the system "
            "behaves. Plan with stage %(stage)s."
        ) % dict(check.detail)
    return _(
        "Your statements place lead management at level %(level)s on the grid, but "
        "the diagnostics put you at stage %(stage)s. Organisations often rate "
        "themselves by what their documents say; the diagnostics ask how the system "
        "behaves. Plan with stage %(stage)s."
    ) % dict(check.detail)


def _stage_on_paper_message(check: scoring.Check, items: str) -> str:
    return _(
        "Stage %(stage)s on paper: the diagnostics say stage %(stage)s, but %(count)s "
        "of %(total)s lead-management practices are written down and not used. A "
        "stage above 2 means the system runs the process; check the diagnostics "
        "against what happens day to day."
    ) % dict(check.detail)


def _without_practice_message(check: scoring.Check, items: str) -> str:
    return _(
        "Your answers disagree: %(items)s. Criteria cannot be built into the system "
        "while they are at most talked about; settle which answer is right before "
        "you plan."
    ) % {"items": items}


SIMPLE_MESSAGES = {
    "grid_ahead_of_stage": _grid_ahead_message,
    "paper_not_lived": _paper_message,
    "stage_on_paper": _stage_on_paper_message,
    "diagnostic_without_practice": _without_practice_message,
}


# What the checks look at, for "nothing found" to say what was checked.
CHECKED = (
    gettext_lazy("lead-management level against the stage"),
    gettext_lazy("written-down practices that are not used"),
    gettext_lazy("stages or phases skipped"),
    gettext_lazy("your scale against the stage"),
    gettext_lazy("your numbers against your answers"),
)
