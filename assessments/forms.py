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
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from assessments.languages import user_language
from assessments.models import Organisation, Role
from assessments.numbers import MESSAGE_SALS_ABOVE_MQLS
from assessments.step_markup import FrozenQuestion

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
    """One questionnaire step: a radio group per question, named by the question code.

    `required_codes(given)` tells which codes must be answered once the page's answers
    are known (a follow-up only when they call for it); `last_year` maps a code to
    last year's answer label, shown with the question; `follow_up_intros` maps a
    follow-up's code to the sentence that introduces it. `version_key` names a
    published questionnaire version: its question markup is then rendered once per
    process and language (see step_markup).
    """

    def __init__(
        self,
        *args,
        questions,
        choices,
        require_all=True,
        required_codes=None,
        last_year=None,
        follow_up_intros=None,
        version_key=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.choices = choices
        self.require_all = require_all
        self.required_codes = required_codes
        self.missing: list[str] = []
        last_year = last_year or {}
        follow_up_intros = follow_up_intros or {}
        for question in questions:
            field = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(c.value, c.label) for c in choices[question.code].values()],
                coerce=int,
                widget=forms.RadioSelect,
                # Whether an answer is needed is decided in clean(), from all of them.
                required=False,
                error_messages={
                    "invalid_choice": _("Pick one of the answers offered."),
                },
            )
            field.last_year = last_year.get(question.code, "")
            field.follow_up_intro = follow_up_intros.get(question.code, "")
            self.fields[question.code] = field
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's <form> has the token already.
        self.helper.disable_csrf = True
        # One lean template per question: crispy's nested radio templates cost two
        # thirds of a step's server time.
        self.helper.field_template = "assessments/includes/_question_field.html"
        # A published (frozen) version: each question's markup is rendered once.
        self.helper.layout = Layout(
            *(
                FrozenQuestion(q.code, version_key) if version_key else q.code
                for q in questions
            )
        )

    def clean(self):
        cleaned = super().clean()
        given = self.answered()
        if self.required_codes is None:
            required = set(self.fields)
        else:
            required = set(self.required_codes(given))
        self.missing = [
            code
            for code in self.fields
            if code in required and code not in given and code not in self.errors
        ]
        if self.require_all:
            for code in self.missing:
                self.add_error(
                    code,
                    forms.ValidationError(
                        _("Please answer this question."), code="required"
                    ),
                )
        return cleaned

    def is_complete(self) -> bool:
        """Valid, and every question the page asks is answered."""
        return self.is_valid() and not self.missing

    def answered(self) -> dict[str, int]:
        """The valid answers given, leaving out unanswered questions."""
        return {
            code: value
            for code, value in self.cleaned_data.items()
            if value not in (None, "")
        }

    def mark_missing(self, codes) -> None:
        """Mark questions as needing an answer on a page that was not posted."""
        # add_error() expects the cleaned data an unposted form never gets.
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        for code in codes:
            self.add_error(
                code,
                forms.ValidationError(
                    _("Please answer this question."), code="required"
                ),
            )

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor of the question's first answer, question text) per question with an
        error, in page order, for the summary at the top of the page."""
        return [
            (f"{self[code].auto_id}_0", str(self.fields[code].label))
            for code in self.fields
            if code in self.errors
        ]


class ResponseStartForm(forms.Form):
    """How a member who answered last year begins this year's response."""

    LAST_YEAR = "last_year"
    FRESH = "fresh"

    origin = forms.ChoiceField(
        label=_("How would you like to start?"),
        choices=[
            (LAST_YEAR, _("Start from last year's answers")),
            (FRESH, _("Start fresh")),
        ],
        initial=LAST_YEAR,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Pick one of the two ways to start.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


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


# The counts sit in PositiveIntegerFields; the pipeline in a PositiveBigIntegerField.
MAX_COUNT = 100_000_000
MAX_PIPELINE = 10**15


class NumbersForm(forms.Form):
    """The optional step "Your numbers": every field may stay empty."""

    inquiries = forms.IntegerField(
        label=_("Inquiries per month"),
        help_text=_("Every new contact that shows interest, from any source."),
    )
    mqls = forms.IntegerField(
        label=_("Marketing qualified leads (MQLs) per month"),
        help_text=_("Leads marketing passes to sales as qualified."),
    )
    sals = forms.IntegerField(
        label=_("Sales accepted leads (SALs) per month"),
        help_text=_("MQLs that sales checks and accepts."),
    )
    sqls = forms.IntegerField(
        label=_("Sales qualified leads (SQLs) per month"),
        help_text=_("Accepted leads sales has qualified as real opportunities."),
    )
    won_deals = forms.IntegerField(label=_("Won deals per month"))
    hours_to_first_contact = forms.IntegerField(
        label=_("Median hours to first contact"),
        help_text=_("From a new lead's arrival to the first real contact."),
    )
    pipeline_created = forms.IntegerField(
        label=_("Pipeline created per month"),
        help_text=_("Value of the new opportunities, in your currency, whole units."),
        max_value=MAX_PIPELINE,
    )
    known_source_share = forms.IntegerField(
        label=_("Share of won deals with a known source (%)"),
        help_text=_("Out of 100: won deals whose original lead source is recorded."),
        max_value=100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._range_messages = {}
        for name, field in self.fields.items():
            field.required = False
            field.min_value = 0
            if field.max_value is None:
                field.max_value = MAX_COUNT
            field.widget = forms.NumberInput(
                attrs={"min": 0, "max": field.max_value, "step": 1}
            )
            field.validators = []
            field.error_messages["invalid"] = _("Enter a whole number, such as 40.")
            self._range_messages[name] = (
                _("Enter a share from 0 to 100.")
                if name == "known_source_share"
                else _("Enter a whole number of 0 or more, up to %(max)s.")
                % {"max": f"{field.max_value:,}"}
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= field.max_value:
                self.add_error(
                    name,
                    forms.ValidationError(
                        self._range_messages[name], code="out_of_range"
                    ),
                )
        sals, mqls = cleaned.get("sals"), cleaned.get("mqls")
        if sals is not None and mqls is not None and sals > mqls:
            self.add_error(
                "sals",
                forms.ValidationError(
                    MESSAGE_SALS_ABOVE_MQLS,
                    code="sals_above_mqls",
                    params={"sals": sals, "mqls": mqls},
                ),
            )
        return cleaned


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
        return get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True
        )
