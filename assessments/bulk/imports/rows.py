"""Inserting many rows of one model without a model instance per row.

Why this is not `bulk_create`: an import of 100,000 records makes that many users,
memberships and responses and about four million answers. Building a model instance
for each and letting bulk_create prepare every field of every row cost more than
the database's own work, though most fields hold the same value in every row. Here
the fields that differ come as plain tuples, each other field is prepared once, by
Django, from one template instance, and the rows go in as multi-row INSERTs on
SQLite and as one streamed COPY on PostgreSQL (psycopg2's executemany is a round
trip per row). `bench/bulk.py` measures it: with this writer a 10,000-record import
takes about 4 s on SQLite and 8 s on PostgreSQL, against 12 s and 18 s before
(docs/performance.md).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence

from django.db import connections, router
from django.db.models import Model

# PostgreSQL takes 65,535 parameters per statement.
POSTGRES_MAX_PARAMS = 65_535


def rows_insert(
    model: type[Model],
    varying: Sequence[str],
    rows: Iterable[tuple],
    *,
    template: dict | None = None,
    returning: bool = False,
) -> list[int]:
    """Insert one row per tuple of `varying` attnames (e.g. "round_id"); every other
    field takes the value a save of `model(**template)` would write.

    Returns the new primary keys in the order of `rows` when `returning` is set.
    """
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    instance = model(**(template or {}))
    fields = [
        field
        for field in meta.concrete_fields
        if field.attname not in varying and not field.primary_key
    ]
    constant = tuple(
        field.get_db_prep_save(field.pre_save(instance, add=True), connection)
        for field in fields
    )
    columns = [meta.get_field(name).column for name in varying]
    columns += [field.column for field in fields]
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ".format(
        quote(meta.db_table), ", ".join(quote(column) for column in columns)
    )
    row_sql = "({})".format(", ".join(["%s"] * len(columns)))
    rows = iter(rows)
    ids: list[int] = []
    with connection.cursor() as cursor:
        if not returning and connection.vendor == "sqlite":
            # In-process: one prepared statement run per row is fastest, and the
            # rows are made as it reads them.
            first = next(rows, None)
            if first is not None:
                cursor.executemany(
                    insert + row_sql,
                    itertools.chain([first + constant], (r + constant for r in rows)),
                )
            return ids
        copy = getattr(cursor.cursor, "copy_expert", None)
        if not returning and copy is not None and _copyable(constant):
            # psycopg2: COPY is less for the server to parse than INSERT, and it
            # stores the rows as they arrive while this process makes the next.
            copy(
                "COPY {} ({}) FROM STDIN".format(
                    quote(meta.db_table), ", ".join(quote(c) for c in columns)
                ),
                _Lines(_copy_line(row + constant) for row in rows),
            )
            return ids
        limit = connection.features.max_query_params or POSTGRES_MAX_PARAMS
        per_statement = max(1, limit // len(columns))
        suffix = f" RETURNING {quote(meta.pk.column)}" if returning else ""
        while batch := list(itertools.islice(rows, per_statement)):
            cursor.execute(
                insert + ", ".join([row_sql] * len(batch)) + suffix,
                [value for row in batch for value in row + constant],
            )
            if returning:
                ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def _copyable(values: tuple) -> bool:
    return all(
        value is None or isinstance(value, int | float | str | datetime.datetime)
        for value in values
    )


def _copy_line(row: tuple) -> str:
    # Plain numbers, dates and strings, in COPY's text format.
    return "\t".join(_copy_text(value) for value in row) + "\n"


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)


class _Lines:
    """A file to read from that makes its text line by line as it is read."""

    def __init__(self, lines: Iterable[str]):
        self.lines = iter(lines)
        self.rest = ""

    def read(self, size: int = -1) -> str:
        parts, length = [self.rest], len(self.rest)
        for line in self.lines:
            parts.append(line)
            length += len(line)
            if 0 <= size <= length:
                break
        text = "".join(parts)
        if size < 0:
            self.rest = ""
            return text
        self.rest = text[size:]
        return text[:size]
