"""Forms for a person's account: sign-up, log-in by e-mail address, and the reset
that also lets imported people choose their first password."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from assessments.accounts import sso
from assessments.accounts.languages import user_language


def sso_only_error():
    return forms.ValidationError(
        _(
            "Your organisation signs in with single sign-on: use the single "
            "sign-on button above instead of a password."
        ),
        code="sso_only",
    )


class SignUpForm(UserCreationForm):
    # The email doubles as the username, which holds 150 characters.
    email = forms.EmailField(
        label=_("Email"), max_length=150, help_text=_("Used to log in and reset.")
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("email",)

    @staticmethod
    def email_taken_error():
        return forms.ValidationError(
            _(
                "An account with this email already exists. Log in, or reset the "
                "password if you never chose one."
            ),
            code="email_taken",
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise self.email_taken_error()
        if sso.password_login_off(email):
            raise sso_only_error()
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = self.cleaned_data["email"]
        user.email = self.cleaned_data["email"]
        if commit:
            # A savepoint, so that a unique-constraint race leaves the request's
            # transaction usable on PostgreSQL.
            with transaction.atomic():
                user.save()
        return user


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the email address, whatever its case."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")

    def clean_username(self):
        username = self.cleaned_data["username"].strip().lower()
        # Refused before the password is checked, so the page says why.
        if sso.password_login_off(username):
            raise sso_only_error()
        return username


class ImportedUserPasswordResetForm(PasswordResetForm):
    """Password reset that also reaches people imported without a password.

    Django skips users with an unusable password; here only `import_answers` makes
    them, and the link proves the person holds the address, so they may set one.
    """

    def send_mail(
        self, subject_template_name, email_template_name, context, *args, **kwargs
    ):
        # The email goes out in the language its recipient chose, not the asker's.
        with translation.override(user_language(context["user"])):
            super().send_mail(
                subject_template_name, email_template_name, context, *args, **kwargs
            )

    def get_users(self, email):
        email = email.strip().lower()
        # No link for an address that signs in with SSO only: a password set through
        # it would be a way round the switch. The page reads the same either way.
        if sso.password_login_off(email):
            return get_user_model()._default_manager.none()
        return get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True
        )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Six digits from your authenticator app, or one recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    """Asks for the password once more: a session left open is not consent."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password."), code="password_incorrect"
            )
        return password
