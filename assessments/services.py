"""Writes, and the bridge between database rows and the pure scoring functions."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import scoring
from assessments.funnel import Numbers
from assessments.models import (
    Answer,
    Choice,
    Membership,
    Organisation,
    Part,
    Question,
    Questionnaire,
    Response,
    Role,
    Round,
)
from assessments.selectors import (
    QuestionnaireData,
    questionnaire_current,
    questionnaire_data,
    response_answer_values,
    response_steps,
)
from assessments.validators import clip, shorten

MESSAGE_SUBMITTED = gettext_lazy(
    "This response has been submitted and can no longer change."
)
MESSAGE_ROUND_CLOSED = gettext_lazy("This round is closed and takes no more answers.")
MESSAGE_UNCONFIRMED_STEPS = gettext_lazy(
    "Every step needs to be checked and saved before you can submit."
)


def required_codes(data: QuestionnaireData, answers: Mapping[str, int]) -> list[str]:
    """Codes that must be answered: every statement, the five diagnostics, and the
    ownership follow-up when the five answers cap the stage at 2."""
    required = [code for code in data.questions if code != scoring.OWNERSHIP_CODE]
    diagnostics = {
        code: bool(answers[code])
        for code in scoring.DIAGNOSTIC_CODES
        if code in answers
    }
    if len(diagnostics) == len(scoring.DIAGNOSTIC_CODES) and (
        scoring.needs_ownership_question(diagnostics)
    ):
        required.append(scoring.OWNERSHIP_CODE)
    return required


def missing_codes(data: QuestionnaireData, answers: Mapping[str, int]) -> list[str]:
    """Required codes without an answer, in questionnaire order."""
    return [code for code in required_codes(data, answers) if code not in answers]


def validate_answers(data: QuestionnaireData, answers: Mapping[str, object]) -> None:
    """Raise ValidationError, keyed by code, for unknown codes or values off scale."""
    errors: dict[str, str] = {}
    for code, value in answers.items():
        if code not in data.questions:
            errors[shorten(str(code))] = _("Unknown question code.")
            continue
        allowed = data.choices[code]
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in allowed
        ):
            errors[code] = _("%(value)s is not among the choices %(allowed)s.") % {
                "value": clip(value),
                "allowed": ", ".join(str(v) for v in sorted(allowed)),
            }
    if errors:
        raise ValidationError(errors, code="invalid_answer")


def scoring_inputs(
    data: QuestionnaireData, answers: Mapping[str, int]
) -> dict[str, object]:
    """Turn {code: value} into the keyword arguments of `scoring.score`."""
    relationship, maturity, diagnostics = [], [], {}
    maturity_scale = scoring.AGREEMENT_SCALE
    for position, (code, question) in enumerate(data.questions.items()):
        if code not in answers:
            continue
        kind = question.part.kind
        if kind == Part.Kind.RELATIONSHIP:
            relationship.append(
                scoring.Statement(code=code, rating=answers[code], position=position)
            )
        elif kind == Part.Kind.MATURITY:
            maturity.append(
                scoring.Statement(
                    code=code,
                    rating=answers[code],
                    phase=question.phase,
                    position=position,
                    lm_stage=question.lm_stage or None,
                )
            )
            maturity_scale = question.part.rating_scale
        else:
            diagnostics[code] = bool(answers[code])
    return {
        "relationship": relationship,
        "maturity": maturity,
        "diagnostics": diagnostics,
        "maturity_scale": maturity_scale,
    }


def result_for(
    *,
    data: QuestionnaireData,
    answers: Mapping[str, int],
    organisation: Organisation,
) -> scoring.Result:
    """Score a complete set of answers for an organisation."""
    return scoring.score(
        **scoring_inputs(data, answers),
        revenue_team_size=organisation.revenue_team_size,
        monthly_lead_volume=organisation.monthly_lead_volume,
    )


def organisation_create(
    *,
    creator,
    name: str,
    industry: str = "",
    revenue_team_size: int | None = None,
    monthly_lead_volume: int | None = None,
    role: str = Role.LEADERSHIP,
) -> Organisation:
    """Create an organisation with its creator as its first admin."""
    organisation = Organisation(
        name=name,
        industry=industry,
        revenue_team_size=revenue_team_size,
        monthly_lead_volume=monthly_lead_volume,
    )
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        Membership.objects.create(
            organisation=organisation, user=creator, role=role, is_admin=True
        )
    return organisation


def round_get_or_create(
    *, organisation: Organisation, year: int, questionnaire: Questionnaire | None = None
) -> Round:
    """The organisation's round of a year; a new one uses the current questionnaire."""
    round_, _created = Round.objects.get_or_create(
        organisation=organisation,
        year=year,
        defaults={"questionnaire": questionnaire or questionnaire_current()},
    )
    return round_


