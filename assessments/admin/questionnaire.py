from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments.models import Choice, Part, Question, Questionnaire
from assessments.questionnaire import versions


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
    fields = ("position", "kind", "title", "title_de")
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

    @admin.action(
        description=_("Copy into a new draft version"), permissions=["change"]
    )
    def copy_to_new_version(self, request, queryset):
        for questionnaire in queryset:
            copy = versions.questionnaire_new_version(source=questionnaire)
            self.message_user(
                request,
                _("Version %(version)s created as a draft.")
                % {"version": copy.version},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publish the selected draft"), permissions=["change"])
    def publish(self, request, queryset):
        for questionnaire in queryset:
            try:
                versions.questionnaire_publish(questionnaire=questionnaire)
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
    fields = ("position", "code", "text", "text_de", "phase", "lm_stage", "same_as")
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
    fields = ("position", "value", "label", "label_de")

    def _questionnaire_of(self, obj):
        return obj.part.questionnaire


@admin.register(Question)
class QuestionAdmin(PublishedReadOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "text", "part", "phase", "lm_stage", "same_as", "position")
    list_filter = ("part__questionnaire", "part__kind", "phase", "lm_stage")
    search_fields = ("code", "text", "text_de")
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
