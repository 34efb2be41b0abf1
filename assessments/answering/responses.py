"""Answering a round: a respondent's response, saving its answers step by step, and
submitting it."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import scoring
from assessments.answering.answer_scoring import (
    missing_codes,
    response_answer_values,
    result_for,
    stored_result,
    validate_answers,
)
from assessments.answering.steps import response_steps
from assessments.models import Answer, Response, Round
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data
from assessments.webhooks import events as webhook_events

MESSAGE_SUBMITTED = gettext_lazy(
    "This response has been submitted and can no longer change."
)
MESSAGE_ROUND_CLOSED = gettext_lazy("This round is closed and takes no more answers.")
MESSAGE_UNCONFIRMED_STEPS = gettext_lazy(
    "Every step needs to be checked and saved before you can submit."
)


def response_get_for_step(*, user, round_id: int) -> Response | None:
    """The person's own response in this round, with its round, organisation and
    questionnaire and the response it was seeded from, in one query; None when they
    have not started one or are no longer a member of the organisation."""
    try:
        return Response.objects.select_related(
            "round__organisation",
            "round__questionnaire",
            "seeded_from__round__questionnaire",
        ).get(
            round_id=round_id,
            respondent=user,
            # A person who left keeps their response but not the page.
            round__organisation__memberships__user=user,
        )
    except Response.DoesNotExist:
        return None


def response_get_or_create(
    *, round: Round, respondent, role: str, seeded_from: Response | None = None
) -> Response:
    """The respondent's single response in a round; a new one may start from last
    year's response (`seeding.response_seed_source`), whose answers are then offered,
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
        # The scale check of a submitted result keeps the size the organisation had.
        stored = stored_result(result, scale_from=locked.round.organisation)
        for field, value in stored.items():
            setattr(locked, field, value)
        # The stored figures are checked against their fields' ranges; the row is
        # locked and keeps its round and respondent, so their existence and the
        # uniqueness checks (three queries) would only repeat what the database holds.
        locked.full_clean(
            exclude={"round", "respondent"},
            validate_unique=False,
            validate_constraints=False,
        )
        locked.save()
        # Here rather than in a view: the pages, the API and the imports submit
        # through this function, and each must tell the webhooks alike.
        webhook_events.response_submitted(response=locked)
    for field in ("status", "submitted_at", *stored):
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
