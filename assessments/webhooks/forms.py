from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import WebhookEvent

CHOICES = [c for c in WebhookEvent.choices if c[0] != WebhookEvent.TEST]


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Endpoint URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address that accepts a JSON POST."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
