from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from assessments import scoring, services
from assessments.models import (
    Answer,
    Choice,
    Invitation,
    Membership,
    Organisation,
    Part,
    Question,
    Questionnaire,
    Response,
    ResponseNumbers,
    Round,
)


class PublishedReadOnlyMixin:
    """A published questionnaire version is frozen: nothing in it is added, changed or
    deleted. Staff copy it into a new version instead."""

    def _questionnaire_of(self, obj):
        raise NotImplementedError

    def _is_frozen(self, obj) -> bool:
        return obj is not None and self._questionnaire_of(obj).is_published

    def has_change_permission(self, request, obj=None):
        return not self._is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._is_frozen(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        # Inlines receive the parent object; model admins take the request alone.
        if self._is_frozen(obj):
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)


class PartInline(PublishedReadOnlyMixin, admin.TabularInline):
    model = Part
    extra = 0
    fields = ("position", "kind", "title")
    show_change_link = True

    def _questionnaire_of(self, obj):
        return obj


@admin.register(Questionnaire)
class QuestionnaireAdmin(PublishedReadOnlyMixin, admin.ModelAdmin):
    list_display = ("version", "title", "is_published", "published_at")
    inlines = [PartInline]
    readonly_fields = ("version", "is_published", "published_at", "created_at")
    actions = ["copy_to_new_version", "publish"]

    def _questionnaire_of(self, obj):
        return obj

    def has_add_permission(self, request, obj=None):
        # New versions are copies of an existing one, made with the action.
        return False

    @admin.action(description=_("Copy into a new draft version"))
    def copy_to_new_version(self, request, queryset):
        for questionnaire in queryset:
            copy = services.questionnaire_new_version(source=questionnaire)
            self.message_user(
                request,
                _("Version %(version)s created as a draft.")
                % {"version": copy.version},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the selected draft"))
    def publish(self, request, queryset):
        for questionnaire in queryset:
            try:
                services.questionnaire_publish(questionnaire=questionnaire)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("Version %(version)s was not published: %(problems)s")
                    % {
                        "version": questionnaire.version,
                        "problems": " ".join(error.messages),
                    },
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("Version %(version)s is published; new rounds use it.")
                    % {"version": questionnaire.version},
                    messages.SUCCESS,
                )


class QuestionInline(PublishedReadOnlyMixin, admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "code", "text", "phase", "lm_stage")
    show_change_link = True

    def _questionnaire_of(self, obj):
        return obj.questionnaire


@admin.register(Part)
class PartAdmin(PublishedReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "rating_scale", "questionnaire", "position")
    list_filter = ("questionnaire", "kind")
    inlines = [QuestionInline]

    def _questionnaire_of(self, obj):
        return obj.questionnaire

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "questionnaire":
            kwargs["queryset"] = Questionnaire.objects.filter(is_published=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ChoiceInline(PublishedReadOnlyMixin, admin.TabularInline):
    model = Choice
    extra = 0
    fields = ("position", "value", "label")

    def _questionnaire_of(self, obj):
        return obj.part.questionnaire


@admin.register(Question)
class QuestionAdmin(PublishedReadOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "text", "part", "phase", "lm_stage", "position")
    list_filter = ("part__questionnaire", "part__kind", "phase", "lm_stage")
    search_fields = ("code", "text")
    inlines = [ChoiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("part__questionnaire")

    def _questionnaire_of(self, obj):
        return obj.part.questionnaire

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "part":
            kwargs["queryset"] = Part.objects.filter(
                questionnaire__is_published=False
            ).select_related("questionnaire")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "is_admin")
    raw_id_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "industry", "revenue_team_size", "monthly_lead_volume")
    list_filter = ("industry",)
    search_fields = ("name", "industry")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "is_admin")
    list_filter = ("role", "is_admin")
    search_fields = ("user__email", "user__username", "organisation__name")
    raw_id_fields = ("user", "organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "role", "created_at", "expires_at", "used_at")
    readonly_fields = ("token", "created_at", "used_at", "used_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "questionnaire", "is_closed")
    list_filter = ("year", "is_closed", "organisation__industry")
    search_fields = ("organisation__name",)

    def get_readonly_fields(self, request, obj=None):
        # Moving a round or swapping its questionnaire would rewrite its results.
        if obj is not None:
            return ("organisation", "year", "questionnaire")
        return ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "questionnaire")
        )


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question_code", "question_text", "value", "label")
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

    @admin.display(description=_("question"))
    def question_text(self, answer):
        return answer.question.text

    @admin.display(description=_("value"))
    def value(self, answer):
        return answer.choice.value

    @admin.display(description=_("answer"))
    def label(self, answer):
        return answer.choice.label


RESULT_FIELDS = (
    "x",
    "y",
    "relationship_level",
    "maturity_level",
    "stage",
    "verdict",
    "submitted_at",
)


class ResponseNumbersInline(admin.StackedInline):
    """The optional figures of the step "Your numbers", as the respondent gave them."""

    model = ResponseNumbers
    can_delete = False
    extra = 0
    max_num = 0

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = (
        "respondent",
        "organisation",
        "year",
        "role",
        "status",
        "position",
        "stage_display",
        "verdict",
    )
    list_filter = ("status", "verdict", "stage", "role", "round__year")
    search_fields = ("respondent__email", "round__organisation__name")
    inlines = [AnswerInline, ResponseNumbersInline]
    fields = (
        "round",
        "respondent",
        "role",
        "status",
        "last_step",
        *RESULT_FIELDS,
        "result_summary",
    )
    readonly_fields = ("status", "last_step", *RESULT_FIELDS, "result_summary")
    raw_id_fields = ("round", "respondent")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
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

    @admin.display(description=_("position (x, y)"))
    def position(self, response):
        if response.x is None:
            return "–"
        return f"({response.x:.2f}, {response.y:.2f})"

    @admin.display(description=_("stage"), ordering="stage")
    def stage_display(self, response):
        if response.stage is None:
            return "–"
        return f"{response.stage} {scoring.STAGE_NAMES[response.stage]}"

    @admin.display(description=_("computed result"))
    def result_summary(self, response):
        if not response.is_submitted:
            return _("Computed when the response is submitted.")
        result = services.response_result(response=response)
        lines = [
            (
                _("Relationship"),
                f"{result.relationship.level} {result.relationship.name}",
            ),
            (_("Lead management"), f"{result.maturity.level} {result.maturity.name}"),
            (_("Stage"), f"{result.stage.number} {result.stage.name}"),
            (
                _("Verdict"),
                f"{result.verdict.code.value}, distance {result.verdict.distance}",
            ),
            (_("Next milestone"), result.verdict.next_milestone or "–"),
            (_("Checks"), ", ".join(c.code for c in result.checks) or "–"),
            (_("Weakest statements"), ", ".join(result.upgrade.weakest) or "–"),
        ]
        return format_html(
            "<dl>{}</dl>",
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", lines),
        )


# The plan models register themselves in their own module.
from assessments import plan_admin  # noqa: E402, F401
