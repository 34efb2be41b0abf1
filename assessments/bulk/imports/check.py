"""Reading an import file: the JSON parsed, and each record checked on its own.

A record names its organisation by id, or by name. A name never silently attaches to
an organisation someone else created under that name (a sign-up can take any name):
an existing name needs `match` (attach to it) or `create` (make a new one) chosen
explicitly.

A checked record is a `Record`: small, made when it is needed and dropped after, its
strings and answers the parsed file's own objects, so that checking and writing a
large file hold little beside the file.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from assessments.answering import answer_scoring
from assessments.bulk.imports.read import (
    OPTIONAL_FIELDS,
    ORGANISATION_FIELDS,
    RECORD_FIELDS,
    REQUIRED_FIELDS,
    ImportRejected,
)
from assessments.models import Organisation, Questionnaire, Role, Round
from assessments.questionnaire.data import (
    QuestionnaireData,
    questionnaire_current,
    questionnaire_data,
)
from assessments.validators import clip, shorten, validate_visible_name

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


class Record(NamedTuple):
    # ("id", pk) for an existing organisation, ("new", name) for one to create.
    target: tuple[str, int | str]
    year: int
    respondent: str
    role: str
    answers: dict[str, int]
    data: QuestionnaireData
    # The organisation's profile fields the record gives (`PROFILE_FIELDS`).
    profile: dict = {}  # noqa: RUF012 - a NamedTuple default, never changed


class ExistingRound(NamedTuple):
    pk: int
    questionnaire_id: int
    is_closed: bool


class Organisations:
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

    def target(self, raw: dict) -> tuple[str, int | str]:
        """The target of a record `resolve` has accepted, without its checks."""
        if "organisation_id" in raw:
            return ("id", raw["organisation_id"])
        name = raw["organisation"].strip()
        existing = self.by_name.get(name)
        if self.match == OrganisationMatch.CREATE or not existing:
            return ("new", name)
        return ("id", existing[0])

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


class Versions:
    """Which questionnaire version answers a round: the round's own when it exists,
    else the version a record names, else the newest published one."""

    def __init__(self):
        self.rounds = {
            (organisation_id, year): ExistingRound(pk, questionnaire_id, is_closed)
            for organisation_id, year, pk, questionnaire_id, is_closed in (
                Round.objects.values_list(
                    "organisation_id", "year", "pk", "questionnaire_id", "is_closed"
                )
            )
        }
        self.published = {
            q.version: q for q in Questionnaire.objects.filter(is_published=True)
        }
        self.current: Questionnaire | None = None
        self.by_pk: dict[int, QuestionnaireData] = {}

    def existing(self, target, year: int) -> ExistingRound | None:
        return self.rounds.get((target[1], year)) if target[0] == "id" else None

    def data(self, target, year: int, version: int | None) -> QuestionnaireData:
        """Raises ValueError when the version cannot answer this round."""
        if version is not None and version not in self.published:
            raise ValueError(f"no published questionnaire version {clip(version)}")
        round_ = self.existing(target, year)
        if round_ is not None:
            if round_.questionnaire_id not in self.by_pk:
                self.by_pk[round_.questionnaire_id] = questionnaire_data(
                    Questionnaire.objects.get(pk=round_.questionnaire_id)
                )
            data = self.by_pk[round_.questionnaire_id]
            if version is not None and version != data.questionnaire.version:
                raise ValueError(
                    f"the {year} round of this organisation is answered with "
                    f"version {data.questionnaire.version}, not {version}"
                )
            return data
        if version is not None:
            questionnaire = self.published[version]
        else:
            self.current = self.current or questionnaire_current()
            questionnaire = self.current
        if questionnaire.pk not in self.by_pk:
            self.by_pk[questionnaire.pk] = questionnaire_data(questionnaire)
        return self.by_pk[questionnaire.pk]


def email_of(respondent: str) -> str:
    normal = respondent.strip().lower()
    # The file's own string when it is already normal: one string per record less.
    return respondent if respondent == normal else normal


def record_of(raw: dict, organisations: Organisations, versions: Versions) -> Record:
    """The Record of a raw record `record_check` has accepted, without its checks."""
    target = organisations.target(raw)
    return Record(
        target=target,
        year=raw["year"],
        respondent=email_of(raw["respondent"]),
        role=raw["role"],
        answers=raw["answers"],
        data=versions.data(target, raw["year"], raw.get("version")),
        # Checked by `record_check` already: read again, it raises nothing.
        profile=_profile_check(0, raw),
    )


def record_check(
    number: int, raw: object, organisations: Organisations, versions: Versions
) -> Record:
    """Check one record on its own; raises ImportRejected naming the field."""
    _fields_check(number, raw)
    target = organisations.resolve(number, raw)
    year = raw["year"]
    _year_check(number, year)
    respondent = raw["respondent"]
    _respondent_check(number, respondent)
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
        data = versions.data(target, year, version)
    except ValueError as error:
        raise ImportRejected(str(error), record=number, field="version") from None
    _answers_check(number, answers, data)
    return Record(
        target=target,
        year=year,
        respondent=email_of(respondent),
        role=role,
        answers=answers,
        data=data,
        profile=_profile_check(number, raw),
    )


INDUSTRY_MAX_LENGTH = Organisation._meta.get_field("industry").max_length
# A revenue team or a month's leads beyond these is a typing error, not a client.
PROFILE_LIMITS = {"revenue_team_size": (1, 100_000), "monthly_lead_volume": (0, 10**9)}


def _profile_check(number: int, raw: dict) -> dict:
    """The organisation's profile fields of a record, each checked on its own."""
    profile = {}
    industry = raw.get("industry")
    if "industry" in raw:
        if not isinstance(industry, str) or not industry.strip():
            raise ImportRejected(
                "must be a non-empty text", record=number, field="industry"
            )
        if len(industry.strip()) > INDUSTRY_MAX_LENGTH:
            raise ImportRejected(
                f"at most {INDUSTRY_MAX_LENGTH} characters",
                record=number,
                field="industry",
            )
        profile["industry"] = industry.strip()
    for name, (low, high) in PROFILE_LIMITS.items():
        if name not in raw:
            continue
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ImportRejected("must be a whole number", record=number, field=name)
        if not low <= value <= high:
            raise ImportRejected(
                f"must be between {low} and {high}", record=number, field=name
            )
        profile[name] = value
    return profile


def _fields_check(number: int, raw: object) -> None:
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


def _year_check(number: int, year: object) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise ImportRejected("must be a whole number", record=number, field="year")
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ImportRejected(
            f"{clip(year)} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}",
            record=number,
            field="year",
        )


def _respondent_check(number: int, respondent: object) -> None:
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


def _answers_check(number: int, answers: dict, data: QuestionnaireData) -> None:
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
    missing = answer_scoring.missing_codes(data, answers)
    if missing:
        raise ImportRejected(
            "required answer missing", record=number, field=f"answers.{missing[0]}"
        )
