from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.answering.numbers import MESSAGE_SALS_ABOVE_MQLS


class StepForm(forms.Form):
    """One questionnaire step: a radio group per question, named by the question code.

    `required_codes(given)` tells which codes must be answered once the page's answers
    are known (a follow-up only when they call for it); `last_year` maps a code to
    last year's answer label, shown with the question; `follow_up_intros` maps a
    follow-up's code to the sentence that introduces it. The page renders each
    question with assessments/answering/_question.html.
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

    def markup_key(self) -> str:
        """Everything a question's markup shows besides the version's own texts:
        the answer selected, last year's answer and a follow-up's introduction."""
        return "|".join(
            f"{bound.value()}:{bound.field.last_year}:{bound.field.follow_up_intro}"
            for bound in self
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
