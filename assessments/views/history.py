from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessments.history import timeline
from assessments.history.page import history_context


@login_required
def organisation_history(request, organisation_id):
    viewer = timeline.viewer_for(user=request.user, organisation_id=organisation_id)
    return render(
        request,
        "assessments/history/organisation_history.html",
        history_context(request, viewer),
    )
