import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from assessments.accounts import throttling
from assessments.accounts.forms import PasswordConfirmForm
from assessments.privacy import deletion
from assessments.privacy.export import personal_data


@login_required
def my_data(request):
    data = personal_data(user=request.user)
    # The download keeps ISO dates for machines; the page writes them the reader's way.
    joined = data["profile"]["date_joined"]
    data["profile"]["date_joined"] = parse_datetime(joined) if joined else None
    for action in data["actions"]:
        due = action.get("due_date")
        action["due_date"] = parse_date(due) if due else None
    return render(request, "assessments/privacy/my_data.html", {"data": data})


@login_required
def my_data_download(request):
    response = HttpResponse(
        json.dumps(personal_data(user=request.user), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-lmm-data.json"'
    return response


@login_required
@ratelimit(
    group="account-delete",
    key="user",
    rate=throttling.ACCOUNT_DELETE_RATE,
    method="POST",
)
def account_delete(request):
    user = request.user
    form = PasswordConfirmForm(request.POST or None, user=user)
    blocking = deletion.organisations_blocking_deletion(user=user)
    if request.method == "POST" and form.is_valid() and not blocking:
        try:
            deletion.account_delete(user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account and your answers are deleted."))
            return redirect("assessments:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/privacy/account_delete.html",
        {
            "form": form,
            "blocking": blocking,
            "deleted_with": deletion.organisations_deleted_with(user=user),
        },
        status=status,
    )
