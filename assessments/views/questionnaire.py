from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors, services
from assessments.forms import (
    StepForm,
)
from assessments.models import Membership, Response


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
    round_ = services.round_get_or_create(
        organisation=membership.organisation, year=timezone.now().year
    )
    if round_.is_closed:
        messages.error(request, services.MESSAGE_ROUND_CLOSED)
        return redirect("assessments:home")
    try:
        response = services.response_get_or_create(
            round=round_, respondent=request.user, role=membership.role
        )
    except IntegrityError:
        # Two tabs started at once: the other request created it.
        response = Response.objects.get(round=round_, respondent=request.user)
    if response.is_submitted:
        return redirect("assessments:response-result", response.pk)
    return redirect(
        "assessments:response-step", round_.pk, max(1, response.last_step + 1)
    )


def _first_step_with(steps, codes):
    for step in steps:
        if set(step.codes) & set(codes):
            return step.number
    return steps[-1].number


@login_required
def response_step(request, round_id, step):
    round_ = selectors.round_get_for_user(user=request.user, round_id=round_id)
    response = Response.objects.filter(round=round_, respondent=request.user).first()
    if response is None:
        return redirect("assessments:home")
    if response.is_submitted:
        messages.info(request, _("Your response is submitted; here is the result."))
        return redirect("assessments:response-result", response.pk)
    if round_.is_closed:
        messages.error(request, services.MESSAGE_ROUND_CLOSED)
        return redirect("assessments:home")
    data = selectors.questionnaire_data(round_.questionnaire)
    answers = selectors.response_answer_values(response)
    steps = selectors.response_steps(data, answers)
    if step < 1:
        raise Http404("No such step.")
    if step > len(steps):
        return redirect("assessments:response-step", round_.pk, len(steps))
    current = steps[step - 1]
    questions = [data.questions[code] for code in current.codes]
    going_back = "back" in request.POST
    form = StepForm(
        request.POST or None,
        questions=questions,
        choices=data.choices,
        require_all=not going_back,
        initial={code: answers[code] for code in current.codes if code in answers},
    )
    if request.method == "POST" and form.is_valid():
        answers.update(form.answered())
        steps = selectors.response_steps(data, answers)
        if not going_back and step >= len(steps):
            return _save_and_submit(request, response, data, steps, form, step)
        try:
            services.response_save_answers(
                response=response, answers=form.answered(), data=data, last_step=step
            )
        except ValidationError as error:
            return _refuse_change(request, response, error)
        if going_back:
            return redirect("assessments:response-step", round_.pk, max(1, step - 1))
        return redirect("assessments:response-step", round_.pk, step + 1)
    return render(
        request,
        "assessments/response_step.html",
        {
            "form": form,
            "response": response,
            "round": round_,
            "step": current,
            "steps": steps,
            "is_last": step == len(steps),
            "progress": round(100 * (step - 1) / len(steps)),
            "missing": form.missing_labels() if form.is_bound else [],
        },
    )


def _refuse_change(request, response, error):
    messages.error(request, " ".join(error.messages))
    if response.round.is_closed and not response.is_submitted:
        return redirect("assessments:home")
    return redirect("assessments:response-result", response.pk)


def _save_and_submit(request, response, data, steps, form, step):
    try:
        services.response_save_and_submit(
            response=response, answers=form.answered(), data=data, last_step=step
        )
    except ValidationError as error:
        # Missing answers come keyed by question code; other refusals carry a code.
        if hasattr(error, "error_dict"):
            missing = list(error.message_dict)
            messages.error(
                request, _("Some questions still need an answer before you can submit.")
            )
            return redirect(
                "assessments:response-step",
                response.round_id,
                _first_step_with(steps, missing),
            )
        return _refuse_change(request, response, error)
    messages.success(request, _("Thank you: your response is submitted."))
    return redirect("assessments:response-result", response.pk)
