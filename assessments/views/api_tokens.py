from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.api import tokens
from assessments.api.forms import TokenForm
from assessments.models import ApiToken


@login_required
def token_list(request):
    """The person's API tokens; a new token's secret is shown on this response only."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            form = TokenForm()
    response = render(
        request,
        "assessments/accounts/token_list.html",
        {
            "form": form,
            "created": created,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id):
    if not tokens.token_revoke(user=request.user, token_id=token_id):
        raise Http404("No such token.")
    messages.success(request, _("The token is revoked."))
    return redirect("assessments:api-tokens")
