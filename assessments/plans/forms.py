from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Action, Membership

EARLIEST_DUE_YEAR = 2000
LATEST_DUE_YEAR = 2100
NOTES_MAX_LENGTH = 2000


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.user.email} ({membership.get_role_display()})"


class ActionForm(forms.Form):
    title = forms.CharField(
        label=_("Action"),
        max_length=Action._meta.get_field("title").max_length,
        help_text=_("What will be done, in a sentence."),
    )
    owner = OwnerChoiceField(
        label=_("Owner"),
        queryset=Membership.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Choose a member of this organisation as the owner.")
        },
    )
    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a valid date as YYYY-MM-DD.")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if not EARLIEST_DUE_YEAR <= due_date.year <= LATEST_DUE_YEAR:
            raise forms.ValidationError(
                _("Choose a due date between %(first)s and %(last)s.")
                % {"first": EARLIEST_DUE_YEAR, "last": LATEST_DUE_YEAR},
                code="due_date_range",
            )
        return due_date


class ActionUpdateForm(ActionForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Action.Status.choices,
        error_messages={
            "invalid_choice": _("Choose one of: open, in progress, done, dropped.")
        },
    )

    field_order = ("title", "status", "owner", "due_date", "notes")