def response_get_or_create(
    *, round: Round, respondent, role: str, seeded_from: Response | None = None
) -> Response:
    """The respondent's single response in a round; a new one may start from last
    year's response (`selectors.response_seed_source`), whose answers are then offered,
    never saved, until the respondent saves each step."""
    response, _created = Response.objects.get_or_create(
        round=round,
        respondent=respondent,
        defaults={"role": role, "seeded_from": seeded_from},
    )
    return response


def _ensure_editable(response: Response) -> None:
    if response.is_submitted:
        raise ValidationError(MESSAGE_SUBMITTED, code="response_submitted")
    if response.round.is_closed:
        raise ValidationError(MESSAGE_ROUND_CLOSED, code="round_closed")


def ensure_editable(response: Response) -> None:
    """Raise ValidationError when the response is submitted or its round closed."""
    _ensure_editable(response)


def response_save_answers(
    *,
    response: Response,
    answers: Mapping[str, int],
    data: QuestionnaireData | None = None,
    last_step: int | None = None,
    step_key: str | None = None,
    is_step_complete: bool = False,
) -> None:
    """Save (insert or replace) some answers of a draft response; with `step_key`, the
    page they come from counts as confirmed only when it was saved complete."""
    data = data or questionnaire_data(response.round.questionnaire)
    validate_answers(data, answers)
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update()
            .select_related("round")
            .get(pk=response.pk)
        )
        _ensure_editable(locked)
        existing = {
            answer.question_id: answer
            for answer in Answer.objects.filter(
                response=locked, question__code__in=list(answers)
            )
        }
        to_create, to_update = [], []
        for code, value in answers.items():
            question = data.questions[code]
            choice = data.choices[code][value]
            answer = existing.get(question.pk)
            if answer is None:
                to_create.append(
                    Answer(response=locked, question=question, choice=choice)
                )
            elif answer.choice_id != choice.pk:
                answer.choice = choice
                to_update.append(answer)
        Answer.objects.bulk_create(to_create)
        Answer.objects.bulk_update(to_update, ["choice"])
        if last_step is not None and last_step > locked.last_step:
            locked.last_step = last_step
        if step_key is not None:
            mark_step(locked, step_key=step_key, is_complete=is_step_complete)
        locked.save(update_fields=["last_step", "confirmed_steps", "updated_at"])
    response.last_step = locked.last_step
    response.confirmed_steps = locked.confirmed_steps


def mark_step(response: Response, *, step_key: str, is_complete: bool) -> None:
    """Record on a locked draft (not saved here) whether a page was saved complete:
    a page saved half-answered, even one confirmed before, is open again."""
    confirmed = set(response.confirmed_steps)
    if is_complete:
        confirmed.add(step_key)
    else:
        confirmed.discard(step_key)
    response.confirmed_steps = sorted(confirmed)


