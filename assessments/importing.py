"""Bulk import of submitted responses: every record is checked before any is written.

A record names its organisation by id, or by name. A name never silently attaches to
an organisation someone else created under that name (a sign-up can take any name):
an existing name needs `match` (attach to it) or `create` (make a new one) chosen
explicitly, and the plan lists every existing organisation it would attach to.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count
from django.db.models.functions import Lower

from assessments import services
from assessments.models import (
    Membership,
    Organisation,
    Questionnaire,
    Response,
    Role,
    Round,
)
from assessments.selectors import (
    QuestionnaireData,
    questionnaire_current,
    questionnaire_data,
)
from assessments.validators import clip, shorten, validate_visible_name

REQUIRED_FIELDS = ("year", "respondent", "role", "answers")
ORGANISATION_FIELDS = ("organisation", "organisation_id")
RECORD_FIELDS = (*ORGANISATION_FIELDS, *REQUIRED_FIELDS)
# Without "version" a record is scored against the newest published version (or, for
# a round that already exists, the version that round was answered with).
OPTIONAL_FIELDS = ("version",)
YEAR_RANGE = (2000, 2100)
# The email doubles as the username, which holds 150 characters.
EMAIL_MAX_LENGTH = 150


class OrganisationMatch(enum.StrEnum):
    """How a record's organisation name is read."""

    # A name must be new to the database; the file's records naming it share one.
    STRICT = "strict"
    # Every name makes a new organisation, even if one of that name exists.
    CREATE = "create"
    # A name attaches to the one existing organisation of that name, else is created.
    MATCH = "match"


class ImportRejected(Exception):
    """The whole file is rejected; the message names the record and the field."""

    def __init__(self, message: str, *, record: int | None = None, field: str = ""):
        where = f"record {record}" if record is not None else "file"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
        self.record = record
        self.field = field


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
class _Record:
    # ("id", pk) for an existing organisation, ("new", name) for one to create.
    target: tuple[str, int | str]
    year: int
    respondent: str
    role: str
    answers: dict[str, int]
    version: int | None = None


@dataclass(frozen=True)
class ImportPlan:
    records: tuple[_Record, ...]
    attached: tuple[AttachedOrganisation, ...]
    new_organisations: tuple[str, ...]
    new_users: tuple[str, ...]
    data: dict[tuple, QuestionnaireData]


