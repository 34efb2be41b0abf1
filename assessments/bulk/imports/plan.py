"""Bulk import of submitted responses: every record is checked before any is written.

`import_plan` reads the whole file once, record by record, and keeps only what checks
across records need (per round of the file: its version and its respondents) and what
the plan shows; the records themselves stay the parsed file's. The plan lists every
existing organisation the import would attach to. `import_write` then writes it.
"""

from __future__ import annotations

import enum
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
    email_of,
    record_check,
    record_of,
)
from assessments.bulk.imports.read import ImportRejected
from assessments.models import Membership, Organisation, Profile, Response

# Records per query when checking against what the database holds. SQLite takes at
# most 32,766 parameters in one statement.
LOOKUP_SIZE = 1000


class ExistingAccounts(enum.StrEnum):
    """What happens to a record whose respondent already has an account that is not
    yet a member of the record's organisation."""

    # The import is refused; the plan lists them (--dry-run shows it).
    REFUSE = "refuse"
    # The operator vouches: the account joins and gets the response.
    ATTACH = "attach"
    # The record is left out; the account gets an invitation to its address.
    INVITE = "invite"


@dataclass(frozen=True)
class ImportSummary:
    responses: int
    organisations_created: int
    users_created: int
    rounds_created: int
    new_users: tuple[str, ...] = ()
    # Name: id of every organisation the import created.
    created_organisations: dict[str, int] | None = None


@dataclass(frozen=True)
class JoiningAccount:
    """An existing account a record would make a member of an organisation."""

    email: str
    target: tuple[str, int | str]
    role: str
    record: int


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
    # Existing accounts that would join an organisation, and what is done about them.
    joining: tuple[JoiningAccount, ...] = ()
    existing: ExistingAccounts = ExistingAccounts.REFUSE

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
    existing: ExistingAccounts = ExistingAccounts.REFUSE,
) -> ImportPlan:
    """Check every record and say what the import would do; writes nothing.

    Raises ImportRejected naming the first bad record and field, and for a record of
    an account whose address is unconfirmed: such an account never gets a response
    or a membership.
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
    new_users = _new_users(list(emails))
    joining = _joining(records, organisations, set(emails) - set(new_users))
    if existing == ExistingAccounts.INVITE and joining:
        left_out = {account.record for account in joining}
        records = [
            raw for number, raw in enumerate(records, 1) if number not in left_out
        ]
    return ImportPlan(
        records=records,
        attached=_attached(attached),
        new_organisations=tuple(new_organisations),
        new_users=new_users,
        organisations=organisations,
        versions=versions,
        joining=joining,
        existing=existing,
    )


def _joining(records, organisations, emails: set[str]) -> tuple[JoiningAccount, ...]:
    """The records whose respondent has an account that is not a member of the
    record's organisation. Refuses a record whose account has not confirmed its
    address (made by sign-up, link not followed)."""
    if not emails:
        return ()
    accounts: dict[str, int] = {}
    listed = sorted(emails)
    for start in range(0, len(listed), LOOKUP_SIZE):
        accounts.update(
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=listed[start : start + LOOKUP_SIZE])
            .values_list("email_lower", "pk")
        )
    unconfirmed = set(
        Profile.objects.filter(
            user_id__in=accounts.values(), email_confirmed=False
        ).values_list("user_id", flat=True)
    )
    members = set(
        Membership.objects.filter(user_id__in=accounts.values()).values_list(
            "user_id", "organisation_id"
        )
    )
    joining = []
    for number, raw in enumerate(records, start=1):
        email = email_of(raw["respondent"])
        if email not in accounts:
            continue
        if accounts[email] in unconfirmed:
            raise ImportRejected(
                "an account with this address exists but has never confirmed it; "
                "it cannot be given answers or join an organisation until it does",
                record=number,
                field="respondent",
            )
        target = organisations.target(raw)
        if target[0] == "id" and (accounts[email], target[1]) in members:
            continue
        joining.append(JoiningAccount(email, target, raw["role"], number))
    return tuple(joining)


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
