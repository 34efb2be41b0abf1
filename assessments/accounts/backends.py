"""Log-in by address: the site's log-in field asks for an email."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from assessments.accounts import sso


class EmailBackend(ModelBackend):
    """Accounts made on the site use their address as user name; one made with
    `createsuperuser` has another user name, so its address is looked up too."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or "@" not in username:
            return None
        matches = list(
            get_user_model().objects.filter(email__iexact=username.strip())[:2]
        )
        # Two accounts with one address: which one is meant is unknown.
        if len(matches) != 1:
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class PasswordOffGuard:
    """Before the password backends: stops a password log-in, by address or by user
    name (the admin's log-in form), of an account whose domain signs in with SSO
    only. It never logs anyone in, so it has no `get_user` (which would make
    `force_login` pick it)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None or not sso.is_configured():
            return None
        email = username.strip()
        if "@" not in email:
            email = (
                get_user_model()
                .objects.filter(username=email)
                .values_list("email", flat=True)
                .first()
                or ""
            )
        if sso.password_login_off(email):
            raise PermissionDenied("This address signs in with single sign-on only.")
        return None
