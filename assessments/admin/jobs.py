"""Background jobs in the admin: what ran, how it ended, and clearing old ones.
Their rows hold clients' answers (imports) and pages (PDFs): superusers only."""

from django.contrib import admin

from assessments.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "status", "owner", "attempts", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("key", "owner__email")
    readonly_fields = [field.name for field in Job._meta.fields if field.name != "id"]
    exclude = ("payload", "result")
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
