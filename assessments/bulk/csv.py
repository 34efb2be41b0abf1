"""The one CSV writer: every CSV the app produces goes through here.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula ("CSV injection"), so a name typed by anyone could run in a
consultant's spreadsheet. Such text cells get a leading apostrophe, which the
spreadsheet shows as text; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """The value as a CSV cell: None empty, lists joined by ';', formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, list | tuple):
        value = ";".join(str(item) for item in value)
    text = str(value)
    # Spreadsheets skip leading spaces before reading a formula.
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` whose every cell passes through `safe_cell`."""

    def __init__(self, stream: TextIO, **options: Any):
        options.setdefault("lineterminator", "\n")
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: TextIO, **options: Any) -> SafeWriter:
    """A CSV writer on `stream` that defuses formulas in every cell it writes."""
    return SafeWriter(stream, **options)


def write_rows(
    stream: TextIO,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    *,
    header: Sequence[str] | None = None,
) -> None:
    """Write a header (the column names unless given) and the rows.

    A row is a mapping read by column name, or a sequence in column order.
    """
    out = writer(stream)
    out.writerow(header if header is not None else columns)
    for row in rows:
        if isinstance(row, Mapping):
            out.writerow(row.get(column) for column in columns)
        else:
            out.writerow(row)


def csv_response(
    filename: str,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    *,
    header: Sequence[str] | None = None,
) -> HttpResponse:
    """An HTTP download of the rows, for admin actions and pages."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_rows(response, columns, rows, header=header)
    return response
