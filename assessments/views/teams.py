from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.organisations import access, rounds
from assessments.teams.page import round_context


@login_required
def round_detail(request, round_id):
    # Members read their round; an assigned consultant reads it too, without a
    # membership, so every member-only control stays hidden.
    round_, membership = access.round_get_for_reader(
        user=request.user, round_id=round_id
    )
    return render(
        request,
        "assessments/round_detail.html",
        round_context(request, round_, membership),
    )


@login_required
def round_close(request, round_id):
    round_ = access.round_get_for_user(user=request.user, round_id=round_id)
    access.membership_get_for_user(
        user=request.user, organisation_id=round_.organisation_id, admin=True
    )
    if round_.is_closed:
        return redirect("assessments:round-detail", round_.pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(
            request,
            "assessments/teams/round_close_confirm.html",
            {
                "round": round_,
                "status": rounds.round_status(round=round_),
                "later": rounds.round_has_later(round=round_),
            },
        )
    rounds.round_close(round=round_)
    messages.success(request, _("The round is closed and takes no more answers."))
    return redirect("assessments:round-detail", round_.pk)


@login_required
@require_POST
def round_reopen(request, round_id):
    round_ = access.round_get_for_user(user=request.user, round_id=round_id)
    access.membership_get_for_user(
        user=request.user, organisation_id=round_.organisation_id, admin=True
    )
    try:
        rounds.round_reopen(round=round_)
        messages.success(request, _("The round is open again: members can answer."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:round-detail", round_.pk)
