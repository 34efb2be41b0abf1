"""Details a reader meets (issue 21 §4 and §2): leaving a step with unsaved
answers asks first, the invitation link's copy button fills the clipboard."""

import datetime
import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.accounts.languages import language_remember
from assessments.answering import responses
from assessments.models import Advice, Invitation
from tests.browser.people import log_in, member
from tests.browser.waits import WORKER_DOWNLOAD_MS, settled
from tests.factories import (
    answers_for,
    make_response,
    make_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_a_step_with_changed_answers_asks_first(page, live_server):
    person = member("reader@example.com", role="marketing", is_admin=True)
    round_ = make_round(organisation=person.organisation)
    responses.response_get_or_create(
        round=round_, respondent=person.user, role="marketing"
    )
    step_1 = live_server.url + reverse("assessments:response-step", args=[round_.pk, 1])
    log_in(page, live_server.url, person.user.email)
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)

    # Nothing changed: a link leaves without a question.
    page.goto(step_1)
    settled(page)
    page.locator("a[href='/about/']").first.click()
    expect(page).to_have_url(live_server.url + reverse("assessments:about"))
    assert dialogs == []

    # An answer changed: the same link asks, and staying keeps the answer.
    page.goto(step_1)
    settled(page)
    first = page.locator("input[type=radio]").first
    first.check()
    with page.expect_event("dialog"):
        page.locator("a[href='/about/']").first.click()
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(step_1)
    expect(first).to_be_checked()

    # Saving through the form's own button does not ask.
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()
    assert dialogs == ["beforeunload"]


