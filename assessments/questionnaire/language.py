"""The questionnaire's text in the reader's language.

Each version stores its German text next to the English (``text_de`` and the like);
these copies swap it in for display, so forms, results and plans read ``text``,
``title`` and ``label`` as before. English stands in wherever a German text is
missing.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import TYPE_CHECKING

from django.utils import translation

if TYPE_CHECKING:
    from assessments.questionnaire.data import QuestionnaireData

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
