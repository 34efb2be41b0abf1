from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import scoring
from assessments.answering import answer_scoring, responses, seeding
from assessments.answering import numbers as numbers_service
from assessments.answering.forms import NumbersForm, ResponseStartForm, StepForm
from assessments.answering.steps import (
    OWNERSHIP_INTRO,
    response_resume_step,
    response_steps,
)
from assessments.models import Membership, Response
from assessments.organisations import access, rounds
from assessments.questionnaire.data import questionnaire_data
from assessments.reports import tasks as report_tasks
from assessments.scoring import NUMBER_FIELDS, Numbers


@login_required
@require_POST
def response_start(request, organisation_id):
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, user=request.user)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    round_ = rounds.round_get_or_create(
        organisation=membership.organisation, year=timezone.now().year
    )
    if round_.is_closed:
        messages.error(request, responses.MESSAGE_ROUND_CLOSED)
        return redirect("assessments:home")
    response = Response.objects.filter(round=round_, respondent=request.user).first()
    if response is None:
        source = seeding.response_seed_source(round=round_, respondent=request.user)
        seeded_from = None
        if source is not None:
            form = ResponseStartForm(request.POST if "origin" in request.POST else None)
            if not form.is_valid():
                return render(
                    request,
                    "assessments/answering/response_start.html",
                    {"form": form, "round": round_, "source": source},
                    status=400 if form.is_bound else 200,
                )
            if form.cleaned_data["origin"] == ResponseStartForm.LAST_YEAR:
                seeded_from = source
        try:
            response = responses.response_get_or_create(
                round=round_,
                respondent=request.user,
                role=membership.role,
                seeded_from=seeded_from,
            )
        except IntegrityError:
            # Two tabs started at once: the other request created it.
            response = Response.objects.get(round=round_, respondent=request.user)
    if response.is_submitted:
        return redirect("assessments:response-result", response.pk)
    response.round = round_
    return redirect(
        "assessments:response-step",
        round_.pk,
        response_resume_step(response),
    )


@login_required
def response_step(request, round_id, step):
    response = responses.response_get_for_step(user=request.user, round_id=round_id)
    if response is None:
        # Not a member (404), or nothing started yet.
        access.round_get_for_user(user=request.user, round_id=round_id)
        return redirect("assessments:home")
    round_ = response.round
    if response.is_submitted:
        messages.info(request, _("Your response is submitted; here is the result."))
        return redirect("assessments:response-result", response.pk)
    if round_.is_closed:
        messages.error(request, responses.MESSAGE_ROUND_CLOSED)
        return redirect("assessments:home")
    data = questionnaire_data(round_.questionnaire)
    answers, seeds = seeding.response_answers_and_seeds(response=response, data=data)
    steps = response_steps(data)
    if step < 1:
        raise Http404("No such step.")
    if step > len(steps):
        return redirect("assessments:response-step", round_.pk, len(steps))
    current = steps[step - 1]
    if current.kind == numbers_service.STEP_KIND:
        return _numbers_step(
            request,
            response=response,
            round_=round_,
            steps=steps,
            current=current,
        )
    questions = [data.questions[code] for code in current.codes]
    # Saved answers first; last year's fill the rest, shown but not yet saved.
    shown = {code: seed.value for code, seed in seeds.items()} | answers
    going_back = "back" in request.POST
    form = StepForm(
        request.POST or None,
        questions=questions,
        choices=data.choices,
        require_all=not going_back,
        required_codes=lambda given: answer_scoring.required_codes(
            data, answers | given
        ),
        initial={code: shown[code] for code in current.codes if code in shown},
        last_year={code: seeds[code].label for code in current.codes if code in seeds},
        follow_up_intros=dict.fromkeys(current.follow_ups, OWNERSHIP_INTRO),
    )
    if request.method == "POST" and form.is_valid():
        is_complete = form.is_complete()
        if not going_back and step >= len(steps):
            return _save_and_submit(
                request, response, data, steps, form, current, is_complete
            )
        try:
            responses.response_save_answers(
                response=response,
                answers=form.answered(),
                data=data,
                last_step=step if is_complete else None,
                step_key=current.key,
                is_step_complete=is_complete,
            )
        except ValidationError as error:
            return _refuse_change(request, response, error)
        if going_back:
            return redirect("assessments:response-step", round_.pk, max(1, step - 1))
        return redirect("assessments:response-step", round_.pk, step + 1)
    is_refused = request.method == "GET" and "refused" in request.GET
    if is_refused:
        is_refused = _mark_what_keeps_it_open(
            form, data, current, response, answers=answers, shown=shown
        )
    return render(
        request,
        "assessments/answering/response_step.html",
        {
            "form": form,
            "response": response,
            "round": round_,
            "step": current,
            "steps": steps,
            "is_last": step == len(steps),
            "progress": round(100 * (step - 1) / len(steps)),
            "summary": form.error_summary() if form.errors else [],
            "is_refused": is_refused,
            "has_seeds": any(code in seeds for code in current.codes),
            "is_confirmed": current.key in response.confirmed_steps,
            "follow_up": _follow_up_rule(current),
            "questions_version": _fragment_version(round_.questionnaire),
        },
    )


