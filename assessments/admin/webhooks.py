"""The webhook delivery log. Payloads hold clients' results: superusers only."""

from django.contrib import admin

from assessments.models import WebhookDelivery


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "event",
        "webhook",
        "status",
        "attempts",
        "response_status",
    )
    list_filter = ("event", "status")
    search_fields = ("webhook__url", "webhook__organisation__name", "event_id")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields if f.name != "id"]
    list_select_related = ("webhook",)
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
