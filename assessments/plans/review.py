"""The action plan on result pages: what can be adopted, and how last year's actions went.

A respondent's result compares their own answers across the two years; the team page
compares the team's combined (mean) ratings. The two are never mixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import scoring
from assessments.models import Action, Answer, Membership, Response, Round
from assessments.plans import actions as plan_actions
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data

# Means of a team differ by float noise; less than this is no change.
RATING_TOLERANCE = 0.05
TEAM_MIN_RESPONDENTS = 2
MISSING_OWN = gettext_lazy("%(status)s; the statement was not rated in both years.")
MISSING_TEAM = gettext_lazy(
    "%(status)s; the team's ratings are compared where several people rated the "
    "statement in both years."
)


@dataclass(frozen=True)
class AdoptItem:
    code: str
    title: str
    detail: str
    is_adopted: bool


@dataclass(frozen=True)
class ReviewItem:
    action: Action
    sentence: str


@dataclass(frozen=True)
class PlanSection:
    """What the include `_plan.html` shows under a result."""

    organisation_id: int
    round: Round
    may_adopt: bool
    requirements: tuple[AdoptItem, ...]
    statements: tuple[AdoptItem, ...]
    previous_year: int | None
    review: tuple[ReviewItem, ...]
    # The viewer admins the organisation (may share the page, for instance).
    viewer_is_admin: bool = False


def previous_round(round: Round) -> Round | None:
    """The organisation's latest round before this one."""
    return (
        Round.objects.filter(organisation_id=round.organisation_id, year__lt=round.year)
        .select_related("questionnaire")
        .order_by("-year")
        .first()
    )


def rating_label(data: QuestionnaireData, code: str, rating: float) -> str:
    """A rating in words, from the choices of the questionnaire it was given with; a
    team's mean keeps its number beside the nearest choice's label."""
    choices = data.choices.get(code, {})
    nearest = choices.get(int(rating + 0.5))
    if float(rating).is_integer():
        return nearest.label if nearest else str(int(rating))
    number = f"{rating:.1f}"
    return f"{number} ({nearest.label})" if nearest else number


def _asked_the_same(
    code: str, before: QuestionnaireData, after: QuestionnaireData
) -> bool:
    """Within one version, always; across versions only where the newer version
    declares the statement the same as the older one's."""
    if before.questionnaire.version == after.questionnaire.version:
        return True
    question = after.questions.get(code)
    return (
        question is not None and question.same_as == code and code in before.questions
    )


def review_sentence(
    action: Action,
    *,
    before: float | None,
    after: float | None,
    data_before: QuestionnaireData | None,
    data_after: QuestionnaireData,
    missing: str = MISSING_OWN,
) -> str:
    """The action's status and, for a statement, whether its rating improved."""
    status = action.get_status_display()
    if action.source != Action.Source.STATEMENT:
        return _("%(status)s.") % {"status": status}
    if data_before is not None and not _asked_the_same(
        action.source_code, data_before, data_after
    ):
        return _(
            "%(status)s; the questionnaire changed (version %(before)s, then "
            "%(after)s) and this statement is not asked the same way, so its rating "
            "is not compared."
        ) % {
            "status": status,
            "before": data_before.questionnaire.version,
            "after": data_after.questionnaire.version,
        }
    if before is None or after is None or data_before is None:
        return str(missing) % {"status": status}
    words = {
        "status": status,
        "before": rating_label(data_before, action.source_code, before),
        "after": rating_label(data_after, action.source_code, after),
    }
    if after - before >= RATING_TOLERANCE:
        return (
            _("%(status)s, and the rating rose from %(before)s to %(after)s.") % words
        )
    if before - after >= RATING_TOLERANCE:
        return (
            _("%(status)s, and the rating fell from %(before)s to %(after)s.") % words
        )
    return _("%(status)s, and the rating stayed at %(after)s.") % words


def _adopt_items(
    *,
    upgrade: scoring.UpgradePath,
    data: QuestionnaireData,
    adopted: set[str],
) -> tuple[tuple[AdoptItem, ...], tuple[AdoptItem, ...]]:
    requirements = tuple(
        AdoptItem(code=code, title=_(text), detail="", is_adopted=code in adopted)
        for code, text in plan_actions.requirement_codes(upgrade)
    )
    statements = tuple(
        AdoptItem(
            code=code,
            title=data.questions[code].action or data.questions[code].text,
            detail=data.questions[code].text,
            is_adopted=code in adopted,
        )
        for code in upgrade.weakest
    )
    return requirements, statements


