"""Reading an import file: the JSON parsed into records, and the fields a record has."""

from __future__ import annotations

import json

from assessments.validators import clip

REQUIRED_FIELDS = ("year", "respondent", "role", "answers")


ORGANISATION_FIELDS = ("organisation", "organisation_id")


RECORD_FIELDS = (*ORGANISATION_FIELDS, *REQUIRED_FIELDS)


# The organisation's profile a record may carry: a new organisation is created with
# it, an existing one takes the values given (filters and the scale check read them).
PROFILE_NUMBER_FIELDS = ("revenue_team_size", "monthly_lead_volume")
PROFILE_FIELDS = ("industry", *PROFILE_NUMBER_FIELDS)


# Without "version" a record is scored against the newest published version (or, for
# a round that already exists, the version that round was answered with).
OPTIONAL_FIELDS = ("version", *PROFILE_FIELDS)


class ImportRejected(Exception):
    """The whole file is rejected; the message names the record and the field."""

    def __init__(self, message: str, *, record: int | None = None, field: str = ""):
        where = f"record {record}" if record is not None else "file"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
        self.message = message
        self.record = record
        self.field = field


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
