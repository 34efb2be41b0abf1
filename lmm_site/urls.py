from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django_ratelimit.decorators import ratelimit

from assessments.accounts import throttling
from assessments.accounts.forms import (
    EmailAuthenticationForm,
    ImportedUserPasswordResetForm,
)
from assessments.views import sso as sso_views
from assessments.views.accounts import PasswordResetConfirmView, language_set
from assessments.views.sharing import share_link_open
from lmm_site.health import healthz

password_reset = auth_views.PasswordResetView.as_view(
    form_class=ImportedUserPasswordResetForm
)
for group, key, rate in (
    ("password-reset-email", throttling.posted_email, throttling.RESET_RATE_PER_EMAIL),
    ("password-reset-ip", throttling.ip_key, throttling.RESET_RATE_PER_IP),
):
    password_reset = ratelimit(group=group, key=key, rate=rate, method="POST")(
        password_reset
    )

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", language_set, name="set_language"),
    path("admin/portfolio/", include("assessments.admin.urls")),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm),
        name="login",
    ),
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/logout/", sso_views.SSOLogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sso/signed-out/", sso_views.signed_out, name="sso-signed-out"),
    # Single sign-on: start, callback (the redirect URI to register at the provider).
    path("sso/", include("mozilla_django_oidc.urls")),
    path("", include("assessments.urls")),
    # Outside the app's namespace so the link stays short; after the site's URLs,
    # which register the converters.
    path("s/<token:token>/", share_link_open, name="share-open"),
    # After the site's URLs, which register the `id` converter the API's use too.
    path("api/v1/", include("assessments.api.urls")),
]
