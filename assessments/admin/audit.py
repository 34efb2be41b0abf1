from django.contrib import admin

from assessments.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The whole trail, for superusers only: read, never edited."""

    list_display = ("at", "kind", "actor", "organisation", "target", "ip_address")
    list_filter = ("kind", "at")
    search_fields = ("actor__email", "organisation__name", "target")
    date_hierarchy = "at"
    list_select_related = ("actor", "organisation")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
