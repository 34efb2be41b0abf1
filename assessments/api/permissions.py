from rest_framework import permissions

from assessments.models import ApiToken


class TokenScope(permissions.BasePermission):
    """A read-only token reads; writing needs a read-write token (or the session)."""

    message = "This token is read-only: writing needs a read-write token."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        if isinstance(token, ApiToken):
            return token.scope == ApiToken.Scope.WRITE
        return True
