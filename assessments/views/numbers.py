"""The optional questionnaire step "Your numbers", called from the step view."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessments import numbers as numbers_service
from assessments.forms import NumbersForm
from assessments.funnel import NUMBER_FIELDS, Numbers

STEP_KIND = numbers_service.STEP_KIND


def numbers_step(request, *, response, round_, steps, current, refuse_change):
    """Show or save the figures; Next and Back both keep what is valid."""
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
            return refuse_change(request, response, error)
        if "back" in request.POST:
            return redirect(
                "assessments:response-step", round_.pk, max(1, current.number - 1)
            )
        return redirect("assessments:response-step", round_.pk, current.number + 1)
    return render(
        request,
        "assessments/response_step.html",
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
