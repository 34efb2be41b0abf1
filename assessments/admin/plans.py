"""Consultants' view of the action plans and of the reminders that went out, each
scoped to the consultant's clients."""

from django.contrib import admin

from assessments.admin.scoping import ScopedAdminMixin
from assessments.models import Action, Reminder


@admin.register(Action)
class ActionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    organisation_path = "organisation"
    list_display = (
        "title",
        "organisation",
        "year",
        "source_code",
        "owner",
        "due_date",
        "status",
    )
    list_filter = ("status", "source", "year")
    search_fields = ("title", "organisation__name", "owner__user__email")
    raw_id_fields = ("organisation", "round", "owner", "created_by")
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "owner__user", "owner__organisation")
        )


@admin.register(Reminder)
class ReminderAdmin(ScopedAdminMixin, admin.ModelAdmin):
    organisation_path = "organisation"
    list_display = ("sent_on", "kind", "recipient", "organisation", "action")
    list_filter = ("kind", "sent_on")
    search_fields = ("recipient__email", "organisation__name")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recipient", "organisation", "action")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
