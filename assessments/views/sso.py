"""Single sign-on pages: the start (off to the provider) and the callback (back from
it). The code flow and its checks are in assessments/accounts/sso.py."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from assessments.accounts import sso

TEMPLATE = "registration/sso_failed.html"


def _failed(request, reason: str, status: int):
    return render(
        request,
        TEMPLATE,
        {"problem": sso.REASONS.get(reason, sso.REASONS["provider"])},
        status=status,
    )


class SSOStartView(OIDCAuthenticationRequestView):
    def __init__(self, *args, **kwargs):
        # The library reads a fixed endpoint from settings here; ours is discovered.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.SSO_CLIENT_ID

    def get(self, request):
        if not sso.is_configured():
            raise Http404("Single sign-on is not set up.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.discovery()["authorization_endpoint"]
        except (sso.SSOFailure, KeyError):
            return _failed(request, "provider", status=502)
        return super().get(request)


class SSOCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not sso.is_configured():
            raise Http404("Single sign-on is not set up.")
        return super().get(request)

    def login_failure(self):
        failure = getattr(self.request, sso.FAILURE_ATTRIBUTE, None)
        if failure is not None:
            return _failed(self.request, failure.reason, status=403)
        if self.request.GET.get("error"):
            # The person cancelled at the provider, or it refused them.
            return _failed(self.request, "provider", status=403)
        if getattr(self, "user", None) is not None and not self.user.is_active:
            return _failed(self.request, "inactive", status=403)
        # A callback without the state this browser was sent off with.
        return _failed(self.request, "token", status=400)
