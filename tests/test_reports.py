"""The report: the page as a PDF (WeasyPrint) and the chart as SVG and PNG."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import reports
from tests.factories import (
    answers_for,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # pypdf breaks lines where the PDF does; compare words, not layout.
    return re.sub(r"\s+", " ", text), len(reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def save(content: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(content)
    return path


@pytest.fixture
def acme():
    admin = make_membership(
        is_admin=True,
        role="leadership",
        organisation=make_organisation(name="Acme GmbH"),
    )
    round_ = make_round(organisation=admin.organisation, year=2026)
    response = make_response(
        round=round_,
        respondent=admin.user,
        role="leadership",
        submitted=True,
        answers=answers_for(
            relationship=2,
            maturity=4,
            diagnostics={"diag-2": 0, "diag-4": 0},
            ownership=0,
        ),
    )
    return admin, round_, response


def test_the_result_report_has_the_results_words_on_at_most_two_pages(client, acme):
    admin, _round, response = acme
    client.force_login(admin.user)
    page = client.get(reverse("assessments:response-result", args=[response.pk]))
    got = client.get(reverse("assessments:response-report", args=[response.pk]))
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == (
        'attachment; filename="acme-gmbh-2026-lmm.pdf"'
    )
    pdf = got.content
    save(pdf, "report-result.pdf")
    text, pages = pdf_text(pdf)
    assert pages <= 2
    assert "Acme GmbH" in text
    assert "2026" in text
    assert squash(page.context["verdict_short"]) in text
    assert squash(page.context["stage_name"]) in text
    checks = page.context["plan"]["checks"]
    assert len(checks) >= 2
    for check in checks:
        assert squash(check["message"]) in text
    # Screen-only things stay out.
    assert "Download PDF" not in text
    assert "Back to your assessments" not in text
