"""Single sign-on pages: the start (off to the provider) and the callback (back from
it). The code flow and its checks are in assessments/accounts/sso.py."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import LogoutView
from django.http import Http404
from django.shortcuts import redirect, render
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from assessments.accounts import sso

TEMPLATE = "registration/sso_failed.html"
# mozilla-django-oidc keeps the id token here (OIDC_STORE_ID_TOKEN).
ID_TOKEN_KEY = "oidc_id_token"
SIGNED_OUT_HINT_KEY = "sso_signed_out_id_token"


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


class SSOLogoutView(LogoutView):
    """Django's log-out; after an SSO log-in it then offers to end the provider's
    session too. That is a link, not a redirect: the site's CSP allows forms to
    post only to itself, and a log-out form redirected to the provider would be
    blocked by the browser."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(ID_TOKEN_KEY) if sso.is_configured() else None
        answer = super().post(request, *args, **kwargs)
        if id_token:
            # The log-out emptied the session; the hint goes into the new one.
            request.session[SIGNED_OUT_HINT_KEY] = id_token
            return redirect("sso-signed-out")
        return answer


def signed_out(request):
    """Logged out of the site; a link ends the session at the provider as well."""
    id_token = request.session.pop(SIGNED_OUT_HINT_KEY, None)
    end_session = None
    if id_token and sso.is_configured():
        try:
            endpoint = sso.discovery().get("end_session_endpoint")
        except sso.SSOFailure:
            endpoint = None
        if endpoint:
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "client_id": settings.SSO_CLIENT_ID,
                    "post_logout_redirect_uri": request.build_absolute_uri("/"),
                }
            )
            end_session = f"{endpoint}?{query}"
    return render(
        request, "registration/sso_signed_out.html", {"end_session": end_session}
    )
