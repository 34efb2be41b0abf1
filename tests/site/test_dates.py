"""Dates are written the reader's way ("5 January 2026", "5. Januar 2026") on
pages, in the PDF and in e-mails; ISO dates stay in machine formats only."""

import io
import re

import pypdf
import pytest
from django.urls import resolve, reverse
from django.utils import formats, timezone, translation

from assessments.accounts.languages import language_remember
from tests.jobs.helpers import fetch_report
from tests.site.german_site import build_site, visible_text
from tests.site.test_german import log_in

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _today(language):
    with translation.override(language):
        return formats.date_format(timezone.localdate(), "DATE_FORMAT")


@pytest.mark.parametrize(
    ("language", "due", "valid_until"),
    [
        ("en", "Due 5 January 2026", "valid until 1 January 2099"),
        ("de", "Fällig 5. Januar 2026", "gültig bis 1. Januar 2099"),
    ],
)
def test_pages_write_dates_out(client, language, due, valid_until):
    site = build_site()
    language_remember(user=site.admin_user, language=language)
    log_in(client, site.admin_user)
    texts = {
        name: visible_text(client.get(url).content.decode())
        for name, url in site.pages.items()
        if name in ("plan", "members", "team", "history", "result")
    }
    assert due in texts["plan"]
    assert valid_until in texts["members"]
    # The consultant's advice is dated today, written out.
    assert f"Clara Berg, {_today(language)}" in texts["team"]
    for name, text in texts.items():
        assert not ISO_DATE.search(text), (name, ISO_DATE.search(text))


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_pdf_writes_its_date_out(client, language):
    site = build_site()
    language_remember(user=site.admin_user, language=language)
    log_in(client, site.admin_user)
    response_pk = resolve(site.pages["result last year"]).kwargs["response_id"]
    pdf = fetch_report(
        client, reverse("assessments:response-report", args=[response_pk])
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    )
    text = re.sub(r"\s+", " ", text)
    assert _today(language) in text
    assert not ISO_DATE.search(text)
