"""In a real browser: a consultant registers a webhook for a client from the admin's
client page, sees every refused record of a bad import file, and an organisation's
admin reads API token use and share-link opens on the audit page."""

import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from assessments.models import AuditEvent, Organisation
from tests.browser.test_consultant_flow import (  # noqa: F401 (fixture)
    consultant,
    log_in,
    serious_violations,
)
from tests.browser.test_team_flow import PASSWORD
from tests.browser.test_team_flow import log_in as site_log_in
from tests.factories import answers_for, make_membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe_page(browser):
    # axe-core is injected as an inline script, which the CSP forbids.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_a_consultant_registers_a_webhook_for_a_client(
    live_server, browser, artifacts, consultant, settings
):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    client = Organisation.objects.get(name="Cobalt Retail")
    context, page = _axe_page(browser)
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/portfolio/clients/{client.pk}/")
    page.get_by_role("link", name="Webhooks for this client").click()
    expect(page.get_by_text("As this client's consultant")).to_be_visible()
    page.get_by_label("Endpoint URL").fill("https://hooks.example.test/lmm")
    page.get_by_label("A response was submitted").check()
    page.get_by_role("button", name="Register the webhook").click()
    expect(page.get_by_text("The webhook is registered.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="https://hooks.example.test/lmm")
    ).to_be_visible()
    page.screenshot(path=artifacts / "consultant-webhooks.png", full_page=True)
    assert serious_violations(page) == []
    assert client.webhooks.get().consultant == consultant
    context.close()


def test_a_consultant_sees_every_refused_record(
    live_server, browser, artifacts, consultant, embedded_worker, tmp_path
):
    good = {
        "organisation": "Gale Robotics",
        "year": 2026,
        "respondent": "ann@gale.test",
        "role": "sales",
        "answers": answers_for(),
    }
    records = [
        good,
        good | {"year": "2026", "role": "ceo"},
        good | {"respondent": "ben@gale"},
        good,
    ]
    upload = tmp_path / "gale.json"
    upload.write_text(json.dumps(records))
    context, page = _axe_page(browser)
    log_in(page, live_server.url)
    page.get_by_role("link", name="Import answers from a file").click()
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    table = page.locator("#import-refused")
    expect(table).to_be_visible()
    expect(page.get_by_role("heading", name="3 records are refused")).to_be_visible()
    for text in ("ceo", "ben@gale", "same organisation, year and respondent"):
        expect(table).to_contain_text(text)
    page.screenshot(path=artifacts / "consultant-import-refused.png", full_page=True)
    assert serious_violations(page) == []
    context.close()


def test_an_admin_reads_token_use_and_share_link_opens(live_server, page, artifacts):
    user = get_user_model().objects.create_user(
        "ida@example.com", "ida@example.com", PASSWORD
    )
    admin = make_membership(user=user, is_admin=True)
    AuditEvent.objects.create(
        kind=AuditEvent.Kind.API_TOKEN_USE,
        actor=user,
        organisation=admin.organisation,
        target="CRM sync (lmm_ab12…): GET /api/v1/rounds/3/",
        ip_address="127.0.0.1",
    )
    AuditEvent.objects.create(
        kind=AuditEvent.Kind.SHARE_LINK_OPEN,
        organisation=admin.organisation,
        target="Team result, made by ida@example.com",
        ip_address="203.0.113.0",
    )
    site_log_in(page, live_server.url, "ida@example.com")
    page.goto(f"{live_server.url}/organisations/{admin.organisation_id}/audit/")
    expect(page.get_by_role("cell", name="API token use")).to_be_visible()
    expect(page.get_by_role("cell", name="Share link opened")).to_be_visible()
    page.screenshot(path=artifacts / "audit-api-share.png", full_page=True)
