from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from assessments.accounts import throttling, two_factor
from assessments.accounts.forms import PasswordConfirmForm, SecondFactorForm

MESSAGE_WRONG_CODE = gettext_lazy("That code is not right, or was already used.")


@login_required
def two_factor_status(request):
    user = request.user
    return render(
        request,
        "registration/two_factor_status.html",
        {
            "is_active": two_factor.has_second_factor(user),
            "codes_left": two_factor.recovery_codes_left(user=user),
            "remove_form": PasswordConfirmForm(user=user),
        },
    )


@login_required
@ratelimit(
    group="two-factor",
    key="user",
    rate=throttling.SECOND_FACTOR_RATE,
    method="POST",
)
def two_factor_setup(request):
    if two_factor.has_second_factor(request.user):
        return redirect("assessments:two-factor")
    device = two_factor.totp_device_pending(user=request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_confirm(
            request=request, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request, "registration/two_factor_codes.html", {"codes": codes}
            )
        form.add_error("code", MESSAGE_WRONG_CODE)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.totp_qr_svg(device),
            "secret": two_factor.totp_secret(device),
        },
        status=400 if form.errors else 200,
    )


@login_required
@ratelimit(
    group="two-factor",
    key="user",
    rate=throttling.SECOND_FACTOR_RATE,
    method="POST",
)
def two_factor_verify(request):
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_check(
            request=request, token=form.cleaned_data["code"]
        ):
            return redirect(next_url or "assessments:home")
        form.add_error("code", MESSAGE_WRONG_CODE)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def recovery_codes_new(request):
    if not request.user.is_verified():
        return redirect("assessments:two-factor")
    codes = two_factor.recovery_codes_new(user=request.user)
    return render(request, "registration/two_factor_codes.html", {"codes": codes})


@login_required
@require_POST
@ratelimit(
    group="account-delete",
    key="user",
    rate=throttling.ACCOUNT_DELETE_RATE,
    method="POST",
)
def two_factor_remove(request):
    form = PasswordConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("That is not your password."))
        return redirect("assessments:two-factor")
    two_factor.second_factor_remove(user=request.user)
    messages.success(request, _("The second factor is off."))
    return redirect("assessments:two-factor")