def _section(
    *,
    round: Round,
    viewer: Membership | None,
    upgrade: scoring.UpgradePath | None,
    data: QuestionnaireData,
    previous: Round | None,
    ratings_before: Mapping[str, float],
    ratings_after: Mapping[str, float],
    missing: str = MISSING_OWN,
) -> PlanSection:
    # One query serves both lists: this round's adopted items and the actions
    # adopted since the previous round.
    actions = Action.objects.filter(organisation_id=round.organisation_id)
    if previous is not None:
        actions = actions.filter(year__gte=previous.year)
    else:
        actions = actions.filter(round=round)
    actions = list(actions.order_by("due_date", "pk"))
    adopted = {a.source_code for a in actions if a.round_id == round.pk}
    requirements, statements = (
        _adopt_items(upgrade=upgrade, data=data, adopted=adopted)
        if upgrade
        else ((), ())
    )
    review = ()
    if previous is not None:
        data_before = questionnaire_data(previous.questionnaire)
        review = tuple(
            ReviewItem(
                action=action,
                sentence=review_sentence(
                    action,
                    before=ratings_before.get(action.source_code),
                    after=ratings_after.get(action.source_code),
                    data_before=data_before,
                    data_after=data,
                    missing=missing,
                ),
            )
            for action in actions
            if previous.year <= action.year < round.year
        )
    return PlanSection(
        organisation_id=round.organisation_id,
        round=round,
        may_adopt=viewer is not None,
        requirements=requirements,
        statements=statements,
        previous_year=previous.year if previous else None,
        review=review,
        viewer_is_admin=viewer is not None and viewer.is_admin,
    )


def _answer_values(response: Response | None) -> dict[str, float]:
    if response is None:
        return {}
    return {
        code: float(value)
        for code, value in Answer.objects.filter(response=response).values_list(
            "question__code", "choice__value"
        )
    }


def response_plan_section(
    *, response: Response, result: scoring.Result, viewer
) -> PlanSection:
    """Adoptable items of a respondent's upgrade path, and last year's actions judged
    by the same respondent's answers of the previous round."""
    round_ = response.round
    membership = Membership.objects.filter(
        organisation_id=round_.organisation_id, user=viewer
    ).first()
    previous = previous_round(round_)
    before = None
    if previous is not None:
        before = Response.objects.filter(
            round=previous,
            respondent_id=response.respondent_id,
            status=Response.Status.SUBMITTED,
        ).first()
    return _section(
        round=round_,
        viewer=membership,
        upgrade=result.upgrade,
        data=questionnaire_data(round_.questionnaire),
        previous=previous,
        ratings_before=_answer_values(before),
        ratings_after=_answer_values(response) if previous else {},
    )


def _team_means(round: Round, *, min_respondents: int) -> dict[str, float]:
    return {
        row["question__code"]: float(row["mean"])
        for row in Answer.objects.filter(
            response__round=round, response__status=Response.Status.SUBMITTED
        )
        .values("question__code")
        .annotate(mean=Avg("choice__value"), respondents=Count("response_id"))
        if row["respondents"] >= min_respondents
    }


def round_plan_section(
    *, round: Round, team_result: scoring.Result | None, viewer: Membership | None
) -> PlanSection:
    """Adoptable items of the team's upgrade path, and last year's actions judged by
    the team's combined ratings of both rounds.

    A plain member sees a statement's team rating only where several people rated it,
    as elsewhere on the team page: one person's rating is their own answer.
    """
    previous = previous_round(round)
    # No membership: a consultant, who reads every rating but adopts nothing.
    minimum = 1 if viewer is None or viewer.is_admin else TEAM_MIN_RESPONDENTS
    return _section(
        round=round,
        viewer=viewer,
        upgrade=team_result.upgrade if team_result else None,
        data=questionnaire_data(round.questionnaire),
        previous=previous,
        ratings_before=_team_means(previous, min_respondents=minimum)
        if previous
        else {},
        ratings_after=_team_means(round, min_respondents=minimum) if previous else {},
        missing=MISSING_TEAM,
    )
