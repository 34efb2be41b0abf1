"""Writing a checked import plan: rows made in bulk, in one short transaction.

All or nothing, as the plan promises; and short, because on SQLite the transaction
holds the write lock and every page that writes (a log-in, a saved step) waits for it.
A few queries per kind of row, not a dozen per record.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import (
    UNUSABLE_PASSWORD_PREFIX,
    UNUSABLE_PASSWORD_SUFFIX_LENGTH,
)
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from assessments import services
from assessments.importing import ImportPlan, ImportRejected, ImportSummary
from assessments.models import Answer, Membership, Organisation, Response, Round

BATCH_SIZE = 500
# Four parameters a row: well under PostgreSQL's 65,535 per statement.
ANSWER_ROWS_PER_STATEMENT = 5000


def import_write(*, plan: ImportPlan) -> ImportSummary:
    """Write a checked plan in one transaction: all records or none."""
    try:
        with transaction.atomic():
            organisations, new_organisations = _organisations(plan)
            users = _users(plan)
            _memberships(plan, organisations, users)
            rounds, new_rounds = _rounds(plan, organisations)
            _responses(plan, organisations, users, rounds)
    except (ValidationError, IntegrityError) as error:
        # A check of the plan should have caught it; the transaction has rolled back.
        messages = getattr(error, "messages", [str(error)])
        raise ImportRejected(" ".join(messages)) from None
    return ImportSummary(
        responses=len(plan.records),
        organisations_created=new_organisations,
        users_created=len(plan.new_users),
        rounds_created=new_rounds,
        new_users=plan.new_users,
    )


def _organisations(plan: ImportPlan) -> tuple[dict[tuple, Organisation], int]:
    targets = list(dict.fromkeys(record.target for record in plan.records))
    existing = Organisation.objects.in_bulk([t[1] for t in targets if t[0] == "id"])
    new = [Organisation(name=t[1]) for t in targets if t[0] == "new"]
    Organisation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    by_target = {("id", pk): organisation for pk, organisation in existing.items()}
    by_target.update({("new", o.name): o for o in new})
    return by_target, len(new)


def _users(plan: ImportPlan) -> dict[str, int]:
    """The id of every respondent's user by email, creating those who are new."""
    User = get_user_model()
    emails = list(dict.fromkeys(record.respondent for record in plan.records))
    users: dict[str, int] = {}
    # Ids only, and chunk by chunk: memory and SQL parameters stay bounded.
    for chunk in chunks(emails):
        users.update(
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("email_lower", "pk")
        )
    new = [email for email in emails if email not in users]
    for chunk in chunks(new):
        # Imported people get no password: `import_answers --invite` or a reset
        # sets one.
        created = User.objects.bulk_create(
            User(username=email, email=email, password=_unusable_password())
            for email in chunk
        )
        users.update((user.email, user.pk) for user in created)
    return users


def _memberships(plan: ImportPlan, organisations, users) -> None:
    organisation_ids = {o.pk for o in organisations.values()}
    existing = set(
        Membership.objects.filter(organisation_id__in=organisation_ids).values_list(
            "organisation_id", "user_id"
        )
    )
    new: dict[tuple[int, int], str] = {}
    for record in plan.records:
        key = (organisations[record.target].pk, users[record.respondent])
        if key not in existing and key not in new:
            new[key] = record.role
    for chunk in chunks(list(new.items())):
        Membership.objects.bulk_create(
            Membership(organisation_id=organisation_id, user_id=user_id, role=role)
            for (organisation_id, user_id), role in chunk
        )


def _unusable_password() -> str:
    # What make_password(None) makes, from one call to the system's random source
    # instead of forty: it was a third of a large import's time.
    return (
        UNUSABLE_PASSWORD_PREFIX
        + secrets.token_urlsafe(30)[:UNUSABLE_PASSWORD_SUFFIX_LENGTH]
    )


def chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rounds(plan: ImportPlan, organisations) -> tuple[dict[tuple, Round], int]:
    organisation_ids = {o.pk for o in organisations.values()}
    rounds = {
        (r.organisation_id, r.year): r
        for r in Round.objects.filter(organisation_id__in=organisation_ids)
    }
    new = {}
    for record in plan.records:
        key = (organisations[record.target].pk, record.year)
        if key not in rounds and key not in new:
            new[key] = Round(
                organisation_id=key[0],
                year=record.year,
                questionnaire=plan.data[(record.target, record.year)].questionnaire,
            )
    Round.objects.bulk_create(new.values(), batch_size=BATCH_SIZE)
    rounds.update(new)
    return rounds, len(new)


def _responses(plan: ImportPlan, organisations, users, rounds) -> None:
    # Drafts are rare: look for them round by round chunk, ids only first.
    drafts = {}
    for chunk in chunks([r.pk for r in rounds.values()]):
        for response in Response.objects.filter(
            round__in=chunk, status=Response.Status.DRAFT
        ).select_related("round"):
            drafts[(response.round_id, response.respondent_id)] = response
    now = timezone.now()
    # Chunk by chunk, so memory stays flat however many records the file has.
    for start in range(0, len(plan.records), BATCH_SIZE):
        new, answers_of = [], []
        for record in plan.records[start : start + BATCH_SIZE]:
            organisation = organisations[record.target]
            round_ = rounds[(organisation.pk, record.year)]
            user = users[record.respondent]
            data = plan.data[(record.target, record.year)]
            draft = drafts.get((round_.pk, user))
            if draft is not None:
                # Rare: the person had started answering in the app. Overwrite the
                # draft through the services, which check it is still open.
                services.response_save_answers(
                    response=draft, answers=record.answers, data=data
                )
                services.response_submit(response=draft, data=data)
                continue
            new.append(_submitted(record, round_, user, organisation, data, now))
            answers_of.append((record.answers, data))
        Response.objects.bulk_create(new)
        _answers_insert(zip(new, answers_of, strict=True), now)


def _submitted(record, round_, user, organisation, data, now) -> Response:
    result = services.result_for(
        data=data, answers=record.answers, organisation=organisation
    )
    return Response(
        round=round_,
        respondent_id=user,
        role=record.role,
        status=Response.Status.SUBMITTED,
        submitted_at=now,
        x=result.x,
        y=result.y,
        relationship_level=result.relationship.level,
        maturity_level=result.maturity.level,
        stage=result.stage.number,
        verdict=result.verdict.code.value,
        revenue_team_size=organisation.revenue_team_size,
        monthly_lead_volume=organisation.monthly_lead_volume,
    )


def _answers_insert(responses_with_answers, now) -> None:
    # Forty-odd answers per response: building an Answer model instance for each
    # cost most of the import's time, so the rows go straight to the database.
    meta = Answer._meta
    columns = [
        meta.get_field(name).column
        for name in ("response", "question", "choice", "answered_at")
    ]
    connection = connections[router.db_for_write(Answer)]
    insert = "INSERT INTO {} ({}) VALUES ".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
    )
    row_sql = "({})".format(", ".join(["%s"] * len(columns)))
    answered_at = connection.ops.adapt_datetimefield_value(now)
    rows = [
        (
            response.pk,
            data.questions[code].pk,
            data.choices[code][value].pk,
            answered_at,
        )
        for response, (answers, data) in responses_with_answers
        for code, value in answers.items()
    ]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # In-process: one prepared statement run per row is fastest.
            cursor.executemany(insert + row_sql, rows)
            return
        # Over the network executemany is a round trip per row (psycopg2): many
        # rows per statement instead.
        for start in range(0, len(rows), ANSWER_ROWS_PER_STATEMENT):
            chunk = rows[start : start + ANSWER_ROWS_PER_STATEMENT]
            cursor.execute(
                insert + ", ".join([row_sql] * len(chunk)),
                [value for row in chunk for value in row],
            )
