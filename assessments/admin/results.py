from django.contrib import admin
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.admin import csv_export, displays
from assessments.admin.scoping import ScopedAdminMixin, ScopedValuesFilter
from assessments.answering import answer_scoring
from assessments.consultants import advice
from assessments.models import (
    RESULT_FIELDS,
    Advice,
    Answer,
    Response,
    ResponseNumbers,
    Round,
)
from assessments.organisations import rounds
from assessments.questionnaire.data import questionnaire_data, shown
from assessments.results import texts as result_texts
from assessments.teams import anonymity, round_store


class StageFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [(str(n), f"{n} {result_texts.STAGES[n]}") for n in scoring.STAGE_NAMES]

    def queryset(self, request, queryset):
        if self.value() in {str(n) for n in scoring.STAGE_NAMES}:
            return queryset.filter(stage=int(self.value()))
        return queryset


@admin.register(Round)
class RoundAdmin(ScopedAdminMixin, admin.ModelAdmin):
    organisation_path = "organisation"
    list_display = (
        "organisation",
        "year",
        "questionnaire",
        "is_anonymous",
        "is_closed",
    )
    list_filter = (
        ("year", ScopedValuesFilter),
        "is_closed",
        ("organisation__industry", ScopedValuesFilter),
    )
    search_fields = ("organisation__name",)
    actions = [csv_export.export_rounds]

    def get_readonly_fields(self, request, obj=None):
        # Moving a round or swapping its questionnaire would rewrite its results.
        if obj is not None:
            return (
                "organisation",
                "year",
                "questionnaire",
                "is_anonymous",
                "team_summary",
            )
        return ()

    def get_fields(self, request, obj=None):
        fields = ["organisation", "year", "questionnaire", "is_anonymous", "is_closed"]
        return [*fields, "team_summary"] if obj is not None else fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "questionnaire")
        )

    def save_model(self, request, obj, form, change):
        # Closing here is closing as on the team page: the service stamps the time,
        # tells the webhooks and the stored team result follows.
        if change and "is_closed" in form.changed_data and obj.is_closed:
            rounds.round_close(round=obj)
            round_store.round_changed(round=obj)
            return
        super().save_model(request, obj, form, change)

    @admin.display(description=_("team result"))
    def team_summary(self, round_):
        return displays.round_summary_html(
            round_,
            anonymity.for_reader(
                round_store.round_result_stored(round=round_),
                round=round_,
                user_id=None,
            ),
            advice.advice_for_round(round_),
            {
                "team_page_url": reverse("assessments:round-detail", args=[round_.pk]),
                "report_url": reverse("assessments:round-report", args=[round_.pk]),
                "client_url": reverse(
                    "admin-portfolio:client", args=[round_.organisation_id]
                ),
                "advice_add_url": reverse("admin:assessments_advice_add")
                + f"?round={round_.pk}",
            },
        )


class ResponseNumbersInline(admin.StackedInline):
    """The optional figures of the step "Your numbers", as the respondent gave them."""

    model = ResponseNumbers
    can_delete = False
    extra = 0
    max_num = 0

    def has_change_permission(self, request, obj=None):
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question_text", "label", "value", "question_code")
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question__part", "choice")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("code"))
    def question_code(self, answer):
        return answer.question.code

    @admin.display(description=_("statement"))
    def question_text(self, answer):
        return shown(answer.question, "text")

    @admin.display(description=_("value"))
    def value(self, answer):
        return answer.choice.value

    @admin.display(description=_("answer"))
    def label(self, answer):
        return shown(answer.choice, "label")


# x and y as the pages write them (two decimals), not as floats are stored.
SHOWN_RESULT_FIELDS = tuple(
    {"x": "x_display", "y": "y_display"}.get(name, name) for name in RESULT_FIELDS
)


@admin.register(Response)
class ResponseAdmin(ScopedAdminMixin, admin.ModelAdmin):
    organisation_path = "round__organisation"
    list_display = (
        "organisation",
        "year",
        "role",
        "x_display",
        "y_display",
        "stage_display",
        "verdict_display",
    )
    list_filter = (
        ("round__year", ScopedValuesFilter),
        ("round__organisation__industry", ScopedValuesFilter),
        StageFilter,
        "verdict",
        ("round__questionnaire__version", ScopedValuesFilter),
        "status",
    )
    search_fields = ("respondent__email", "round__organisation__name")
    inlines = [AnswerInline, ResponseNumbersInline]
    actions = [csv_export.export_responses]
    fields = (
        "round",
        "respondent",
        "role",
        "status",
        "last_step",
        *SHOWN_RESULT_FIELDS,
        "submitted_at",
        "result_summary",
    )
    readonly_fields = (
        "status",
        "last_step",
        *SHOWN_RESULT_FIELDS,
        "submitted_at",
        "result_summary",
    )
    raw_id_fields = ("round", "respondent")

    def get_queryset(self, request):
        # An anonymous round's responses are nobody's to read, superusers included;
        # its team result is on the round.
        return (
            super()
            .get_queryset(request)
            .filter(round__is_anonymous=False)
            .select_related("round__organisation", "round__questionnaire", "respondent")
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_submitted:
            return (*self.fields[:3], *self.readonly_fields)
        return self.readonly_fields

    @admin.display(description=_("organisation"), ordering="round__organisation__name")
    def organisation(self, response):
        return response.round.organisation

    @admin.display(description=_("year"), ordering="round__year")
    def year(self, response):
        return response.round.year

    @admin.display(description="x", ordering="x")
    def x_display(self, response):
        return "–" if response.x is None else number_format(response.x, 2)

    @admin.display(description="y", ordering="y")
    def y_display(self, response):
        return "–" if response.y is None else number_format(response.y, 2)

    @admin.display(description=_("stage"), ordering="stage")
    def stage_display(self, response):
        if response.stage is None:
            return "–"
        return f"{response.stage} {result_texts.STAGES[response.stage]}"

    @admin.display(description=_("verdict"), ordering="verdict")
    def verdict_display(self, response):
        if not response.verdict:
            return _("not submitted")
        return result_texts.VERDICT_SHORT[scoring.VerdictCode(response.verdict)]

    @admin.display(description=_("computed result"))
    def result_summary(self, response):
        if not response.is_submitted:
            return _("Computed when the response is submitted.")
        data = questionnaire_data(response.round.questionnaire)
        result = answer_scoring.response_result(response=response, data=data)
        return displays.response_summary_html(response, result, data)


@admin.register(Advice)
class AdviceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    organisation_path = "round__organisation"
    list_display = ("round", "author_name", "priority", "created_at")
    list_filter = ("priority",)
    search_fields = ("round__organisation__name", "text", "author_name")
    autocomplete_fields = ("round",)
    fields = ("round", "text", "priority", "author_name", "created_at")
    readonly_fields = ("author_name", "created_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("round__organisation")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # Advice stays on the round it was written for.
            return ("round", *self.readonly_fields)
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # A consultant edits their own advice; reading the others' needs only view.
        if (
            obj is not None
            and not request.user.is_superuser
            and obj.author_id != request.user.pk
        ):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
            obj.author_name = advice.author_name(request.user)
        super().save_model(request, obj, form, change)
