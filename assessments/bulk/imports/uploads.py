"""Imports uploaded by consultants in the admin: a JSON or CSV file is checked by a
worker (the dry run the page shows), then, once confirmed, written by a worker.

The checks and the writing are the command's own (`import_plan`, `import_write`):
all or nothing, the same organisation rules. On top, a consultant adds only to their
own clients, and every organisation the import creates is assigned to them.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django_tasks import task

from assessments.bulk.imports import refusals
from assessments.bulk.imports.check import OrganisationMatch, email_of
from assessments.bulk.imports.invite import joining_accounts_invite
from assessments.bulk.imports.plan import ExistingAccounts, ImportPlan, import_plan
from assessments.bulk.imports.read import (
    OPTIONAL_FIELDS,
    ORGANISATION_FIELDS,
    PROFILE_NUMBER_FIELDS,
    REQUIRED_FIELDS,
    ImportRejected,
    parse_records,
)
from assessments.bulk.imports.write import import_write
from assessments.jobs import progress, queue
from assessments.models import Job, Organisation
from assessments.organisations.access import organisations_for_staff
from assessments.questionnaire.data import questionnaire_current, questionnaire_data

# The CSV's columns besides one per question code (named by the code).
CSV_FIELDS = (*ORGANISATION_FIELDS, "year", "respondent", "role", *OPTIONAL_FIELDS)
NUMBER_FIELDS = ("organisation_id", "year", "version", *PROFILE_NUMBER_FIELDS)
# Records counted between two updates of the progress bar.
PROGRESS_EVERY = 500
# How long a write's progress is kept: longer than any write takes.
WRITTEN_SECONDS = 6 * 3600


def csv_template() -> str:
    """The CSV's header for the current questionnaire, and one example row."""
    data = questionnaire_data(questionnaire_current())
    codes = list(data.questions)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_FIELDS, *codes])
    example = {
        "organisation": "Example Ltd",
        "year": "2026",
        "respondent": "ann@example.com",
        "role": "marketing",
        "industry": "Software",
        "revenue_team_size": "12",
        "monthly_lead_volume": "300",
    }
    answers = [str(sorted(data.choices[code])[0]) for code in codes]
    writer.writerow([example.get(name, "") for name in CSV_FIELDS] + answers)
    return out.getvalue()


def _cell_number(value: str, number: int, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ImportRejected(
            f"{value[:40]!r} is not a whole number", record=number, field=field
        ) from None


def parse_csv_records(text: str) -> list[dict]:
    """Records from a CSV of `csv_template`'s columns: empty cells are left out,
    numbers read as numbers, every other column is an answer by question code."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not set(REQUIRED_FIELDS[:3]) <= set(reader.fieldnames):
        raise ImportRejected(
            "the CSV's first row must name its columns: "
            + ", ".join((*CSV_FIELDS, "one per question code"))
        )
    records = []
    for number, row in enumerate(reader, start=1):
        if None in row:
            raise ImportRejected("more cells than columns", record=number)
        record: dict = {"answers": {}}
        for name, value in row.items():
            value = (value or "").strip()
            if not value:
                continue
            if name in CSV_FIELDS:
                is_number = name in NUMBER_FIELDS
                record[name] = _cell_number(value, number, name) if is_number else value
            else:
                record["answers"][name] = _cell_number(value, number, name)
        records.append(record)
    return records


def read_upload(name: str, content: bytes) -> list[dict]:
    """The records of an uploaded file, by its kind: JSON or CSV."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected("the file is not UTF-8 text") from None
    if name.lower().endswith(".csv"):
        return parse_csv_records(text)
    return parse_records(text)


class _Counted(list):
    """The records, telling the job how far the check and the writing got."""

    def __init__(self, records, job: Job):
        super().__init__(records)
        self.job = job

    def __iter__(self) -> Iterator:
        for number, record in enumerate(super().__iter__(), start=1):
            if number % PROGRESS_EVERY == 0:
                queue.job_progress(self.job, done=number)
            yield record


def _scope_check(plan: ImportPlan, records: list[dict], user) -> None:
    """A consultant adds to their own clients only (a superuser to any)."""
    if user.is_superuser:
        return
    allowed = set(organisations_for_staff(user).values_list("pk", flat=True))
    for number, raw in enumerate(records, start=1):
        kind, key = plan.organisations.target(raw)
        if kind == "id" and key not in allowed:
            field = "organisation_id" if "organisation_id" in raw else "organisation"
            raise ImportRejected(
                "this organisation is not one of your clients",
                record=number,
                field=field,
            )


def _plan(job: Job) -> ImportPlan:
    records = job.payload["records"]
    # As the command's --invite-existing-accounts: an existing account joins only
    # by accepting an invitation to its own address, never by the upload.
    plan = import_plan(
        records=_Counted(records, job),
        match=OrganisationMatch(job.payload["match"]),
        existing=ExistingAccounts.INVITE,
    )
    _scope_check(plan, records, job.owner)
    return plan


def import_upload_check(*, user, records: list[dict], match: str, name: str) -> Job:
    """Queue the dry run of an uploaded file."""
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        key=f"import-check:{uuid.uuid4().hex}",
        owner=user,
        total=len(records),
        payload={"records": records, "match": match, "name": name, "phase": "check"},
    )
    with transaction.atomic():
        queue.job_enqueue(job, check_upload)
    return job


