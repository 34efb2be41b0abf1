from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from assessments.answering import steps
from assessments.organisations import access
from assessments.results.page import result_context


@login_required
def response_result(request, response_id):
    response = access.response_get_for_user(user=request.user, response_id=response_id)
    if not response.is_submitted:
        if response.respondent_id == request.user.pk:
            return redirect(
                "assessments:response-step",
                response.round_id,
                steps.response_resume_step(response),
            )
        raise Http404("Not submitted yet.")
    return render(
        request,
        "assessments/response_result.html",
        result_context(request, response),
    )