def parse_records(text: str) -> list[dict]:
    """Parse the file's JSON; it must be a list of objects."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except (RecursionError, ValueError) as error:
        # Nesting too deep, or a number too long for Python to read.
        raise ImportRejected(f"unreadable JSON: {clip(str(error))}") from None
    if not isinstance(document, list):
        raise ImportRejected("expected a JSON list of records")
    return document


class _Organisations:
    """Resolves a record's organisation field to a target, by the chosen rule."""

    def __init__(self, match: OrganisationMatch):
        self.match = match
        self.by_name: dict[str, list[int]] = {}
        self.ids: set[int] = set()
        for pk, name in Organisation.objects.order_by("pk").values_list("pk", "name"):
            self.by_name.setdefault(name, []).append(pk)
            self.ids.add(pk)

    def resolve(self, number: int, raw: dict) -> tuple[str, int | str]:
        given = [field for field in ORGANISATION_FIELDS if field in raw]
        if not given:
            raise ImportRejected("missing", record=number, field="organisation")
        if len(given) > 1:
            raise ImportRejected(
                "give either organisation or organisation_id, not both",
                record=number,
                field="organisation_id",
            )
        if given[0] == "organisation_id":
            pk = raw["organisation_id"]
            if isinstance(pk, bool) or not isinstance(pk, int) or pk not in self.ids:
                raise ImportRejected(
                    f"no organisation has the id {clip(pk)}",
                    record=number,
                    field="organisation_id",
                )
            return ("id", pk)
        name = self._name(number, raw["organisation"])
        existing = self.by_name.get(name, [])
        if self.match == OrganisationMatch.CREATE or not existing:
            return ("new", name)
        ids = ", ".join(str(pk) for pk in existing)
        if self.match == OrganisationMatch.MATCH and len(existing) == 1:
            return ("id", existing[0])
        if self.match == OrganisationMatch.MATCH:
            raise ImportRejected(
                f"several organisations have this name (ids {ids}); "
                'name the one you mean by "organisation_id"',
                record=number,
                field="organisation",
            )
        raise ImportRejected(
            f"an organisation named {clip(name)} already exists (id {ids}). "
            'Name it by "organisation_id", or pass --match-organisations to add '
            "to the existing one or --create-organisations to create a new one",
            record=number,
            field="organisation",
        )

    @staticmethod
    def _name(number: int, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ImportRejected(
                "must be a non-empty name", record=number, field="organisation"
            )
        name = value.strip()
        if len(name) > Organisation._meta.get_field("name").max_length:
            raise ImportRejected(
                "name is too long", record=number, field="organisation"
            )
        try:
            validate_visible_name(name)
        except ValidationError as error:
            raise ImportRejected(
                " ".join(error.messages), record=number, field="organisation"
            ) from None
        return name


def _validate_record(
    number: int, raw: object, organisations: _Organisations, data_for_round
) -> _Record:
    if not isinstance(raw, dict):
        raise ImportRejected("a record must be a JSON object", record=number)
    for field in REQUIRED_FIELDS:
        if field not in raw:
            raise ImportRejected("missing", record=number, field=field)
    unknown = sorted(set(raw) - set(RECORD_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise ImportRejected(
            "unknown field", record=number, field=shorten(str(unknown[0]))
        )
    target = organisations.resolve(number, raw)

    year = raw["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise ImportRejected("must be a whole number", record=number, field="year")
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ImportRejected(
            f"{clip(year)} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}",
            record=number,
            field="year",
        )
    respondent = raw["respondent"]
    try:
        if not isinstance(respondent, str) or len(respondent) > EMAIL_MAX_LENGTH:
            raise ValidationError("not a usable email")
        validate_email(respondent)
    except ValidationError:
        raise ImportRejected(
            f"{clip(respondent)} is not an email address",
            record=number,
            field="respondent",
        ) from None
    role = raw["role"]
    if role not in Role.values:
        raise ImportRejected(
            f"{clip(role)} is not one of {', '.join(Role.values)}",
            record=number,
            field="role",
        )
    answers = raw["answers"]
    if not isinstance(answers, dict):
        raise ImportRejected(
            "must be an object of code: value", record=number, field="answers"
        )

    version = raw.get("version")
    if "version" in raw and (isinstance(version, bool) or not isinstance(version, int)):
        raise ImportRejected("must be a whole number", record=number, field="version")
    try:
        data: QuestionnaireData = data_for_round(target, year, version)
    except ValueError as error:
        raise ImportRejected(str(error), record=number, field="version") from None
    for code, value in answers.items():
        if code not in data.questions:
            raise ImportRejected(
                f"unknown question code in questionnaire version "
                f"{data.questionnaire.version}",
                record=number,
                field=f"answers.{shorten(code)}",
            )
        allowed = data.choices[code]
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in allowed
        ):
            raise ImportRejected(
                f"{clip(value)} is not among the choices "
                f"{', '.join(str(v) for v in sorted(allowed))}",
                record=number,
                field=f"answers.{code}",
            )
    missing = services.missing_codes(data, answers)
    if missing:
        raise ImportRejected(
            "required answer missing", record=number, field=f"answers.{missing[0]}"
        )
    return _Record(
        target=target,
        year=year,
        respondent=respondent.strip().lower(),
        role=role,
        answers=answers,
        version=data.questionnaire.version,
    )


def import_plan(
    *,
    records: Sequence[object],
    match: OrganisationMatch = OrganisationMatch.STRICT,
) -> ImportPlan:
    """Check every record and say what the import would do; writes nothing.

    Raises ImportRejected naming the first bad record and field.
    """
    organisations = _Organisations(match)
    existing_rounds = {
        (round_.organisation_id, round_.year): round_
        for round_ in Round.objects.select_related("questionnaire")
    }
    current = None
    by_version: dict[int, QuestionnaireData] = {}
    data: dict[tuple, QuestionnaireData] = {}

    published = {q.version: q for q in Questionnaire.objects.filter(is_published=True)}

    def data_for_round(
        target, year: int, version: int | None = None
    ) -> QuestionnaireData:
        nonlocal current
        round_ = existing_rounds.get((target[1], year)) if target[0] == "id" else None
        if version is not None and version not in published:
            raise ValueError(f"no published questionnaire version {clip(version)}")
        if round_ is not None:
            questionnaire = round_.questionnaire
            if version is not None and version != questionnaire.version:
                raise ValueError(
                    f"the {year} round of this organisation is answered with "
                    f"version {questionnaire.version}, not {version}"
                )
        elif version is not None:
            questionnaire = published[version]
        else:
            current = current or questionnaire_current()
            questionnaire = current
        if questionnaire.pk not in by_version:
            by_version[questionnaire.pk] = questionnaire_data(questionnaire)
        data[(target, year)] = by_version[questionnaire.pk]
        return by_version[questionnaire.pk]

    validated = [
        _validate_record(number, raw, organisations, data_for_round)
        for number, raw in enumerate(records, start=1)
    ]
    submitted = set(
        Response.objects.filter(status=Response.Status.SUBMITTED).values_list(
            "round_id", "respondent__email"
        )
    )
    submitted = {(round_id, email.lower()) for round_id, email in submitted}
    seen: dict[tuple, int] = {}
    round_versions: dict[tuple, tuple[int | None, int]] = {}
    for number, record in enumerate(validated, start=1):
        first = round_versions.setdefault(
            (record.target, record.year), (record.version, number)
        )
        if first[0] != record.version:
            raise ImportRejected(
                f"record {first[1]} answers the same round with version {first[0]}; "
                "one round is answered with one version",
                record=number,
                field="version",
            )
        key = (record.target, record.year, record.respondent)
        if key in seen:
            raise ImportRejected(
                f"same organisation, year and respondent as record {seen[key]}",
                record=number,
                field="respondent",
            )
        seen[key] = number
        if record.target[0] != "id":
            continue
        round_ = existing_rounds.get((record.target[1], record.year))
        if round_ is not None and round_.is_closed:
            raise ImportRejected("the round is closed", record=number, field="year")
        if round_ is not None and (round_.pk, record.respondent) in submitted:
            raise ImportRejected(
                "this respondent has already submitted a response for this round",
                record=number,
                field="respondent",
            )

    return ImportPlan(
        records=tuple(validated),
        attached=_attached(validated),
        new_organisations=tuple(
            dict.fromkeys(r.target[1] for r in validated if r.target[0] == "new")
        ),
        new_users=_new_users(validated),
        data=data,
    )


def _attached(validated: list[_Record]) -> tuple[AttachedOrganisation, ...]:
    counts: dict[int, int] = {}
    for record in validated:
        if record.target[0] == "id":
            counts[record.target[1]] = counts.get(record.target[1], 0) + 1
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


def _new_users(validated: list[_Record]) -> tuple[str, ...]:
    emails = list(dict.fromkeys(record.respondent for record in validated))
    known = set()
    # In chunks: SQLite takes at most 32,766 parameters in one statement.
    for start in range(0, len(emails), 500):
        known.update(
            get_user_model()
            .objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails[start : start + 500])
            .values_list("email_lower", flat=True)
        )
    return tuple(email for email in emails if email not in known)


def answers_import(
    *,
    records: Sequence[object],
    match: OrganisationMatch = OrganisationMatch.STRICT,
) -> ImportSummary:
    """Check every record, then create what is missing and submit each response.

    All or nothing: the first invalid record raises ImportRejected and nothing is
    written; a record for a response that is already submitted is invalid too.
    """
    from assessments.import_write import import_write

    return import_write(plan=import_plan(records=records, match=match))
