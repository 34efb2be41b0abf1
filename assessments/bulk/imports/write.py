"""Writing a checked import plan: chunk by chunk, in one transaction.

All or nothing, as the plan promises; and short, because on SQLite the transaction
holds the write lock and every page that writes (a log-in, a saved step) waits for it.
Each chunk of records is made into rows, inserted in bulk and dropped before the
next, so memory does not grow with the file. A chunk costs a fixed number of
queries (on SQLite, inserts that return ids come in statements of 999 parameters).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import (
    UNUSABLE_PASSWORD_PREFIX,
    UNUSABLE_PASSWORD_SUFFIX_LENGTH,
)
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from assessments.answering import answer_scoring, responses
from assessments.bulk.imports.plan import ImportPlan, ImportSummary
from assessments.bulk.imports.read import ImportRejected
from assessments.bulk.imports.rows import rows_insert
from assessments.models import (
    RESULT_FIELDS,
    SCALE_FIELDS,
    Answer,
    Membership,
    Organisation,
    Response,
    Round,
)
from assessments.organisations import generation
from assessments.reports import tasks as report_tasks
from assessments.webhooks import events as webhook_events

CHUNK_SIZE = 2000


def import_write(
    *,
    plan: ImportPlan,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Write a checked plan in one transaction: all records or none. `progress` is
    told how many records are written after each chunk."""
    writer = _Writer(plan)
    try:
        with transaction.atomic():
            for start in range(0, len(plan.records), chunk_size):
                chunk = plan.records[start : start + chunk_size]
                writer.write(chunk)
                if progress is not None:
                    progress(start + len(chunk))
    except (ValidationError, IntegrityError) as error:
        # A check of the plan should have caught it; the transaction has rolled back.
        messages = getattr(error, "messages", [str(error)])
        raise ImportRejected(" ".join(messages)) from None
    # Inserted in bulk, past response_submit: the webhooks hear of them here, as of
    # a response submitted on its page.
    webhook_events.responses_submitted(response_ids=writer.inserted_ids)
    # And the rounds get what a submission queues for its round, once the write
    # (and any transaction around it: the admin's) has committed: a worker must
    # see the rows, and a rolled-back import refreshes nothing.
    round_ids = sorted(writer.round_ids)
    transaction.on_commit(
        lambda: report_tasks.rounds_changed(round_ids=round_ids), robust=True
    )
    return ImportSummary(
        responses=len(plan.records),
        organisations_created=len(writer.created),
        users_created=writer.users_created,
        rounds_created=writer.rounds_created,
        new_users=plan.new_users,
        created_organisations=dict(writer.created),
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
        # Questionnaire id: code: (question id, {value: choice id}).
        self.answer_ids: dict[int, dict] = {}
        self.inserted_ids: list[int] = []
        self.round_ids: set[int] = set()

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
        # Each organisation's profile as its records give it, the later winning.
        profiles: dict[tuple, dict] = {}
        for record in records:
            if record.profile:
                profiles.setdefault(record.target, {}).update(record.profile)
        new = [
            Organisation(name=name, **profiles.get((kind, name), {}))
            for kind, name in targets
            if kind == "new" and name not in self.created
        ]
        Organisation.objects.bulk_create(new)
        self.created.update((o.name, o.pk) for o in new)
        for kind, name in targets:
            if kind == "new":
                by_target[(kind, name)] = Organisation(
                    pk=self.created[name], name=name, **profiles.get((kind, name), {})
                )
        self._profiles_update(profiles, by_target, {o.name for o in new})
        return by_target

    @staticmethod
    def _profiles_update(profiles, by_target, just_created: set[str]) -> None:
        """Give the organisations the file names (existing ones, and new ones of an
        earlier chunk) the profile their records carry: one UPDATE per organisation
        that has one."""
        for target, profile in profiles.items():
            kind, key = target
            if kind == "new" and key in just_created:
                continue
            Organisation.objects.filter(pk=by_target[target].pk).update(**profile)
            for name, value in profile.items():
                setattr(by_target[target], name, value)
        if profiles:
            generation.changed()

    def _users(self, records) -> dict[str, int]:
        """The id of every respondent's user by email, creating those who are new."""
        User = get_user_model()
        emails = list(dict.fromkeys(record.respondent for record in records))
        users = dict(
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", "pk")
        )
        new = [email for email in emails if email not in users]
        # Imported people get no password: `import_answers --invite` or a reset
        # sets one.
        ids = rows_insert(
            User,
            ("username", "email", "password"),
            ((email, email, _unusable_password()) for email in new),
            returning=True,
        )
        self.users_created += len(new)
        users.update(zip(new, ids, strict=True))
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
        rows_insert(
            Membership,
            ("organisation_id", "user_id", "role"),
            (key + (role,) for key, role in new.items()),
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
            self.round_ids.add(round_pk)
            user = users[record.respondent]
            draft = drafts.get((round_pk, user))
            if draft is not None:
                # Rare: the person had started answering in the app. Overwrite the
                # draft through the services, which check it is still open.
                responses.response_save_answers(
                    response=draft, answers=record.answers, data=record.data
                )
                responses.response_submit(response=draft, data=record.data)
                continue
            new.append(_submitted(record, round_pk, user, organisation))
            answers_of.append(record)
        ids = rows_insert(
            Response,
            RESPONSE_FIELDS,
            new,
            template={"status": Response.Status.SUBMITTED, "submitted_at": self.now},
            returning=True,
        )
        self.inserted_ids.extend(ids)
        self._answers_insert(zip(ids, answers_of, strict=True))

    def _answers_insert(self, ids_with_records) -> None:
        # Forty-odd answers per response: made as they are inserted.
        rows_insert(
            Answer,
            ("response_id", "question_id", "choice_id"),
            self._answer_rows(ids_with_records),
            template={"answered_at": self.now},
        )

    def _answer_rows(self, ids_with_records):
        for response_id, record in ids_with_records:
            ids = self._answer_ids(record.data)
            for code, value in record.answers.items():
                question_id, choice_ids = ids[code]
                yield (response_id, question_id, choice_ids[value])

    def _answer_ids(self, data) -> dict[str, tuple[int, dict[int, int]]]:
        key = data.questionnaire.pk
        if key not in self.answer_ids:
            self.answer_ids[key] = {
                code: (
                    question.pk,
                    {value: choice.pk for value, choice in data.choices[code].items()},
                )
                for code, question in data.questions.items()
            }
        return self.answer_ids[key]


RESPONSE_FIELDS = ("round_id", "respondent_id", "role", *RESULT_FIELDS, *SCALE_FIELDS)


def _submitted(record, round_pk, user, organisation) -> tuple:
    """The RESPONSE_FIELDS of a record's submitted response."""
    result = answer_scoring.result_for(
        data=record.data, answers=record.answers, organisation=organisation
    )
    stored = answer_scoring.stored_result(result, scale_from=organisation)
    return (round_pk, user, record.role, *(stored[f] for f in RESPONSE_FIELDS[3:]))


def _unusable_password() -> str:
    # What make_password(None) makes, from one call to the system's random source
    # instead of forty: it was a third of a large import's time.
    return (
        UNUSABLE_PASSWORD_PREFIX
        + secrets.token_urlsafe(30)[:UNUSABLE_PASSWORD_SUFFIX_LENGTH]
    )
