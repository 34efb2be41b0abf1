from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessments.models import Organisation, Role

MAX_TEAM_SIZE = 1_000_000
MAX_LEAD_VOLUME = 100_000_000


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


# Django's own message quotes the value sent, however long it is.
ROLE_ERRORS = {"invalid_choice": _("Choose one of the roles offered.")}


class OrganisationForm(forms.ModelForm):
    role = forms.ChoiceField(
        label=_("Your role"),
        choices=Role.choices,
        error_messages=ROLE_ERRORS,
        initial=Role.LEADERSHIP,
        help_text=_("The function you answer for."),
    )

    class Meta:
        model = Organisation
        fields = ("name", "industry", "revenue_team_size", "monthly_lead_volume")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("revenue_team_size", "monthly_lead_volume"):
            self.fields[name].required = True
        self.fields["revenue_team_size"].max_value = MAX_TEAM_SIZE
        self.fields["monthly_lead_volume"].max_value = MAX_LEAD_VOLUME
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_revenue_team_size(self):
        size = self.cleaned_data["revenue_team_size"]
        if size is not None and not 1 <= size <= MAX_TEAM_SIZE:
            raise forms.ValidationError(
                _("Enter a team size between 1 and %(max)s."),
                code="team_size_range",
                params={"max": MAX_TEAM_SIZE},
            )
        return size

    def clean_monthly_lead_volume(self):
        volume = self.cleaned_data["monthly_lead_volume"]
        if volume is not None and volume > MAX_LEAD_VOLUME:
            raise forms.ValidationError(
                _("Enter a lead volume up to %(max)s."),
                code="lead_volume_range",
                params={"max": MAX_LEAD_VOLUME},
            )
        return volume


class StepForm(forms.Form):
    """One questionnaire step: a radio group per question, named by the question code."""

    def __init__(self, *args, questions, choices, require_all=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(c.value, c.label) for c in choices[question.code].values()],
                coerce=int,
                widget=forms.RadioSelect,
                required=require_all,
                error_messages={
                    "required": _("Please answer this question."),
                    "invalid_choice": _("Pick one of the answers offered."),
                },
            )
            self.fields[question.code] = field
        self.helper = FormHelper()
        self.helper.form_tag = False
        # One lean template per question: crispy's nested radio templates cost two
        # thirds of a step's server time.
        self.helper.field_template = "assessments/includes/_question_field.html"
        self.helper.layout = Layout(*(q.code for q in questions))

    def answered(self) -> dict[str, int]:
        """The valid answers given, leaving out unanswered questions."""
        return {
            code: value
            for code, value in self.cleaned_data.items()
            if value not in (None, "")
        }

    def missing_labels(self) -> list[str]:
        return [
            str(self.fields[code].label)
            for code, errors in self.errors.items()
            if code in self.fields
            for error in errors.as_data()
            if error.code == "required"
        ]


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the email address, whatever its case."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class MembershipForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=Role.choices, error_messages=ROLE_ERRORS
    )
    is_admin = forms.BooleanField(label=_("Admin"), required=False)


class InvitationForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role of the colleague"),
        choices=Role.choices,
        initial=Role.SALES,
        error_messages=ROLE_ERRORS,
    )


class ImportedUserPasswordResetForm(PasswordResetForm):
    """Password reset that also reaches people imported without a password.

    Django skips users with an unusable password; here only `import_answers` makes
    them, and the link proves the person holds the address, so they may set one.
    """

    def get_users(self, email):
        email = email.strip().lower()
        return get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True
        )
