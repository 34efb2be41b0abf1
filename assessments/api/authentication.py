from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from assessments.api import tokens


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer lmm_…` with a personal access token."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )
        try:
            secret = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid.")
            ) from None
        token = tokens.token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is unknown, expired or revoked.")
            )
        # For the audit trail (audit.events.AuditMiddleware), which sees the
        # Django request, not DRF's.
        request._request.lmm_api_token = token
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "assessments.api.authentication.TokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
