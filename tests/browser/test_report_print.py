"""The result page's downloads, and the page printed by Chromium (print media, A4): at most two pages, a footer
with organisation, date and page number on each, and no card split across pages."""

import io
import os
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from assessments.results import texts as result_texts
from tests.browser.test_team_flow import PASSWORD, log_in
from tests.browser.waits import WORKER_DOWNLOAD_MS
from tests.factories import (
    answers_for,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Everything the print stylesheet keeps in one piece.
UNSPLIT = ".card, .alert, figure, dl, tr"
SNIPPETS = """
els => {
  // The chart's own words come in drawing order: read the rest of each element.
  const charts = [...document.querySelectorAll("figure svg")];
  charts.forEach(svg => svg.style.display = "none");
  const found = els.map(el => {
    const words = el.innerText.replace(/\\s+/g, " ").trim();
    return {first: words.slice(0, 24), last: words.slice(-24), tag: el.className};
  }).filter(item => item.first.length >= 12);
  charts.forEach(svg => svg.style.display = "");
  return found;
}
"""


def squash(text):
    # NFKC turns the PDF's ligatures (ﬁ) back into letters; a line may break after
    # a hyphen of a compound ("Lead-Management-Abteilung").
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))
    return re.sub(r"([-–]) ", r"\1", text)


def keep_printed(pdf, artifacts, name):
    """The PDF and a picture of each page in the artifacts, made aside and then moved
    in whole: another run writing the same artifacts cannot hand pdftoppm half a
    file."""
    with tempfile.TemporaryDirectory(dir=artifacts) as work:
        printed = Path(work) / f"{name}.pdf"
        printed.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(printed), str(Path(work) / name)],
            check=True,
        )
        for made in Path(work).iterdir():
            os.replace(made, artifacts / made.name)


def page_of(pages, snippet):
    found = [i for i, text in enumerate(pages) if snippet in text]
    assert found, f"{snippet!r} is not in the PDF"
    return found


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_printed_result_keeps_every_card_on_one_page(
    live_server, page, artifacts, language, embedded_worker
):
    with translation.override(language):
        words = {
            text: str(_(text)) for text in ("Download PDF", "Chart as PNG", "Log out")
        }
        labels = result_texts.chart_labels()
        regions = (str(labels.above_region)[:12], str(labels.below_region)[:12])
    suffix = "" if language == "en" else f"-{language}"
    user = get_user_model().objects.create_user(
        "print@example.com", "print@example.com", PASSWORD
    )
    admin = make_membership(
        user=user,
        is_admin=True,
        role="leadership",
        organisation=make_organisation(name="Acme GmbH"),
    )
    response = make_response(
        round=make_round(organisation=admin.organisation, year=2026),
        respondent=user,
        role="leadership",
        submitted=True,
        answers=answers_for(
            relationship=2,
            maturity=4,
            diagnostics={"diag-2": 0, "diag-4": 0},
            ownership=0,
        ),
    )
    log_in(page, live_server.url, "print@example.com")
    # The language as the header's switch leaves it for a person without a choice.
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(
        live_server.url + reverse("assessments:response-result", args=[response.pk])
    )
    links = page.locator("#report-links")
    links.screenshot(path=artifacts / f"report-links{suffix}.png")
    # The PDF is drawn by a worker; its page follows it and then hands it over.
    with page.expect_download(timeout=WORKER_DOWNLOAD_MS) as download:
        page.get_by_role("link", name=words["Download PDF"]).click()
    assert download.value.suggested_filename == "acme-gmbh-2026-lmm.pdf"
    assert "/jobs/" in page.url
    page.locator('#job-status[data-status="done"]').wait_for()
    page.screenshot(path=artifacts / f"report-job-done{suffix}.png")
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name=words["Chart as PNG"]).click()
    assert download.value.suggested_filename == "acme-gmbh-2026-lmm.png"
    page.emulate_media(media="print")
    page.screenshot(path=artifacts / f"print-result-media{suffix}.png", full_page=True)
    snippets = page.locator(UNSPLIT).evaluate_all(SNIPPETS)
    assert len(snippets) >= 6
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    keep_printed(pdf, artifacts, f"print-result{suffix}")
    pages = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) <= 2
    for number, text in enumerate(pages, start=1):
        assert "Acme GmbH ·" in text
        assert f"{number} / {len(pages)}" in text
    assert not any(
        words["Download PDF"] in text or words["Log out"] in text for text in pages
    )
    for item in snippets:
        starts = page_of(pages, squash(item["first"]))
        ends = page_of(pages, squash(item["last"]))
        # The card's first and last words are on one page.
        assert set(starts) & set(ends), item
    # The chart's top and bottom corner, and its caption, share a page.
    caption = page.locator("#chart-description").inner_text()[:24]
    assert (
        set(page_of(pages, regions[0]))
        & set(page_of(pages, regions[1]))
        & set(page_of(pages, squash(caption)))
    )
