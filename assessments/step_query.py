"""The questionnaire step's response, loaded by SQL that is built once per process.

The step page is the most requested page, and the ORM query behind it (a response
with its round, organisation and questionnaire, the response it was seeded from with
that one's round and questionnaire, and the membership check: seven tables, 72
columns) took Django 1.2–1.7 ms to compile on every request: a quarter of the page's
server time. The SQL depends only on the models, so it is written here once from
their metadata, quoted by the database backend; each row is turned into model
instances through the same backend and field converters the ORM applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model

from assessments.models import Membership, Organisation, Questionnaire, Response, Round


@dataclass(frozen=True)
class _Table:
    model: type[Model]
    alias: str
    attnames: tuple[str, ...]
    pk_index: int
    # Per column: the converters and the expression they are called with.
    converters: tuple[tuple[tuple, Any], ...]


# The joined tables in row order; the seeded_from side is a LEFT JOIN.
_TABLES = (
    (Response, "r"),
    (Round, "rd"),
    (Organisation, "o"),
    (Questionnaire, "q"),
    (Response, "s"),
    (Round, "srd"),
    (Questionnaire, "sq"),
)
_prepared: dict[str, tuple[str, tuple[_Table, ...]]] = {}


def _prepare(connection) -> tuple[str, tuple[_Table, ...]]:
    quote = connection.ops.quote_name
    tables, columns = [], []
    for model, alias in _TABLES:
        fields = model._meta.concrete_fields
        converters = []
        for field in fields:
            column = field.get_col(alias)
            converters.append(
                (
                    tuple(
                        connection.ops.get_db_converters(column)
                        + column.get_db_converters(connection)
                    ),
                    column,
                )
            )
            columns.append(f"{quote(alias)}.{quote(field.column)}")
        tables.append(
            _Table(
                model,
                alias,
                tuple(f.attname for f in fields),
                fields.index(model._meta.pk),
                tuple(converters),
            )
        )

    def table(model, alias):
        return f"{quote(model._meta.db_table)} {quote(alias)}"

    def col(alias, model, name):
        return f"{quote(alias)}.{quote(model._meta.get_field(name).column)}"

    def pk(alias, model):
        return f"{quote(alias)}.{quote(model._meta.pk.column)}"

    sql = (
        f"SELECT {', '.join(columns)} FROM {table(Response, 'r')}"
        f" INNER JOIN {table(Round, 'rd')}"
        f" ON {pk('rd', Round)} = {col('r', Response, 'round')}"
        f" INNER JOIN {table(Organisation, 'o')}"
        f" ON {pk('o', Organisation)} = {col('rd', Round, 'organisation')}"
        f" INNER JOIN {table(Questionnaire, 'q')}"
        f" ON {pk('q', Questionnaire)} = {col('rd', Round, 'questionnaire')}"
        f" LEFT OUTER JOIN {table(Response, 's')}"
        f" ON {pk('s', Response)} = {col('r', Response, 'seeded_from')}"
        f" LEFT OUTER JOIN {table(Round, 'srd')}"
        f" ON {pk('srd', Round)} = {col('s', Response, 'round')}"
        f" LEFT OUTER JOIN {table(Questionnaire, 'sq')}"
        f" ON {pk('sq', Questionnaire)} = {col('srd', Round, 'questionnaire')}"
        f" WHERE {col('r', Response, 'round')} = %s"
        f" AND {col('r', Response, 'respondent')} = %s"
        # Only a member answers: a person who left keeps the response but not the page.
        f" AND EXISTS (SELECT 1 FROM {table(Membership, 'm')}"
        f" WHERE {col('m', Membership, 'organisation')}"
        f" = {col('rd', Round, 'organisation')}"
        f" AND {col('m', Membership, 'user')} = %s)"
    )
    return sql, tuple(tables)


def _instance(table: _Table, db: str, values: list, connection) -> Model:
    converted = []
    for value, (converters, expression) in zip(values, table.converters, strict=True):
        for converter in converters:
            value = converter(value, expression, connection)
        converted.append(value)
    return table.model.from_db(db, table.attnames, converted)


def response_for_step(*, round_id: int, user_id: int) -> Response | None:
    """The person's response in this round, with `round.organisation`,
    `round.questionnaire` and `seeded_from.round.questionnaire` loaded, in one
    query; None when they have none or are not a member of the organisation."""
    db = router.db_for_read(Response)
    connection = connections[db]
    prepared = _prepared.get(connection.vendor)
    if prepared is None:
        prepared = _prepared[connection.vendor] = _prepare(connection)
    sql, tables = prepared
    with connection.cursor() as cursor:
        cursor.execute(sql, [round_id, user_id, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = {}, 0
    for table in tables:
        values = list(row[start : start + len(table.attnames)])
        start += len(table.attnames)
        # A response that was not seeded: the LEFT JOINs gave NULLs only.
        if values[table.pk_index] is None:
            instances[table.alias] = None
            continue
        instances[table.alias] = _instance(table, db, values, connection)
    response, round_ = instances["r"], instances["rd"]
    round_.organisation = instances["o"]
    round_.questionnaire = instances["q"]
    response.round = round_
    seeded = instances["s"]
    if seeded is not None:
        seeded.round = instances["srd"]
        seeded.round.questionnaire = instances["sq"]
        response.seeded_from = seeded
    return response