def _members_page_with_invitations(admin):
    colleague = member("colleague@example.com", organisation=admin.organisation)
    Invitation.objects.create(
        organisation=admin.organisation,
        token="a" * 40,
        role="sales",
        email="new.colleague@example.com",
        created_by=admin.user,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    Invitation.objects.create(
        organisation=admin.organisation,
        token="b" * 40,
        role="marketing",
        created_by=admin.user,
        expires_at=timezone.now() + datetime.timedelta(days=14),
        used_by=colleague.user,
        used_at=timezone.now(),
    )
    return reverse("assessments:organisation-members", args=[admin.organisation.pk])


@pytest.mark.parametrize(
    ("language", "width", "copy", "copied"),
    [
        ("en", 1280, "Copy link", "Copied"),
        ("de", 1280, "Link kopieren", "Kopiert"),
        ("de", 390, "Link kopieren", "Kopiert"),
    ],
)
def test_the_copy_button_puts_the_invitation_link_on_the_clipboard(
    browser, live_server, artifacts, language, width, copy, copied
):
    admin = member("lead@example.com", role="leadership", is_admin=True)
    language_remember(user=admin.user, language=language)
    members = _members_page_with_invitations(admin)
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    log_in(page, live_server.url, admin.user.email)
    page.goto(live_server.url + members)
    link = page.locator(".lmm-invite-link")
    expect(link).to_have_count(1)
    page.get_by_role("button", name=copy).click()
    expect(page.get_by_role("status").filter(has_text=copied)).to_be_visible()
    invitation_url = link.input_value()
    assert invitation_url.endswith("/" + "a" * 40 + "/")
    assert page.evaluate("navigator.clipboard.readText()") == invitation_url
    # Nothing wider than the screen, on a phone too.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The page as each reader sees it, looked at after changes.
    page.screenshot(
        path=str(artifacts / f"members-{language}-{width}.png"), full_page=True
    )
    context.close()


def test_printing_a_second_year_result_gives_the_pdfs_two_pages(
    page, live_server, artifacts, embedded_worker
):
    admin = member("print@example.com", role="leadership", is_admin=True)
    for year, answers in (
        (2025, answers_for(relationship=1, maturity=2, ownership=0)),
        (2026, answers_for(relationship=2, maturity=4, ownership=0)),
    ):
        response = make_response(
            round=make_round(organisation=admin.organisation, year=year),
            respondent=admin.user,
            role="leadership",
            submitted=True,
            answers=answers,
        )
    log_in(page, live_server.url, admin.user.email)
    page.goto(
        live_server.url + reverse("assessments:response-result", args=[response.pk])
    )
    with page.expect_download(timeout=WORKER_DOWNLOAD_MS) as download:
        page.get_by_role("link", name="Download PDF").click()
    page.locator('#job-status[data-status="done"]').wait_for()
    report = Path(download.value.path()).read_bytes()
    page.go_back()
    settled(page)

    page.emulate_media(media="print")
    page.screenshot(path=artifacts / "print-second-year.png", full_page=True)
    for hidden in ("nav.navbar", "#report-links", "body > footer"):
        expect(page.locator(hidden)).to_be_hidden()
    assert page.locator(".btn").evaluate_all(
        "els => els.every(el => !el.checkVisibility())"
    )
    # The same sections, in the same order, as the PDF the site draws.
    printed = [
        squash(text)
        for text in page.locator("main h2").evaluate_all(
            "els => els.filter(el => el.checkVisibility()).map(el => el.innerText)"
        )
    ]
    report_text = pdf_text(report)
    assert printed
    assert all(heading in report_text for heading in printed), printed
    hidden_headings = page.locator("main h2").evaluate_all(
        "els => els.filter(el => !el.checkVisibility()).map(el => el.innerText)"
    )
    assert not any(squash(text) in report_text for text in hidden_headings)
    # Chromium's own print of the page: two A4 pages, as the PDF.
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    assert len(PdfReader(io.BytesIO(report)).pages) == 2
    assert "http" not in pdf_text(pdf)


def squash(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def pdf_text(pdf):
    return squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("language", ["en", "de"])
def test_on_a_phone_the_answer_options_are_one_row_or_one_per_row(
    browser, live_server, artifacts, language
):
    person = member("phone@example.com", role="sales", is_admin=True)
    language_remember(user=person.user, language=language)
    round_ = make_round(organisation=person.organisation)
    responses.response_get_or_create(round=round_, respondent=person.user, role="sales")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, person.user.email)
    page.goto(
        live_server.url + reverse("assessments:response-step", args=[round_.pk, 2])
    )
    settled(page)
    page.screenshot(path=str(artifacts / f"step-phone-{language}.png"), full_page=True)
    groups = page.locator(".lmm-question fieldset > div:not(.form-text)").evaluate_all(
        """els => els.filter(el => el.checkVisibility()).map(el =>
             [...el.querySelectorAll('.form-check')].map(o => o.getBoundingClientRect().top))"""
    )
    five = [tops for tops in groups if len(tops) == 5]
    assert five, "no question with five options on this step"
    for tops in five:
        rows = sorted({round(top) for top in tops})
        # One row, or each option on its own row: never 2-2-1.
        assert len(rows) in (1, 5), tops
    context.close()


@pytest.mark.parametrize(
    ("language", "width", "since"),
    [("en", 1280, "Since 2025"), ("de", 1280, "Seit 2025"), ("de", 390, "Seit 2025")],
)
def test_the_team_page_opens_with_since_and_advice(
    browser, live_server, artifacts, language, width, since
):
    admin = member("team-lead@example.com", role="leadership", is_admin=True)
    language_remember(user=admin.user, language=language)
    colleagues = [
        member(f"{role}@example.com", role=role, organisation=admin.organisation)
        for role in ("marketing", "sales")
    ]
    for year, rel in ((2025, 1), (2026, 3)):
        round_ = make_round(organisation=admin.organisation, year=year)
        for person in colleagues:
            make_response(
                round=round_,
                respondent=person.user,
                role=person.role,
                submitted=True,
                answers=answers_for(relationship=rel, maturity=rel, ownership=0),
            )
    Advice.objects.create(
        round=round_, author_name="Clara Berg", text="Agree the terms first."
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, admin.user.email)
    page.goto(live_server.url + reverse("assessments:round-detail", args=[round_.pk]))
    expect(page.get_by_role("heading", name=since, exact=True)).to_be_visible()
    page.screenshot(
        path=str(artifacts / f"team-page-{language}-{width}.png"), full_page=True
    )
    top = {
        name: page.locator(f"#{name}").bounding_box()["y"]
        for name in ("since", "advice", "perception-gap", "checks")
    }
    assert top["since"] < top["advice"] < top["perception-gap"] < top["checks"]
    context.close()
