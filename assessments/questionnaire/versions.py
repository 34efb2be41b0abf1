"""Questionnaire versions for staff: copying one into a draft, what keeps a draft from
being scored, and publishing it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.models import Choice, Part, Question, Questionnaire
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data

AGREEMENT_VALUES = {1, 2, 3, 4, 5}
YES_NO_VALUES = {0, 1}


def questionnaire_new_version(*, source: Questionnaire) -> Questionnaire:
    """Copy a version, parts, questions and choices, into the next, unpublished version.

    Staff edit the copy; the source stays frozen, so results answered with it never change.
    """
    with transaction.atomic():
        latest = Questionnaire.objects.select_for_update().order_by("-version").first()
        copy = Questionnaire.objects.create(
            version=latest.version + 1,
            title=source.title,
            is_published=False,
            asks_numbers=source.asks_numbers,
        )
        for part in source.parts.prefetch_related("questions__choices"):
            new_part = Part.objects.create(
                questionnaire=copy,
                kind=part.kind,
                title=part.title,
                intro=part.intro,
                title_de=part.title_de,
                intro_de=part.intro_de,
                rating_scale=part.rating_scale,
                position=part.position,
            )
            for question in part.questions.all():
                new_question = Question.objects.create(
                    part=new_part,
                    code=question.code,
                    text=question.text,
                    help_text=question.help_text,
                    action=question.action,
                    text_de=question.text_de,
                    help_text_de=question.help_text_de,
                    action_de=question.action_de,
                    phase=question.phase,
                    lm_stage=question.lm_stage,
                    # A copy asks the same until staff edit it and clear this.
                    same_as=question.code,
                    position=question.position,
                )
                Choice.objects.bulk_create(
                    Choice(
                        question=new_question,
                        value=choice.value,
                        label=choice.label,
                        label_de=choice.label_de,
                        position=choice.position,
                    )
                    for choice in question.choices.all()
                )
    return copy


def questionnaire_problems(data: QuestionnaireData) -> list[str]:
    """What keeps a version from being scored; empty when it can be published."""
    problems = []
    kinds = {part.kind for part in data.parts}
    for kind in Part.Kind.values:
        if kind not in kinds:
            problems.append(_("The part “%(kind)s” is missing.") % {"kind": kind})
    codes = [q.code for part in data.parts for q in part.questions.all()]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        problems.append(
            _("Codes used twice: %(codes)s.") % {"codes": ", ".join(duplicates)}
        )
    problems += _question_problems(data)
    phases = {q.phase for q in data.part_questions(Part.Kind.MATURITY)}
    if Part.Kind.MATURITY in kinds and not {2, 3, 4} <= phases:
        problems.append(_("Lead management needs statements for phases 2, 3 and 4."))
    problems += _lm_stage_problems(data)
    for code in (*scoring.DIAGNOSTIC_CODES, scoring.OWNERSHIP_CODE):
        if code not in data.questions:
            problems.append(
                _("The diagnostic question %(code)s is missing.") % {"code": code}
            )
    if not data.part_questions(Part.Kind.RELATIONSHIP):
        problems.append(_("The relationship part has no statements."))
    return problems


def _question_problems(data: QuestionnaireData) -> list[str]:
    # Each question's choices fit its part; a lead-management statement has a phase.
    problems = []
    for code, question in data.questions.items():
        values = set(data.choices[code])
        if question.part.kind == Part.Kind.DIAGNOSTIC:
            if values != YES_NO_VALUES:
                problems.append(
                    _("%(code)s needs the choices Yes = 1 and No = 0.") % {"code": code}
                )
        elif values != AGREEMENT_VALUES:
            problems.append(_("%(code)s needs the choices 1 to 5.") % {"code": code})
        if question.part.kind == Part.Kind.MATURITY and question.phase is None:
            problems.append(_("%(code)s needs a phase.") % {"code": code})
    return problems


def _lm_stage_problems(data: QuestionnaireData) -> list[str]:
    # Once a version names lead-management stages, each statement names one and all
    # six are covered, so the result's coverage table has no hole.
    maturity = data.part_questions(Part.Kind.MATURITY)
    if not any(q.lm_stage for q in maturity):
        return []
    problems = [
        _("%(code)s needs a lead-process area.") % {"code": q.code}
        for q in maturity
        if not q.lm_stage
    ]
    missing = [
        stage
        for stage in scoring.LM_STAGES
        if stage not in {q.lm_stage for q in maturity}
    ]
    if missing:
        problems.append(
            _("No statement covers the lead-process areas: %(stages)s.")
            % {"stages": ", ".join(missing)}
        )
    return problems


def questionnaire_publish(*, questionnaire: Questionnaire) -> Questionnaire:
    """Publish a draft version after checking it can be scored; new rounds then use it."""
    if questionnaire.is_published:
        raise ValidationError(_("This version is already published."), code="published")
    problems = questionnaire_problems(questionnaire_data(questionnaire))
    if problems:
        raise ValidationError(problems, code="not_scorable")
    questionnaire.is_published = True
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["is_published", "published_at"])
    return questionnaire
