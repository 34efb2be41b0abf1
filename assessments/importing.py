"""Bulk import of submitted responses: all records are checked before any is written."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

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

RECORD_FIELDS = ("organisation", "year", "respondent", "role", "answers")
# Without "version" a record is scored against the newest published version (or, for
# a round that already exists, the version that round was answered with).
OPTIONAL_FIELDS = ("version",)
YEAR_RANGE = (2000, 2100)
# The email doubles as the username, which holds 150 characters.
EMAIL_MAX_LENGTH = 150


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


@dataclass(frozen=True)
class _Record:
    organisation: str
    year: int
    respondent: str
    role: str
    answers: dict[str, int]
    version: int | None = None


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
        raise ImportRejected(f"unreadable JSON: {error}") from None
    if not isinstance(document, list):
        raise ImportRejected("expected a JSON list of records")
    return document


def _validate_record(number: int, raw: object, data_for_round) -> _Record:
    if not isinstance(raw, dict):
        raise ImportRejected("a record must be a JSON object", record=number)
    for field in RECORD_FIELDS:
        if field not in raw:
            raise ImportRejected("missing", record=number, field=field)
    unknown = sorted(set(raw) - set(RECORD_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise ImportRejected("unknown field", record=number, field=unknown[0])

    organisation = raw["organisation"]
    if not isinstance(organisation, str) or not organisation.strip():
        raise ImportRejected(
            "must be a non-empty name", record=number, field="organisation"
        )
    if len(organisation.strip()) > Organisation._meta.get_field("name").max_length:
        raise ImportRejected("name is too long", record=number, field="organisation")
    year = raw["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise ImportRejected("must be a whole number", record=number, field="year")
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ImportRejected(
            f"{year} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}",
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
            f"{respondent!r} is not an email address", record=number, field="respondent"
        ) from None
    role = raw["role"]
    if role not in Role.values:
        raise ImportRejected(
            f"{role!r} is not one of {', '.join(Role.values)}",
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
        data: QuestionnaireData = data_for_round(organisation.strip(), year, version)
    except ValueError as error:
        raise ImportRejected(str(error), record=number, field="version") from None
    for code, value in answers.items():
        if code not in data.questions:
            raise ImportRejected(
                f"unknown question code in questionnaire version "
                f"{data.questionnaire.version}",
                record=number,
                field=f"answers.{code}",
            )
        allowed = data.choices[code]
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in allowed
        ):
            raise ImportRejected(
                f"{value!r} is not among the choices "
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
        organisation=organisation.strip(),
        year=year,
        respondent=respondent.strip().lower(),
        role=role,
        answers=answers,
        version=data.questionnaire.version,
    )


def answers_import(*, records: Sequence[object]) -> ImportSummary:
    """Validate every record, then create what is missing and submit each response.

    All or nothing: the first invalid record raises ImportRejected and nothing is
    written; a record for a response that is already submitted is invalid too.
    """
    current = None
    data_cache: dict[int, QuestionnaireData] = {}
    organisations: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.order_by("pk"):
        organisations.setdefault(organisation.name, []).append(organisation)
    existing_rounds = {
        (round_.organisation.name, round_.year): round_
        for round_ in Round.objects.select_related("organisation", "questionnaire")
    }

    published = {q.version: q for q in Questionnaire.objects.filter(is_published=True)}

    def data_for_round(
        organisation: str, year: int, version: int | None = None
    ) -> QuestionnaireData:
        nonlocal current
        round_ = existing_rounds.get((organisation, year))
        if version is not None and version not in published:
            raise ValueError(f"no published questionnaire version {version}")
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
        if questionnaire.pk not in data_cache:
            data_cache[questionnaire.pk] = questionnaire_data(questionnaire)
        return data_cache[questionnaire.pk]

    validated = [
        _validate_record(number, raw, data_for_round)
        for number, raw in enumerate(records, start=1)
    ]
    seen: dict[tuple[str, int, str], int] = {}
    round_versions: dict[tuple[str, int], tuple[int, int]] = {}
    for number, record in enumerate(validated, start=1):
        first = round_versions.setdefault(
            (record.organisation, record.year), (record.version, number)
        )
        if first[0] != record.version:
            raise ImportRejected(
                f"record {first[1]} answers the same round with version {first[0]}; "
                "one round is answered with one version",
                record=number,
                field="version",
            )
        if len(organisations.get(record.organisation, [])) > 1:
            raise ImportRejected(
                "several organisations have this name; rename one in the admin first",
                record=number,
                field="organisation",
            )
        key = (record.organisation, record.year, record.respondent)
        if key in seen:
            raise ImportRejected(
                f"same organisation, year and respondent as record {seen[key]}",
                record=number,
                field="respondent",
            )
        seen[key] = number
        round_ = existing_rounds.get((record.organisation, record.year))
        if round_ is not None and round_.is_closed:
            raise ImportRejected("the round is closed", record=number, field="year")
        if (
            round_ is not None
            and Response.objects.filter(
                round=round_,
                respondent__email__iexact=record.respondent,
                status=Response.Status.SUBMITTED,
            ).exists()
        ):
            raise ImportRejected(
                "this respondent has already submitted a response for this round",
                record=number,
                field="respondent",
            )

    try:
        return _write(validated, data_for_round)
    except ValidationError as error:
        # A check above should have caught it; the transaction has rolled back.
        raise ImportRejected(" ".join(error.messages)) from None


def _write(validated: list[_Record], data_for_round) -> ImportSummary:
    User = get_user_model()
    counts = {"organisations": 0, "users": 0, "rounds": 0}
    with transaction.atomic():
        for record in validated:
            organisation = Organisation.objects.filter(name=record.organisation).first()
            if organisation is None:
                organisation = Organisation.objects.create(name=record.organisation)
                counts["organisations"] += 1
            user = User.objects.filter(email__iexact=record.respondent).first()
            if user is None:
                user = User(username=record.respondent, email=record.respondent)
                user.set_unusable_password()
                user.save()
                counts["users"] += 1
            Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": record.role}
            )
            data = data_for_round(record.organisation, record.year, record.version)
            round_, created = Round.objects.get_or_create(
                organisation=organisation,
                year=record.year,
                defaults={"questionnaire": data.questionnaire},
            )
            counts["rounds"] += created
            response = services.response_get_or_create(
                round=round_, respondent=user, role=record.role
            )
            services.response_save_answers(
                response=response, answers=record.answers, data=data
            )
            services.response_submit(response=response, data=data)
    return ImportSummary(
        responses=len(validated),
        organisations_created=counts["organisations"],
        users_created=counts["users"],
        rounds_created=counts["rounds"],
    )
