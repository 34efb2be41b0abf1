"""A questionnaire version loaded once: its parts, questions and choices, cached per
process and in the shared cache once published."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404

from assessments.models import Choice, Part, Question, Questionnaire
from assessments.questionnaire import language as questionnaire_language


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


# Published versions never change, so each process loads one at most once, and
# takes it from the shared cache when another process already has.
_published_data: dict[tuple, QuestionnaireData] = {}
# Bump when Part, Question or Choice change shape: the shared cache holds pickles.
QUESTIONNAIRE_CACHE_VERSION = "2"
QUESTIONNAIRE_CACHE_TIMEOUT = 60 * 60 * 24 * 30


def questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
    """All parts, questions and choices of one version in the active language
    (English where a German text is missing): three queries, or none for a
    published version this process or the shared cache has seen before."""
    language = questionnaire_language.display_language()
    if questionnaire.is_published:
        key = (
            questionnaire.pk,
            questionnaire.version,
            questionnaire.published_at,
            language,
        )
        data = _published_data.get(key)
        if data is None:
            data = _published_data[key] = questionnaire_language.in_language(
                _published_questionnaire_data(questionnaire), language
            )
        return data
    return questionnaire_language.in_language(
        _load_questionnaire_data(questionnaire), language
    )


def _published_questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
    # The publication time tells a version apart from an earlier one that reused
    # its id (tests roll back; SQLite then hands out the same id again).
    key = (questionnaire.pk, questionnaire.version, questionnaire.published_at)
    data = _published_data.get(key)
    if data is None:
        data = _published_data[key] = _shared_questionnaire_data(questionnaire, key)
    return data


def _shared_questionnaire_data(
    questionnaire: Questionnaire, key: tuple
) -> QuestionnaireData:
    pk, version, published_at = key
    cache_key = (
        f"lmm:questionnaire:{QUESTIONNAIRE_CACHE_VERSION}:{pk}:{version}:"
        f"{published_at.isoformat() if published_at else ''}"
    )
    data = cache.get(cache_key)
    if data is None:
        data = _load_questionnaire_data(questionnaire)
        cache.set(cache_key, data, QUESTIONNAIRE_CACHE_TIMEOUT)
    return data


def _load_questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
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
