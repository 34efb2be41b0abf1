from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Membership, Organisation, Webhook
from assessments.organisations import access
from assessments.webhooks import deliveries
from assessments.webhooks.forms import WebhookForm


def _manager(user, organisation_id) -> tuple[Organisation, object | None]:
    """The organisation and, for an assigned consultant (not an admin of it), the
    consultant: admins manage every webhook of their organisation, a consultant only
    the ones they registered for this client. 404 for anyone else."""
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, user=user)
        .select_related("organisation")
        .first()
    )
    if membership is not None and membership.is_admin:
        return membership.organisation, None
    if access.consults(user=user, organisation_id=organisation_id):
        return Organisation.objects.get(pk=organisation_id), user
    raise Http404("No such organisation.")


def _hooks(organisation, consultant):
    hooks = Webhook.objects.filter(organisation=organisation)
    if consultant is not None:
        hooks = hooks.filter(consultant=consultant)
    return hooks.select_related("consultant")


@login_required
def webhook_list(request, organisation_id):
    organisation, consultant = _manager(request.user, organisation_id)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deliveries.webhook_create(
                organisation=organisation,
                created_by=request.user,
                consultant=consultant,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("url", error.messages)
        else:
            messages.success(request, _("The webhook is registered."))
            return redirect("assessments:webhooks", organisation_id)
    hooks = _hooks(organisation, consultant).prefetch_related("deliveries")
    response = render(
        request,
        "assessments/webhooks/webhook_list.html",
        {
            "organisation": organisation,
            "form": form,
            "hooks": hooks,
            "as_consultant": consultant is not None,
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _hook(request, organisation_id, webhook_id):
    organisation, consultant = _manager(request.user, organisation_id)
    return get_object_or_404(_hooks(organisation, consultant), pk=webhook_id)


@login_required
@require_POST
def webhook_test(request, organisation_id, webhook_id):
    deliveries.test_event_send(webhook=_hook(request, organisation_id, webhook_id))
    messages.info(request, _("A test event is on its way."))
    return redirect("assessments:webhooks", organisation_id)


@login_required
@require_POST
def webhook_delete(request, organisation_id, webhook_id):
    _hook(request, organisation_id, webhook_id).delete()
    messages.success(request, _("The webhook is removed."))
    return redirect("assessments:webhooks", organisation_id)
