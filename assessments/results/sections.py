"""The plan half of a result, shared by a response's result and the team page: checks,
lead-management stage coverage, the team's numbers and the upgrade path."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import scoring
from assessments.answering.numbers import YearFunnel
from assessments.questionnaire.data import QuestionnaireData
from assessments.results import check_texts
from assessments.results import texts as result_texts

LM_STAGE_LABELS = {
    stage: gettext_lazy(name) for stage, name in scoring.LM_STAGE_NAMES.items()
}
FUNNEL_LABELS = {
    "inquiries": gettext_lazy("Inquiries"),
    "mqls": gettext_lazy("MQLs"),
    "sals": gettext_lazy("SALs"),
    "sqls": gettext_lazy("SQLs"),
    "won_deals": gettext_lazy("Won deals"),
}
ACCEPTANCE_TEXTS = {
    "on_target": gettext_lazy(
        "On target: sales accepts nearly every lead marketing passes on."
    ),
    "below_target": gettext_lazy(
        "Below target: sales turns down a noticeable share of the leads. Our advice: "
        "review the rejected ones together and sharpen the criteria."
    ),
    "far_below": gettext_lazy(
        "Far below target: sales turns down a large part of what marketing passes on. "
        "The lower the ratio, the more of it sales rejects. Our advice: qualify "
        "against the agreed criteria before the hand-over."
    ),
}


def _coverage_rows(result: scoring.Result) -> list[dict]:
    return [
        {
            "name": LM_STAGE_LABELS[item.stage],
            "count": item.count,
            "mean": item.mean,
            # The bar runs from rating 1 (empty) to rating 5 (full).
            "percent": round(100 * (item.mean - scoring.RATING_MIN) / 4),
            "is_weakest": item.stage == result.weakest_stage,
        }
        for item in result.coverage
    ]


def _funnel_rows(numbers: scoring.Numbers) -> dict:
    counted = scoring.funnel_for(numbers)
    steps = []
    for index, name in enumerate(scoring.FUNNEL_STEPS):
        ratio = counted.ratios[index - 1].value if index else None
        steps.append(
            {
                "label": FUNNEL_LABELS[name],
                "count": getattr(numbers, name),
                "ratio": ratio,
            }
        )
    return {
        "steps": steps,
        "acceptance": counted.acceptance,
        "target": scoring.ACCEPTANCE_TARGET,
        "acceptance_text": ACCEPTANCE_TEXTS.get(counted.acceptance_band, ""),
        "hours": numbers.hours_to_first_contact,
        "pipeline": numbers.pipeline_created,
        "known_source_share": numbers.known_source_share,
    }


def _trend_rows(trend: list[YearFunnel]) -> list[dict]:
    return [
        {
            "year": item.year,
            "counts": [getattr(item.funnel.numbers, n) for n in scoring.FUNNEL_STEPS],
            "acceptance": item.funnel.acceptance,
        }
        for item in trend
    ]


def _vote_rows(votes: dict[str, tuple[int, int]], data: QuestionnaireData) -> list:
    rows = []
    for code, (yes, total) in votes.items():
        if code not in data.questions or yes in (0, total):
            continue
        rows.append(
            {
                "text": data.questions[code].text,
                "yes": yes,
                "no": total - yes,
                "counted": _("Yes") if yes * 2 > total else _("No"),
            }
        )
    return rows


# The widest splits shown by name; the rest are counted.
SPLITS_SHOWN = 8
# Members' stages and splits are shown to every member from this many respondents;
# with fewer, a range or a count would give away the other person's answers.
MEMBERS_SHOWN_FROM = 3


def _split_rows(statements, codes, data: QuestionnaireData) -> dict:
    by_code = {s.code: s for s in statements}
    rows = [
        {
            "text": data.questions[code].text,
            "low": min(by_code[code].ratings),
            "high": max(by_code[code].ratings),
            "median": by_code[code].rating,
        }
        for code in codes
        if code in data.questions
    ]
    # Widest first; the sort is stable, so equal ranges keep questionnaire order.
    rows.sort(key=lambda row: row["low"] - row["high"])
    return {"shown": rows[:SPLITS_SHOWN], "more": max(0, len(rows) - SPLITS_SHOWN)}


def _stage_spread(spread) -> list[dict]:
    return [
        {"number": number, "name": result_texts.STAGES[number], "count": count}
        for number, count in sorted(spread.items())
        if count
    ]


def plan_context(
    *,
    result: scoring.Result,
    data: QuestionnaireData,
    numbers: scoring.Numbers | None = None,
    trend: list[YearFunnel] | None = None,
    votes: dict[str, tuple[int, int]] | None = None,
    asks_numbers: bool = False,
    group=None,
    show_members: bool = True,
) -> dict:
    """Everything includes/_result_plan.html shows, in the active language.

    `group` is the team's combined result (teams.results.GroupResult) on a team
    page: its members' stages and the statements they rate far apart.
    """
    question_texts = {code: q.text for code, q in data.questions.items()}
    weakest = result.upgrade.weakest
    return {
        "guide": result_texts.reading_guide(
            result,
            first_action=data.questions[weakest[0]].action if weakest else "",
        ),
        "is_team": group is not None,
        "members_private": group is not None and not show_members,
        "stage_spread": _stage_spread(group.stage_spread)
        if group and show_members
        else [],
        "splits": _split_rows(group.statements, group.splits, data)
        if group and show_members
        else {},
        "result": result,
        "checks": [_check_row(check, question_texts) for check in result.checks],
        "checked": [str(item) for item in check_texts.CHECKED],
        "coverage": _coverage_rows(result),
        "weakest_stage": LM_STAGE_LABELS.get(result.weakest_stage or ""),
        "asks_numbers": asks_numbers,
        "funnel": _funnel_rows(numbers) if numbers else None,
        "trend": _trend_rows(trend or []),
        "votes": _vote_rows(votes, data) if votes else [],
        "milestone": result_texts.milestone_name(result.verdict.next_milestone),
        "next_stage_name": result_texts.STAGES.get(result.upgrade.next_stage),
        "upgrade": result_texts.upgrade_texts(result.upgrade),
        "actions": [data.questions[code] for code in result.upgrade.weakest],
        "strands": [
            {
                "id": strand_id,
                "title": title,
                "questions": [data.questions[code] for code in codes],
            }
            for strand_id, title, codes in (
                (
                    "strand-lead-management",
                    _("Lead management, in sequence (first phase not yet reached)"),
                    result.upgrade.lead_management_strand,
                ),
                (
                    "strand-relationship",
                    _("Marketing–sales relationship, weakest first"),
                    result.upgrade.relationship_strand,
                ),
            )
            if codes
        ],
    }


def _check_row(check, question_texts: dict[str, str]) -> dict:
    listed = check_texts.check_is_listed(check)
    return {
        "code": check.code,
        "message": check_texts.check_message(check, question_texts, listed=listed),
        "items": [question_texts.get(code, code).rstrip(".") for code in check.codes]
        if listed
        else [],
        "is_note": check.code in check_texts.NOTE_CHECKS,
    }
