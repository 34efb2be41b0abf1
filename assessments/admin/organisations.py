from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from assessments.admin.scoping import ScopedAdminMixin, ScopedValuesFilter
from assessments.models import Invitation, Membership, Organisation


class KnownUsersRawIdWidget(ForeignKeyRawIdWidget):
    """The raw-id box, labelled from users loaded once for the whole page; Django's
    own widget looks each one up, a query per member."""

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = users

    def label_and_url_for_value(self, value):
        try:
            user = self.users[int(value)]
        except (KeyError, TypeError, ValueError):
            return super().label_and_url_for_value(value)
        try:
            url = reverse(
                f"{self.admin_site.name}:{user._meta.app_label}_"
                f"{user._meta.model_name}_change",
                args=[user.pk],
            )
        except NoReverseMatch:
            url = ""  # no admin page for users on this site
        return Truncator(user).words(14), url


class MembershipInline(admin.StackedInline):
    # Stacked: each field carries its own label, which a table row's cells do not.
    model = Membership
    extra = 0
    fields = ("user", "role", "is_admin")
    raw_id_fields = ("user",)

    def get_formset(self, request, obj=None, **kwargs):
        request.membership_users = (
            {m.user.pk: m.user for m in obj.memberships.select_related("user")}
            if obj is not None
            else {}
        )
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["widget"] = KnownUsersRawIdWidget(
                db_field.remote_field,
                self.admin_site,
                users=getattr(request, "membership_users", {}),
                using=kwargs.get("using"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "industry",
        "revenue_team_size",
        "monthly_lead_volume",
        "client_page",
    )
    list_filter = (("industry", ScopedValuesFilter),)
    search_fields = ("name", "industry")
    inlines = [MembershipInline]

    def get_exclude(self, request, obj=None):
        # Only superusers assign consultants; a consultant cannot add themselves.
        # Nor can a consultant claim an e-mail domain, which changes how everyone
        # with such an address logs in.
        if request.user.is_superuser:
            return ()
        return ("consultants", "sso_domains", "sso_only")

    @admin.display(description=_("client page"))
    def client_page(self, organisation):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin-portfolio:client", args=[organisation.pk]),
            _("Results and history"),
        )


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    organisation_path = "organisation"
    list_display = ("user", "organisation", "role", "is_admin")
    list_filter = ("role", "is_admin")
    search_fields = ("user__email", "user__username", "organisation__name")
    raw_id_fields = ("user", "organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")


@admin.register(Invitation)
class InvitationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    organisation_path = "organisation"
    list_display = ("organisation", "role", "created_at", "expires_at", "used_at")
    readonly_fields = ("token", "created_at", "used_at", "used_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")

    def get_exclude(self, request, obj=None):
        # The token is the link itself: whoever reads it can join the organisation.
        if request.user.is_superuser:
            return ()
        return ("token",)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        return tuple(f for f in self.readonly_fields if f != "token")
