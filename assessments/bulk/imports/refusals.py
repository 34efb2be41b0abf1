"""Every refused record of a file, with every field refused: what the admin's dry run
lists, so that a consultant corrects a file once rather than once per error.

`import_plan` stops at the first refusal (the command and the write need no more);
this runs only once it has, and goes on through the whole file. A record's first
refusal is `record_check`'s own, so every rule of that check is covered; the others
come from the same checks run field by field. Then what spans records: a respondent
twice in one round, two versions in one round, a closed round, a response already
submitted, an unconfirmed account, and a consultant's organisation that is not theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from assessments.answering import answer_scoring
from assessments.bulk.imports.check import (
    OrganisationMatch,
    Organisations,
    Versions,
    _respondent_check,
    _year_check,
    record_check,
)
from assessments.bulk.imports.plan import LOOKUP_SIZE
from assessments.bulk.imports.read import (
    OPTIONAL_FIELDS,
    RECORD_FIELDS,
    REQUIRED_FIELDS,
    ImportRejected,
)
from assessments.models import Profile, Response, Role
from assessments.validators import clip, shorten

# Refused records kept for the page; a file refused throughout says how many more.
LISTED = 2000


@dataclass
class Refused:
    record: int
    # (field, message) in the order found; field "" for the record as a whole.
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        if all(known != field_name for known, _ in self.errors):
            self.errors.append((field_name, message))


def file_refusals(
    *, records: Sequence[object], match: OrganisationMatch, clients: set[int] | None
) -> list[Refused]:
    """Every refused record, in file order. `clients`: the organisations a
    consultant may add to (None: any, a superuser)."""
    organisations = Organisations(match)
    versions = Versions()
    refused: dict[int, Refused] = {}
    rounds: dict[tuple, tuple[int, int]] = {}
    respondents: dict[tuple, int] = {}
    existing: list[tuple[int, int, str]] = []
    emails: dict[str, list[int]] = {}
    for number, raw in enumerate(records, start=1):
        entry = Refused(number)
        record = _record(entry, number, raw, organisations, versions)
        if isinstance(raw, dict) and clients is not None:
            _scope(entry, raw, organisations, clients)
        if record is not None:
            _across(entry, number, record, rounds, respondents, versions, existing)
            emails.setdefault(record.respondent, []).append(number)
        if entry.errors:
            refused[number] = entry
    for number, field_name, message in _submitted(existing) + _unconfirmed(emails):
        refused.setdefault(number, Refused(number)).add(field_name, message)
    return [refused[number] for number in sorted(refused)]


def _record(entry, number, raw, organisations, versions):
    try:
        return record_check(number, raw, organisations, versions)
    except ImportRejected as error:
        entry.add(error.field, error.message)
    if isinstance(raw, dict):
        _each_field(entry, number, raw, organisations, versions)
    return None


def _each_field(entry, number, raw, organisations, versions) -> None:
    for name in REQUIRED_FIELDS:
        if name not in raw:
            entry.add(name, "missing")
    for name in sorted(set(raw) - set(RECORD_FIELDS) - set(OPTIONAL_FIELDS)):
        entry.add(shorten(str(name)), "unknown field")
    target = None
    checks = [
        ("year", lambda: _year_check(number, raw["year"])),
        ("respondent", lambda: _respondent_check(number, raw["respondent"])),
    ]
    try:
        target = organisations.resolve(number, raw)
    except ImportRejected as error:
        entry.add(error.field, error.message)
    for name, check in checks:
        if name in raw:
            try:
                check()
            except ImportRejected as error:
                entry.add(error.field, error.message)
    if "role" in raw and raw["role"] not in Role.values:
        entry.add("role", f"{clip(raw['role'])} is not one of {', '.join(Role.values)}")
    year_ok = not any(name == "year" for name, _ in entry.errors) and "year" in raw
    if target is not None and year_ok:
        _answers(entry, raw, versions, target)


def _answers(entry, raw, versions, target) -> None:
    version = raw.get("version")
    if "version" in raw and (isinstance(version, bool) or not isinstance(version, int)):
        entry.add("version", "must be a whole number")
        return
    try:
        data = versions.data(target, raw["year"], version)
    except ValueError as error:
        entry.add("version", str(error))
        return
    answers = raw.get("answers")
    if not isinstance(answers, dict):
        return
    for code, value in answers.items():
        if code not in data.questions:
            entry.add(f"answers.{shorten(str(code))}", "unknown question code")
        elif (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in data.choices[code]
        ):
            allowed = ", ".join(str(v) for v in sorted(data.choices[code]))
            entry.add(f"answers.{code}", f"{clip(value)} is not among {allowed}")
    known = {code: value for code, value in answers.items() if code in data.questions}
    for code in answer_scoring.missing_codes(data, known):
        entry.add(f"answers.{code}", "required answer missing")


def _scope(entry, raw, organisations, clients) -> None:
    if any(name.startswith("organisation") for name, _ in entry.errors):
        return  # not a usable organisation: already refused for it
    try:
        kind, key = organisations.target(raw)
    except (AttributeError, KeyError, TypeError):
        return
    if kind == "id" and key not in clients:
        name = "organisation_id" if "organisation_id" in raw else "organisation"
        entry.add(name, "this organisation is not one of your clients")


def _across(entry, number, record, rounds, respondents, versions, existing) -> None:
    version = record.data.questionnaire.version
    key = (record.target, record.year)
    first, seen_version = rounds.setdefault(key, (number, version))
    if seen_version != version:
        entry.add(
            "version",
            f"record {first} answers the same round with version {seen_version}",
        )
    other = respondents.setdefault((*key, record.respondent), number)
    if other != number:
        entry.add(
            "respondent", f"same organisation, year and respondent as record {other}"
        )
    round_ = versions.existing(record.target, record.year)
    if round_ is not None and round_.is_closed:
        entry.add("year", "the round is closed")
    elif round_ is not None:
        existing.append((number, round_.pk, record.respondent))


def _submitted(existing) -> list[tuple[int, str, str]]:
    found = set()
    for start in range(0, len(existing), LOOKUP_SIZE):
        batch = existing[start : start + LOOKUP_SIZE]
        found.update(
            Response.objects.filter(
                status=Response.Status.SUBMITTED,
                round_id__in={round_pk for _, round_pk, _ in batch},
            )
            .annotate(email_lower=Lower("respondent__email"))
            .filter(email_lower__in={email for _, _, email in batch})
            .values_list("round_id", "email_lower")
        )
    return [
        (number, "respondent", "has already submitted a response for this round")
        for number, round_pk, email in existing
        if (round_pk, email) in found
    ]


def _unconfirmed(emails: dict[str, list[int]]) -> list[tuple[int, str, str]]:
    """Records of accounts that never confirmed their address (issue 19's rule:
    such an account gets no response and joins nothing)."""
    listed = sorted(emails)
    unconfirmed: set[str] = set()
    for start in range(0, len(listed), LOOKUP_SIZE):
        users = (
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=listed[start : start + LOOKUP_SIZE])
        )
        unconfirmed.update(
            Profile.objects.filter(user__in=users, email_confirmed=False).values_list(
                Lower("user__email"), flat=True
            )
        )
    return [
        (
            number,
            "respondent",
            "an account with this address has never confirmed it; it gets no "
            "response and joins no organisation until it does",
        )
        for email in sorted(unconfirmed)
        for number in emails[email]
    ]


def refusals_for_page(refused: list[Refused]) -> dict:
    """What the job keeps for the page: the first LISTED refused records."""
    return {
        "refused": [
            {"record": entry.record, "errors": entry.errors}
            for entry in refused[:LISTED]
        ],
        "refused_count": len(refused),
    }