def _fragment_version(questionnaire) -> str:
    """What names a published questionnaire version in the cached question markup;
    empty for a draft, which staff may still change, so it is never cached."""
    if not questionnaire.is_published:
        return ""
    # The publication time tells a version from an earlier one that reused its id.
    return f"{questionnaire.pk}:{questionnaire.version}:{questionnaire.published_at}"


def _mark_what_keeps_it_open(form, data, step, response, *, answers, shown):
    """Back from a refused submit: mark the questions without any answer, and tell
    whether the page is still open (unanswered, or last year's answers unsaved)."""
    required = answer_scoring.required_codes(data, shown)
    unsaved = [code for code in step.codes if code in required and code not in answers]
    form.mark_missing(code for code in unsaved if code not in shown)
    return bool(unsaved) or step.key not in response.confirmed_steps


def _follow_up_rule(step):
    """What the page's script needs to reveal the ownership follow-up exactly when
    the scoring rules ask it; without the script the question simply stays shown."""
    if scoring.OWNERSHIP_CODE not in step.follow_ups:
        return None
    return {
        "code": scoring.OWNERSHIP_CODE,
        "caps": scoring.DIAGNOSTIC_CAPS,
        "askedAtCap": scoring.OWNERSHIP_ASKED_AT_CAP,
        "noValue": 0,
        "levelMax": scoring.LEVEL_MAX,
    }


def _refuse_change(request, response, error):
    messages.error(request, " ".join(error.messages))
    if response.round.is_closed and not response.is_submitted:
        return redirect("assessments:home")
    return redirect("assessments:response-result", response.pk)


def _save_and_submit(request, response, data, steps, form, current, is_complete):
    """The last page: save its answers and submit in one transaction; a refusal
    keeps the page saved and lands on the first page still open."""
    try:
        responses.response_save_and_submit(
            response=response,
            answers=form.answered(),
            data=data,
            last_step=current.number if is_complete else None,
            step_key=current.key,
            is_step_complete=is_complete,
            require_confirmed_steps=True,
        )
    except ValidationError as error:
        # Missing answers come keyed by question code; other refusals carry a code.
        missing = set(error.message_dict) if hasattr(error, "error_dict") else set()
        if missing or getattr(error, "code", None) == "unconfirmed_steps":
            target = next(
                (
                    step
                    for step in steps
                    if step.key not in response.confirmed_steps
                    or missing & set(step.codes)
                ),
                steps[-1],
            )
            url = reverse(
                "assessments:response-step", args=[response.round_id, target.number]
            )
            return redirect(f"{url}?refused=1")
        return _refuse_change(request, response, error)
    # One worker job draws the charts, recomputes the team's result and its peers'
    # figures and sends the webhooks: the pages then only read them.
    report_tasks.response_submitted(response=response)
    messages.success(request, _("Thank you: your response is submitted."))
    return redirect("assessments:response-result", response.pk)


def _numbers_step(request, *, response, round_, steps, current):
    """The optional step "Your numbers": show or save the figures; Next and Back
    both keep what is valid."""
    saved = numbers_service.response_numbers(response)
    initial = {name: getattr(saved, name) for name in NUMBER_FIELDS} if saved else {}
    form = NumbersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        numbers = Numbers(
            **{name: form.cleaned_data.get(name) for name in NUMBER_FIELDS}
        )
        try:
            numbers_service.response_save_numbers(
                response=response, numbers=numbers, last_step=current.number
            )
        except ValidationError as error:
            return _refuse_change(request, response, error)
        if "back" in request.POST:
            return redirect(
                "assessments:response-step", round_.pk, max(1, current.number - 1)
            )
        return redirect("assessments:response-step", round_.pk, current.number + 1)
    return render(
        request,
        "assessments/answering/response_step.html",
        {
            "form": form,
            "response": response,
            "round": round_,
            "step": current,
            "steps": steps,
            "is_last": current.number == len(steps),
            "progress": round(100 * (current.number - 1) / len(steps)),
            "missing": [],
        },
        status=400 if form.is_bound else 200,
    )
