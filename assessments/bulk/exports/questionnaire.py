"""A questionnaire version as a document: what `export_questionnaire` prints, and the
codes and values an import file's answers use."""

from __future__ import annotations

from assessments.models import Part, Questionnaire
from assessments.questionnaire.data import questionnaire_data


def questionnaire_document(questionnaire: Questionnaire) -> dict:
    """The version's questions in order, each with its choices; a lead-management
    statement also names its phase (2, 3, 4) and, from version 2, its stage of lead
    management."""
    data = questionnaire_data(questionnaire)
    return {
        "version": questionnaire.version,
        "questions": [
            _question_document(question, data.choices[code].values())
            for code, question in data.questions.items()
        ],
    }


def _question_document(question, choices) -> dict:
    document = {
        "code": question.code,
        "part": question.part.kind,
        "text": question.text,
    }
    if question.part.kind == Part.Kind.MATURITY:
        document["phase"] = question.phase
        document["lm_stage"] = question.lm_stage or None
    document["choices"] = [
        {"value": choice.value, "label": choice.label} for choice in choices
    ]
    return document
