"""Reads: each selector loads what one page needs, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from assessments.models import (
    Answer,
    Choice,
    Part,
    Question,
    Questionnaire,
    Response,
    Round,
)


@dataclass(frozen=True)
class QuestionnaireData:
    """A questionnaire version with its parts, questions and choices, loaded once."""

    questionnaire: Questionnaire
    parts: tuple[Part, ...]
    questions: Mapping[str, Question]
    choices: Mapping[str, Mapping[int, Choice]]

    def part_questions(self, kind: str) -> list[Question]:
        return [q for q in self.questions.values() if q.part.kind == kind]


def questionnaire_current() -> Questionnaire:
    """The newest published questionnaire version."""
    questionnaire = (
        Questionnaire.objects.filter(is_published=True).order_by("-version").first()
    )
    if questionnaire is None:
        raise Http404("No published questionnaire.")
    return questionnaire


def questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
    """All parts, questions and choices of one version, in two queries."""
    parts = list(
        Part.objects.filter(questionnaire=questionnaire)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("position"))
                ),
            )
        )
    )
    questions: dict[str, Question] = {}
    choices: dict[str, dict[int, Choice]] = {}
    for part in parts:
        for question in part.questions.all():
            question.part = part
            questions[question.code] = question
            choices[question.code] = {c.value: c for c in question.choices.all()}
    return QuestionnaireData(
        questionnaire=questionnaire,
        parts=tuple(parts),
        questions=questions,
        choices=choices,
    )


def response_answer_values(response: Response) -> dict[str, int]:
    """The response's answers as {question code: choice value}, in one query."""
    return dict(
        Answer.objects.filter(response=response).values_list(
            "question__code", "choice__value"
        )
    )


def submitted_responses() -> QuerySet[Response]:
    """Every submitted response with what an export row shows."""
    return (
        Response.objects.filter(status=Response.Status.SUBMITTED)
        .select_related("round__organisation", "respondent")
        .order_by("round__organisation__name", "round__year", "respondent__email")
    )


def round_get_for_user(*, user, round_id: int) -> Round:
    """A round of one of the user's organisations, or 404."""
    try:
        return (
            Round.objects.for_user(user).select_related("organisation").get(pk=round_id)
        )
    except Round.DoesNotExist:
        raise Http404("No such round.") from None
