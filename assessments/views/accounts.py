from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from assessments.accounts import throttling
from assessments.accounts.forms import SignUpForm
from assessments.history import texts as history_texts
from assessments.organisations import home as organisations_home
from assessments.organisations import members


def home(request):
    if not request.user.is_authenticated:
        return render(request, "assessments/home_anonymous.html")
    memberships = members.memberships_for_user(request.user)
    if not memberships:
        return redirect("assessments:organisation-create")
    year = timezone.now().year
    cards = organisations_home.home_cards(
        user=request.user, memberships=memberships, year=year
    )
    past_years = history_texts.past_year_rows(
        user=request.user, memberships=memberships, year=year
    )
    return render(
        request,
        "assessments/home.html",
        {"cards": cards, "year": year, "past_years": past_years},
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
