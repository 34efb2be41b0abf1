from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_ratelimit.decorators import ratelimit

from assessments.accounts import languages, throttling
from assessments.accounts.forms import SignUpForm


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
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return redirect(next_url)
        messages.success(request, _("Welcome! Now tell us about your organisation."))
        return redirect("assessments:organisation-create")
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
