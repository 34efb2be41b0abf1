"""Writing a checked import plan: chunk by chunk, in one transaction.

All or nothing, as the plan promises; and short, because on SQLite the transaction
holds the write lock and every page that writes (a log-in, a saved step) waits for it.
Each chunk of records is made into rows, inserted in bulk and dropped before the
next, so memory does not grow with the file; a chunk costs a few queries, whatever
its size.
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

CHUNK_SIZE = 2000
# Four parameters a row: well under PostgreSQL's 65,535 per statement.
ANSWER_ROWS_PER_STATEMENT = 5000


def import_write(*, plan: ImportPlan, chunk_size: int = CHUNK_SIZE) -> ImportSummary:
    """Write a checked plan in one transaction: all records or none."""
    writer = _Writer(plan)
    try:
        with transaction.atomic():
            for start in range(0, len(plan.records), chunk_size):
                writer.write(plan.records[start : start + chunk_size])
    except (ValidationError, IntegrityError) as error:
        # A check of the plan should have caught it; the transaction has rolled back.
        messages = getattr(error, "messages", [str(error)])
        raise ImportRejected(" ".join(messages)) from None
    return ImportSummary(
        responses=len(plan.records),
        organisations_created=len(writer.created),
        users_created=writer.users_created,
        rounds_created=writer.rounds_created,
        new_users=plan.new_users,
    )


class _Writer:
    def __init__(self, plan: ImportPlan):
        self.plan = plan
        # Name: id of the organisations this import created; a later chunk naming
        # one adds to it.
        self.created: dict[str, int] = {}
        self.users_created = 0
        self.rounds_created = 0
        self.now = timezone.now()

    def write(self, raws) -> None:
        records = [self.plan.record(raw) for raw in raws]
        organisations = self._organisations(records)
        users = self._users(records)
        self._memberships(records, organisations, users)
        rounds = self._rounds(records, organisations)
        self._responses(records, organisations, users, rounds)

    def _organisations(self, records) -> dict[tuple, Organisation]:
        targets = dict.fromkeys(record.target for record in records)
        ids = [pk for kind, pk in targets if kind == "id"]
        by_target = {
            ("id", pk): organisation
            for pk, organisation in Organisation.objects.only(
                "revenue_team_size", "monthly_lead_volume"
            )
            .in_bulk(ids)
            .items()
        }
        new = [
            Organisation(name=name)
            for kind, name in targets
            if kind == "new" and name not in self.created
        ]
        Organisation.objects.bulk_create(new)
        self.created.update((o.name, o.pk) for o in new)
        for kind, name in targets:
            if kind == "new":
                by_target[(kind, name)] = Organisation(pk=self.created[name], name=name)
        return by_target

    def _users(self, records) -> dict[str, int]:
        """The id of every respondent's user by email, creating those who are new."""
        User = get_user_model()
        emails = list(dict.fromkeys(record.respondent for record in records))
        users = dict(
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", "pk")
        )
        # Imported people get no password: `import_answers --invite` or a reset
        # sets one.
        created = User.objects.bulk_create(
            User(username=email, email=email, password=_unusable_password())
            for email in emails
            if email not in users
        )
        self.users_created += len(created)
        users.update((user.email, user.pk) for user in created)
        return users

    def _memberships(self, records, organisations, users) -> None:
        existing = set(
            Membership.objects.filter(
                organisation_id__in={o.pk for o in organisations.values()},
                user_id__in=set(users.values()),
            ).values_list("organisation_id", "user_id")
        )
        new: dict[tuple[int, int], str] = {}
        for record in records:
            key = (organisations[record.target].pk, users[record.respondent])
            if key not in existing and key not in new:
                new[key] = record.role
        Membership.objects.bulk_create(
            Membership(organisation_id=organisation_id, user_id=user_id, role=role)
            for (organisation_id, user_id), role in new.items()
        )

    def _rounds(self, records, organisations) -> dict[tuple, int]:
        rounds = {
            (organisation_id, year): pk
            for organisation_id, year, pk in Round.objects.filter(
                organisation_id__in={o.pk for o in organisations.values()},
                year__in={record.year for record in records},
            ).values_list("organisation_id", "year", "pk")
        }
        new: dict[tuple, Round] = {}
        for record in records:
            key = (organisations[record.target].pk, record.year)
            if key not in rounds and key not in new:
                new[key] = Round(
                    organisation_id=key[0],
                    year=record.year,
                    questionnaire=record.data.questionnaire,
                )
        Round.objects.bulk_create(new.values())
        self.rounds_created += len(new)
        rounds.update((key, round_.pk) for key, round_ in new.items())
        return rounds

    def _responses(self, records, organisations, users, rounds) -> None:
        drafts = {
            (response.round_id, response.respondent_id): response
            for response in Response.objects.filter(
                round_id__in=set(rounds.values()),
                respondent_id__in=set(users.values()),
                status=Response.Status.DRAFT,
            ).select_related("round")
        }
        new, answers_of = [], []
        for record in records:
            organisation = organisations[record.target]
            round_pk = rounds[(organisation.pk, record.year)]
            user = users[record.respondent]
            draft = drafts.get((round_pk, user))
            if draft is not None:
                # Rare: the person had started answering in the app. Overwrite the
                # draft through the services, which check it is still open.
                services.response_save_answers(
                    response=draft, answers=record.answers, data=record.data
                )
                services.response_submit(response=draft, data=record.data)
                continue
            new.append(self._submitted(record, round_pk, user, organisation))
            answers_of.append(record)
        Response.objects.bulk_create(new)
        _answers_insert(zip(new, answers_of, strict=True), self.now)

    def _submitted(self, record, round_pk, user, organisation) -> Response:
        result = services.result_for(
            data=record.data, answers=record.answers, organisation=organisation
        )
        return Response(
            round_id=round_pk,
            respondent_id=user,
            role=record.role,
            status=Response.Status.SUBMITTED,
            submitted_at=self.now,
            x=result.x,
            y=result.y,
            relationship_level=result.relationship.level,
            maturity_level=result.maturity.level,
            stage=result.stage.number,
            verdict=result.verdict.code.value,
            revenue_team_size=organisation.revenue_team_size,
            monthly_lead_volume=organisation.monthly_lead_volume,
        )


def _unusable_password() -> str:
    # What make_password(None) makes, from one call to the system's random source
    # instead of forty: it was a third of a large import's time.
    return (
        UNUSABLE_PASSWORD_PREFIX
        + secrets.token_urlsafe(30)[:UNUSABLE_PASSWORD_SUFFIX_LENGTH]
    )


def _answers_insert(responses_with_records, now) -> None:
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
            record.data.questions[code].pk,
            record.data.choices[code][value].pk,
            answered_at,
        )
        for response, record in responses_with_records
        for code, value in record.answers.items()
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
