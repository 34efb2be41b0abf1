from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Webhook
from assessments.organisations import access
from assessments.webhooks import deliveries
from assessments.webhooks.forms import WebhookForm


@login_required
def webhook_list(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deliveries.webhook_create(
                organisation=membership.organisation,
                created_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("url", error.messages)
        else:
            messages.success(request, _("The webhook is registered."))
            return redirect("assessments:webhooks", organisation_id)
    hooks = Webhook.objects.filter(organisation_id=organisation_id).prefetch_related(
        "deliveries"
    )
    response = render(
        request,
        "assessments/webhooks/webhook_list.html",
        {"organisation": membership.organisation, "form": form, "hooks": hooks},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _hook(request, organisation_id, webhook_id):
    access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    return get_object_or_404(Webhook, pk=webhook_id, organisation_id=organisation_id)


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
