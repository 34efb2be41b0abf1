"""A questionnaire version loaded once, in the reader's language: its parts,
questions and choices, cached per process and in the shared cache once published.

Each version stores its German text next to the English (``text_de`` and the like);
the loaded copies swap it in for display, so forms, results and plans read ``text``,
``title`` and ``label`` whatever the language. English stands in wherever a German
text is missing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation

from assessments.models import Choice, Part, Question, Questionnaire


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
QUESTIONNAIRE_CACHE_VERSION = "3"
QUESTIONNAIRE_CACHE_TIMEOUT = 60 * 60 * 24 * 30


def questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
    """All parts, questions and choices of one version in the active language
    (English where a German text is missing): three queries, or none for a
    published version this process or the shared cache has seen before."""
    language = display_language()
    if questionnaire.is_published:
        key = (
            questionnaire.pk,
            questionnaire.version,
            questionnaire.published_at,
            language,
        )
        data = _published_data.get(key)
        if data is None:
            data = _published_data[key] = in_language(
                _published_questionnaire_data(questionnaire), language
            )
        return data
    return in_language(_load_questionnaire_data(questionnaire), language)


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


# Field shown -> field holding its German text.
PART_FIELDS = {"title": "title_de", "intro": "intro_de"}


QUESTION_FIELDS = {
    "text": "text_de",
    "help_text": "help_text_de",
    "action": "action_de",
}


CHOICE_FIELDS = {"label": "label_de"}


GERMAN = "de"


def display_language() -> str:
    """The active language reduced to the ones the questionnaire is stored in."""
    language = (translation.get_language() or "en").split("-")[0]
    return GERMAN if language == GERMAN else "en"


def shown(instance, field: str) -> str:
    """One field of a part, question or choice in the active language."""
    if display_language() == GERMAN:
        return getattr(instance, f"{field}_de", "") or getattr(instance, field)
    return getattr(instance, field)


def in_language(data: QuestionnaireData, language: str) -> QuestionnaireData:
    """A copy of ``data`` showing its German text when ``language`` is German;
    ``data`` itself otherwise. Runs no queries."""
    if language != GERMAN:
        return data
    parts = []
    questions = {}
    choices = {}
    for part in data.parts:
        new_part = _translated(part, PART_FIELDS)
        part_questions = []
        for question in part.questions.all():
            new_question = _translated(question, QUESTION_FIELDS)
            new_question.part = new_part
            new_choices = [
                _translated(choice, CHOICE_FIELDS) for choice in question.choices.all()
            ]
            _set_prefetched(new_question, question, "choices", new_choices)
            part_questions.append(new_question)
            questions[question.code] = new_question
            choices[question.code] = {c.value: c for c in new_choices}
        _set_prefetched(new_part, part, "questions", part_questions)
        parts.append(new_part)
    return replace(data, parts=tuple(parts), questions=questions, choices=choices)


def _translated(instance, fields: dict[str, str]):
    # copy.copy goes through Model.__getstate__, which gives the copy its own
    # _state, so setting a relation on the copy leaves the cached original alone.
    new = copy.copy(instance)
    for shown, german in fields.items():
        setattr(new, shown, getattr(instance, german) or getattr(instance, shown))
    return new


def _set_prefetched(new, original, name: str, rows: list) -> None:
    # The related manager returns the prefetched queryset as it is: a clone with
    # the copied rows as its result cache answers .all() without a query.
    queryset = original._prefetched_objects_cache[name]._chain()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    new._prefetched_objects_cache = {
        **original._prefetched_objects_cache,
        name: queryset,
    }
