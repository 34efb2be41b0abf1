import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import converters
from assessments.models import Membership, Round
from assessments.organisations import access
from assessments.plans import actions as plan_actions
from assessments.plans.forms import ActionForm, ActionUpdateForm

DEFAULT_DUE_DAYS = 90


def _members(organisation_id):
    return (
        Membership.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("user__email")
    )


def _refused(request, membership, message, status):
    return render(
        request,
        "assessments/plans/action_refused.html",
        {"organisation": membership.organisation, "message": message},
        status=status,
    )


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def plan_detail(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    return render(
        request,
        "assessments/plans/plan_detail.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "plan": plan_actions.plan_for(membership=membership),
        },
    )


def _adoption_source(request, membership):
    """The round and upgrade-path item named in the query string, or (None, None)."""
    round_id, code = request.GET.get("round", ""), request.GET.get("source", "")
    if not round_id and not code:
        return None, None
    round_ = None
    round_pk = converters.parse_number(round_id)
    if round_pk is not None:
        round_ = (
            Round.objects.filter(
                pk=round_pk, organisation_id=membership.organisation_id
            )
            .select_related("questionnaire")
            .first()
        )
    if round_ is None:
        raise Http404("No such round.")
    return round_, plan_actions.source_for(round=round_, code=code)


@login_required
def action_create(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    try:
        round_, source = _adoption_source(request, membership)
    except ValidationError as error:
        return _refused(request, membership, error.messages[0], status=400)
    if source is None and not membership.is_admin:
        return _refused(
            request,
            membership,
            plan_actions.MESSAGE_FREE_ACTIONS_ADMIN_ONLY,
            status=403,
        )
    form = ActionForm(
        request.POST or None,
        members=_members(organisation_id),
        initial={
            "title": source.title if source else "",
            "owner": membership.pk,
            "due_date": timezone.localdate()
            + datetime.timedelta(days=DEFAULT_DUE_DAYS),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_actions.action_create(
                organisation=membership.organisation,
                created_by=request.user,
                source=source,
                round=round_,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action is in the plan."))
            return redirect("assessments:plan-detail", organisation_id)
    return render(
        request,
        "assessments/plans/action_form.html",
        {
            "organisation": membership.organisation,
            "form": form,
            "source": source,
            "round": round_,
        },
        status=400 if form.errors else 200,
    )


@login_required
def action_update(request, organisation_id, action_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    action = plan_actions.action_get(membership=membership, action_id=action_id)
    if not plan_actions.action_may_edit(action, membership):
        return _refused(request, membership, plan_actions.MESSAGE_NOT_YOURS, status=403)
    form = ActionUpdateForm(
        request.POST or None,
        members=_members(organisation_id),
        initial={
            "title": action.title,
            "owner": action.owner_id,
            "due_date": action.due_date,
            "status": action.status,
            "notes": action.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_actions.action_update(action=action, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("assessments:plan-detail", organisation_id)
    return render(
        request,
        "assessments/plans/action_form.html",
        {"organisation": membership.organisation, "form": form, "action": action},
        status=400 if form.errors else 200,
    )
