"""A consultant (a staff user who is not a superuser) sees only the organisations
assigned to them, and only their rounds, responses, answers, members and invitations:
in changelists, change pages, autocomplete, filter choices, actions and exports."""

from django.contrib import admin

from assessments.models import Organisation, Response, Round
from assessments.organisations.access import organisations_for_staff


def sees_everything(request) -> bool:
    return request.user.is_active and request.user.is_superuser


def scope(queryset, request, path: str):
    """`queryset` narrowed to the user's organisations; `path` leads from its model to
    the organisation ("" for organisations themselves)."""
    if sees_everything(request):
        return queryset
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(
        **{lookup: organisations_for_staff(request.user).values("pk")}
    )


# Where each model that can be chosen in a form sits relative to its organisation.
CHOICE_PATHS = {
    Organisation: "",
    Round: "organisation",
    Response: "round__organisation",
}


class ScopedAdminMixin:
    """Every row, choice and filter value comes from the consultant's organisations."""

    organisation_path = ""

    class Media:
        # Result summaries, charts, and links told apart from text by more than colour.
        css = {"all": ["css/admin-lmm.css"]}

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request, self.organisation_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related in CHOICE_PATHS and "queryset" not in kwargs:
            kwargs["queryset"] = scope(
                related._default_manager.all(), request, CHOICE_PATHS[related]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedValuesFilter(admin.AllValuesFieldListFilter):
    """The values of a field, read through the model admin's scoped queryset, also when
    the field sits on a related model (Django reads those from every row)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request)
            .filter(**{f"{field_path}__isnull": False})
            .order_by(field_path)
            .values_list(field_path, flat=True)
            .distinct()
        )
