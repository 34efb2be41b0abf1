"""Bulk import of submitted responses: every record is checked before any is written.

`import_plan` reads the whole file once, record by record, and keeps only what checks
across records need (per round of the file: its version and its respondents) and what
the plan shows; the records themselves stay the parsed file's. The plan lists every
existing organisation the import would attach to. `import_write` then writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.functions import Lower

from assessments.bulk.imports.check import (
    OrganisationMatch,
    Organisations,
    Record,
    Versions,
    record_check,
    record_of,
)
from assessments.bulk.imports.read import ImportRejected
from assessments.models import Membership, Organisation, Response

# Records per query when checking against what the database holds. SQLite takes at
# most 32,766 parameters in one statement.
LOOKUP_SIZE = 1000


@dataclass(frozen=True)
class ImportSummary:
    responses: int
    organisations_created: int
    users_created: int
    rounds_created: int
    new_users: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttachedOrganisation:
    """An existing organisation the import adds to, shown before anything is written."""

    id: int
    name: str
    admins: tuple[str, ...]
    members: int
    records: int


@dataclass(frozen=True)
class ImportPlan:
    # The parsed file's records, all checked.
    records: Sequence[dict]
    attached: tuple[AttachedOrganisation, ...]
    new_organisations: tuple[str, ...]
    new_users: tuple[str, ...]
    organisations: Organisations
    versions: Versions

    def record(self, raw: dict) -> Record:
        """A checked record of this plan, ready to write."""
        return record_of(raw, self.organisations, self.versions)


@dataclass
class _RoundSeen:
    version: int
    first: int
    # Email: number of the record that answers for it.
    respondents: dict[str, int]


class _Submitted:
    """Records for rounds that exist already, checked in batches against the
    responses submitted in the database."""

    def __init__(self):
        self.pending: list[tuple[int, int, str]] = []

    def add(self, number: int, round_pk: int, email: str) -> None:
        self.pending.append((number, round_pk, email))
        if len(self.pending) >= LOOKUP_SIZE:
            self.check()

    def check(self) -> None:
        pending, self.pending = self.pending, []
        if not pending:
            return
        found = set(
            Response.objects.filter(
                status=Response.Status.SUBMITTED,
                round_id__in={round_pk for _, round_pk, _ in pending},
            )
            .annotate(email_lower=Lower("respondent__email"))
            .filter(email_lower__in={email for _, _, email in pending})
            .values_list("round_id", "email_lower")
        )
        for number, round_pk, email in pending:
            if (round_pk, email) in found:
                raise ImportRejected(
                    "this respondent has already submitted a response for this round",
                    record=number,
                    field="respondent",
                )


def import_plan(
    *,
    records: Sequence[object],
    match: OrganisationMatch = OrganisationMatch.STRICT,
) -> ImportPlan:
    """Check every record and say what the import would do; writes nothing.

    Raises ImportRejected naming the first bad record and field.
    """
    organisations = Organisations(match)
    versions = Versions()
    rounds: dict[tuple, _RoundSeen] = {}
    attached: dict[int, int] = {}
    new_organisations: dict[str, None] = {}
    emails: dict[str, None] = {}
    submitted = _Submitted()
    for number, raw in enumerate(records, start=1):
        try:
            record = record_check(number, raw, organisations, versions)
        except ImportRejected:
            # An earlier record may clash with a submitted response: name it first.
            submitted.check()
            raise
        _across_records(number, record, rounds, versions, submitted)
        kind, key = record.target
        if kind == "id":
            attached[key] = attached.get(key, 0) + 1
        else:
            new_organisations[key] = None
        emails[record.respondent] = None
    submitted.check()
    del rounds
    return ImportPlan(
        records=records,
        attached=_attached(attached),
        new_organisations=tuple(new_organisations),
        new_users=_new_users(list(emails)),
        organisations=organisations,
        versions=versions,
    )


def _across_records(number, record, rounds, versions, submitted) -> None:
    version = record.data.questionnaire.version
    seen = rounds.get((record.target, record.year))
    if seen is None:
        seen = rounds[(record.target, record.year)] = _RoundSeen(version, number, {})
    elif seen.version != version:
        raise ImportRejected(
            f"record {seen.first} answers the same round with version {seen.version}; "
            "one round is answered with one version",
            record=number,
            field="version",
        )
    if record.respondent in seen.respondents:
        raise ImportRejected(
            "same organisation, year and respondent as record "
            f"{seen.respondents[record.respondent]}",
            record=number,
            field="respondent",
        )
    seen.respondents[record.respondent] = number
    existing = versions.existing(record.target, record.year)
    if existing is not None and existing.is_closed:
        raise ImportRejected("the round is closed", record=number, field="year")
    if existing is not None:
        submitted.add(number, existing.pk, record.respondent)


def _attached(counts: dict[int, int]) -> tuple[AttachedOrganisation, ...]:
    if not counts:
        return ()
    admins: dict[int, list[str]] = {}
    for organisation_id, email in (
        Membership.objects.filter(organisation_id__in=counts, is_admin=True)
        .order_by("user__email")
        .values_list("organisation_id", "user__email")
    ):
        admins.setdefault(organisation_id, []).append(email)
    return tuple(
        AttachedOrganisation(
            id=organisation.pk,
            name=organisation.name,
            admins=tuple(admins.get(organisation.pk, [])),
            members=organisation.member_count,
            records=counts[organisation.pk],
        )
        for organisation in Organisation.objects.filter(pk__in=counts)
        .annotate(member_count=Count("memberships"))
        .order_by("pk")
    )


def _new_users(emails: list[str]) -> tuple[str, ...]:
    known = set()
    for start in range(0, len(emails), LOOKUP_SIZE):
        known.update(
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails[start : start + LOOKUP_SIZE])
            .values_list("email_lower", flat=True)
        )
    return tuple(email for email in emails if email not in known)
