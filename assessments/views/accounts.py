from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_ratelimit.decorators import ratelimit

from assessments.accounts import confirmation, languages, throttling
from assessments.accounts.forms import SignUpForm

MESSAGE_NOT_SENT = gettext_lazy(
    "The email with the link could not be sent just now. Try again in a few "
    "minutes with “Send the link again”."
)


@ratelimit(
    group="signup",
    key=throttling.ip_key,
    rate=throttling.SIGNUP_RATE_PER_IP,
    method="POST",
)
def signup(request):
    if request.user.is_authenticated:
        return redirect("assessments:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except IntegrityError:
            # Another sign-up with this email won the race since the form's check.
            form.add_error("email", form.email_taken_error())
            return render(
                request,
                "registration/signup.html",
                {"form": form, "next": request.POST.get("next", "")},
            )
        confirmation.mark_unconfirmed(user)
        if not confirmation.confirmation_send(
            user=user, base_url=request.build_absolute_uri("/")
        ):
            messages.warning(request, MESSAGE_NOT_SENT)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            # Where to go once the address is confirmed (an invitation, say).
            request.session[confirmation.NEXT_SESSION_KEY] = next_url
        return redirect("assessments:email-confirm-pending")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@require_POST
def language_set(request):
    """Switch the language (cookie, via Django's view) and, when logged in, remember
    it on the person's profile and in their session."""
    response = set_language(request)
    language = languages.supported(request.POST.get("language"))
    if language and request.user.is_authenticated:
        languages.language_remember(user=request.user, language=language)
        request.session[languages.SESSION_KEY] = language
    return response


@login_required
@ratelimit(
    group="confirm-resend",
    key="user",
    rate=throttling.CONFIRM_RESEND_RATE,
    method="POST",
)
def email_confirm_pending(request):
    """Asks for the emailed link; sends it again on request."""
    if confirmation.is_confirmed(request.user):
        return redirect("assessments:home")
    if request.method == "POST":
        if confirmation.confirmation_send(
            user=request.user, base_url=request.build_absolute_uri("/")
        ):
            messages.info(request, _("A new link is on its way."))
        else:
            messages.warning(request, MESSAGE_NOT_SENT)
        return redirect("assessments:email-confirm-pending")
    return render(request, "registration/confirm_pending.html")


def email_confirm(request, uidb64, token):
    user = confirmation.confirmation_check(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "registration/confirm_failed.html", status=400)
    messages.success(request, _("Thank you: your email address is confirmed."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        next_url = request.session.pop(confirmation.NEXT_SESSION_KEY, "")
        if next_url:
            return redirect(next_url)
        messages.info(request, _("Now tell us about your organisation."))
        return redirect("assessments:organisation-create")
    return redirect("login")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset form; a completed reset also proves the address (the link was
    emailed to it) and lifts the log-in lockouts of the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        confirmation.mark_confirmed(form.user)
        throttling.lockouts_lift(user=form.user)
        return response
