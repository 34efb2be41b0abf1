"""Records and uploads for the admin import's tests."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import answers_for

IMPORT_URL = reverse("admin-portfolio:import")


def record(n, organisation="Nordwind GmbH", **extra):
    """Record `n` of an import file: a complete answer set for person `n`."""
    return {
        "organisation": organisation,
        "year": 2026,
        "respondent": f"person{n}@nordwind.test",
        "role": ("marketing", "sales")[n % 2],
        "answers": answers_for(),
        **extra,
    }


def upload(client, records=None, *, name="answers.json", content=None, match="strict"):
    """POST `records` (as JSON) or raw `content` to the admin import."""
    if content is None:
        content = json.dumps(records).encode()
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, content), "match": match}
    )
