"""Forms for an organisation: its description, a member's role, a new invitation."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Organisation, Role

MAX_TEAM_SIZE = 1_000_000


MAX_LEAD_VOLUME = 100_000_000


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
    email = forms.EmailField(
        label=_("Their email address (optional)"),
        required=False,
        max_length=150,
        help_text=_(
            "With an address, the link is mailed to it and only that person can use it."
        ),
        error_messages={
            "invalid": _("Enter a valid email address, or leave it empty.")
        },
    )


MAX_ANONYMITY_THRESHOLD = 50


THRESHOLD_MESSAGE = _("Enter a whole number of people between 2 and 50.")


class AnonymityForm(forms.ModelForm):
    """Whether the organisation's next rounds are anonymous, and from how many
    respondents of a role its result is shown in them."""

    anonymity_threshold = forms.IntegerField(
        min_value=2,
        max_value=MAX_ANONYMITY_THRESHOLD,
        error_messages=dict.fromkeys(
            ("invalid", "required", "min_value", "max_value"), THRESHOLD_MESSAGE
        ),
    )

    class Meta:
        model = Organisation
        fields = ("anonymous_rounds", "anonymity_threshold")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_field = Organisation._meta.get_field("anonymity_threshold")
        self.fields["anonymity_threshold"].label = model_field.verbose_name
        self.fields["anonymity_threshold"].help_text = model_field.help_text