@task()
def check_upload(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=check_upload, work=_check)


def _check(job: Job) -> dict:
    try:
        plan = _plan(job)
    except ImportRejected as error:
        owner = job.owner
        clients = (
            None
            if owner.is_superuser
            else set(organisations_for_staff(owner).values_list("pk", flat=True))
        )
        refused = refusals.file_refusals(
            records=job.payload["records"],
            match=OrganisationMatch(job.payload["match"]),
            clients=clients,
        )
        return {
            "phase": "check",
            "error": str(error),
            **refusals.refusals_for_page(refused),
        }
    emails = {email_of(raw["respondent"]) for raw in job.payload["records"]}
    return {
        "phase": "check",
        "responses": len(plan.records),
        "attached": [
            {"id": o.id, "name": o.name, "records": o.records, "members": o.members}
            for o in plan.attached
        ],
        "new_organisations": list(plan.new_organisations),
        "new_users": len(plan.new_users),
        "existing_users": len(emails) - len(plan.new_users),
        "joining": [
            {"email": account.email, "record": account.record}
            for account in plan.joining
        ],
        # Kept for the confirmed import; dropped from the payload once checked.
        "records": job.payload["records"],
        "match": job.payload["match"],
        "name": job.payload["name"],
    }


def import_upload_confirm(*, check: Job) -> Job:
    """Queue the import a dry run showed; one import per dry run."""
    result = check.result
    return queue.job_submit(
        kind=Job.Kind.IMPORT,
        key=f"import-write:{check.pk}",
        task=write_upload,
        owner=check.owner,
        total=result["responses"],
        payload={
            "records": result["records"],
            "match": result["match"],
            "name": result["name"],
            "phase": "write",
        },
    )


@task()
def write_upload(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=write_upload, work=_write)


def _written_key(job: Job) -> str:
    # With its creation time: ids repeat when a database starts afresh, the files
    # of a SQLite database's progress stay (assessments/jobs/progress.py).
    return f"import-written:{job.pk}:{job.created_at.timestamp():.6f}"


def _written(job: Job, done: int) -> None:
    # The write is one transaction: the job's row updated inside it would stay
    # invisible to the page's connection until the end (PostgreSQL) or wait for
    # the write lock (SQLite). The shared store is outside the transaction and
    # read by every process, whichever serves the page.
    progress.progress_set(_written_key(job), done, WRITTEN_SECONDS)


def records_written(job: Job) -> int | None:
    """How many records the running write has written so far (None: not started)."""
    return progress.progress_get(_written_key(job))


def _write(job: Job) -> dict:
    try:
        plan = _plan(job)
        # The organisations made by this import are the consultant's clients.
        before = Organisation.objects.aggregate(top=Max("pk"))["top"] or 0
        with transaction.atomic():
            summary = import_write(plan=plan, progress=lambda done: _written(job, done))
            created = Organisation.objects.filter(
                pk__gt=before, name__in=plan.new_organisations
            )
            if not job.owner.is_superuser:
                for organisation in created:
                    organisation.consultants.add(job.owner)
    except ImportRejected as error:
        return {"phase": "write", "error": str(error)}
    invited = joining_accounts_invite(
        plan=plan,
        created_organisations=summary.created_organisations or {},
        base_url=settings.SITE_URL,
    )
    return {
        "phase": "write",
        "invited": invited.sent,
        "responses": summary.responses,
        "organisations_created": summary.organisations_created,
        "users_created": summary.users_created,
        "rounds_created": summary.rounds_created,
    }
