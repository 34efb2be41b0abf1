"""CSV downloads from the admin: the "Export selected as CSV" action and the
portfolio's download. Every row goes through the one safe writer, `assessments.bulk.csv`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assessments.bulk.csv import csv_response
from assessments.bulk.exports import columns, streams


@admin.action(description=_("Export selected as CSV"), permissions=["view"])
def export_responses(modeladmin, request, queryset):
    """The selected submitted responses, in the columns of `export_results`."""
    responses = (
        queryset.filter(status="submitted")
        .select_related("round__organisation", "round__questionnaire", "respondent")
        .order_by("round__organisation__name", "round__year", "respondent__email")
    )
    return csv_response(
        "responses.csv",
        columns.RESPONSE_COLUMNS,
        streams.response_rows(responses.order_by(*responses.query.order_by, "pk")),
    )


@admin.action(description=_("Export selected as CSV"), permissions=["view"])
def export_rounds(modeladmin, request, queryset):
    """The selected rounds with a submitted response, in the columns of
    `export_results --rounds`."""
    rounds = streams.submitted_rounds().filter(pk__in=queryset.values("pk"))
    return csv_response(
        "rounds.csv",
        columns.ROUND_COLUMNS,
        streams.round_rows(rounds),
    )
