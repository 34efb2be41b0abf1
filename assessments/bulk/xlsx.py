"""The one XLSX writer: a sheet per table, numbers as numbers, dates as dates, and
text cells defused as in the CSV (assessments.bulk.csv), so a workbook and the CSV of
the same table hold the same values."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from assessments.bulk.csv import safe_cell

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Columns whose ISO text (as the CSV and JSON exports write it) is a date in a sheet.
DATE_COLUMNS = frozenset({"due_date"})
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Table:
    name: str
    columns: Sequence[str]
    rows: Iterable[Mapping[str, Any]]


def _cell(sheet, column: str, value: Any) -> WriteOnlyCell:
    if column in DATE_COLUMNS and isinstance(value, str) and value:
        value = datetime.date.fromisoformat(value)
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int | float | Decimal):  # bool is an int: a TRUE cell
        return WriteOnlyCell(sheet, value=value)
    text = safe_cell(value)
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl stores any text starting with "=" as a formula: never for our cells.
    cell.data_type = "s"
    return cell


def workbook_bytes(tables: Sequence[Table]) -> bytes:
    """A workbook with one sheet per table: the header row, then the rows."""
    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(title=table.name[:31])
        sheet.append([_cell(sheet, "", name) for name in table.columns])
        for row in table.rows:
            sheet.append(
                [_cell(sheet, column, row.get(column)) for column in table.columns]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(filename: str, tables: Sequence[Table]) -> HttpResponse:
    response = HttpResponse(workbook_bytes(tables), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
