"""CSV downloads from the admin: the "Export selected as CSV" action and the
portfolio's download. Every row goes through `write_csv`."""

import csv
from collections.abc import Iterable, Mapping, Sequence

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from assessments.management.commands import export_results


def write_csv(stream, columns: Sequence[str], rows: Iterable[Mapping]) -> None:
    """The one place that writes CSV (one header line, then the rows by column)."""
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {key: export_results.csv_value(row[key]) for key in columns} for row in rows
    )


def csv_response(filename: str, columns, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, columns, rows)
    return response


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
        export_results.COLUMNS,
        export_results.response_rows(responses),
    )


@admin.action(description=_("Export selected as CSV"), permissions=["view"])
def export_rounds(modeladmin, request, queryset):
    """The selected rounds with a submitted response, in the columns of
    `export_results --rounds`."""
    rounds = export_results.rounds_with_submissions().filter(
        pk__in=queryset.values("pk")
    )
    return csv_response(
        "rounds.csv",
        export_results.ROUND_COLUMNS,
        (export_results.round_row(r) for r in rounds),
    )