def response_submit(
    *,
    response: Response,
    data: QuestionnaireData | None = None,
    require_confirmed_steps: bool = False,
) -> scoring.Result:
    """Score a complete draft and freeze it; a second submit changes nothing.

    The step-by-step flow asks for `require_confirmed_steps`: every page must have
    been saved complete in this round, so nobody submits last year's answers unseen.
    Imports, which have no pages, leave it off.
    """
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update()
            .select_related("round__organisation", "round__questionnaire")
            .get(pk=response.pk)
        )
        _ensure_editable(locked)
        data = data or questionnaire_data(locked.round.questionnaire)
        if require_confirmed_steps:
            unconfirmed = [
                step.key
                for step in response_steps(data)
                if step.key not in locked.confirmed_steps
            ]
            if unconfirmed:
                raise ValidationError(
                    MESSAGE_UNCONFIRMED_STEPS,
                    code="unconfirmed_steps",
                    params={"steps": unconfirmed},
                )
        answers = response_answer_values(locked)
        missing = missing_codes(data, answers)
        if missing:
            raise ValidationError(
                {code: _("This question needs an answer.") for code in missing},
                code="missing_answers",
            )
        result = result_for(
            data=data, answers=answers, organisation=locked.round.organisation
        )
        locked.status = Response.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.x = result.x
        locked.y = result.y
        locked.relationship_level = result.relationship.level
        locked.maturity_level = result.maturity.level
        locked.stage = result.stage.number
        locked.verdict = result.verdict.code.value
        # The scale check of a submitted result keeps the size the organisation had.
        locked.revenue_team_size = locked.round.organisation.revenue_team_size
        locked.monthly_lead_volume = locked.round.organisation.monthly_lead_volume
        locked.full_clean()
        locked.save()
    for field in (
        "status",
        "submitted_at",
        "x",
        "y",
        "relationship_level",
        "maturity_level",
        "stage",
        "verdict",
        "revenue_team_size",
        "monthly_lead_volume",
    ):
        setattr(response, field, getattr(locked, field))
    return result


def response_save_and_submit(
    *,
    response: Response,
    answers: Mapping[str, int],
    data: QuestionnaireData | None = None,
    last_step: int | None = None,
    step_key: str | None = None,
    is_step_complete: bool = False,
    require_confirmed_steps: bool = False,
) -> scoring.Result:
    """Save the last step's answers and submit, in one transaction.

    A failure of the database loses both, so no step is saved under a response that
    looks unsubmitted; a refused submit (answers missing elsewhere) keeps the step.
    """
    refusal = None
    with transaction.atomic():
        response_save_answers(
            response=response,
            answers=answers,
            data=data,
            last_step=last_step,
            step_key=step_key,
            is_step_complete=is_step_complete,
        )
        try:
            with transaction.atomic():
                result = response_submit(
                    response=response,
                    data=data,
                    require_confirmed_steps=require_confirmed_steps,
                )
        except ValidationError as error:
            refusal = error
    if refusal is not None:
        raise refusal
    return result


def response_result(
    *,
    response: Response,
    data: QuestionnaireData | None = None,
    numbers: Numbers | None = None,
) -> scoring.Result:
    """The full result of a submitted response, recomputed from its frozen answers,
    with the respondent's numbers when given (they only add a check)."""
    data = data or questionnaire_data(response.round.questionnaire)
    return scoring.score(
        **scoring_inputs(data, response_answer_values(response)),
        revenue_team_size=response.revenue_team_size,
        monthly_lead_volume=response.monthly_lead_volume,
        numbers=numbers,
    )


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
    phases = set()
    for code, question in data.questions.items():
        values = set(data.choices[code])
        if question.part.kind == Part.Kind.DIAGNOSTIC:
            if values != YES_NO_VALUES:
                problems.append(
                    _("%(code)s needs the choices Yes = 1 and No = 0.") % {"code": code}
                )
        elif values != AGREEMENT_VALUES:
            problems.append(_("%(code)s needs the choices 1 to 5.") % {"code": code})
        if question.part.kind == Part.Kind.MATURITY:
            if question.phase is None:
                problems.append(_("%(code)s needs a phase.") % {"code": code})
            phases.add(question.phase)
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


def _lm_stage_problems(data: QuestionnaireData) -> list[str]:
    # Once a version names lead-management stages, each statement names one and all
    # six are covered, so the result's coverage table has no hole.
    maturity = data.part_questions(Part.Kind.MATURITY)
    if not any(q.lm_stage for q in maturity):
        return []
    problems = [
        _("%(code)s needs a lead management stage.") % {"code": q.code}
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
            _("No statement covers the lead management stages: %(stages)s.")
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
