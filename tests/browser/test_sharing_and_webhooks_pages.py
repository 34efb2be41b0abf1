import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from assessments.models import Round
from assessments.organisations import create
from tests.browser.test_team_flow import PASSWORD, log_in
from tests.factories import make_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_shares_the_history_and_opens_the_webhooks_page(
    live_server, page, artifacts
):
    user = get_user_model().objects.create_user(
        "fay@example.com", "fay@example.com", PASSWORD
    )
    organisation = create.organisation_create(
        creator=user,
        name="Fabrikam Leads",
        revenue_team_size=10,
        monthly_lead_volume=300,
        role="sales",
    )
    round_ = Round.objects.create(
        organisation=organisation,
        year=2026,
        questionnaire=__import__(
            "assessments.questionnaire.data", fromlist=["x"]
        ).questionnaire_current(),
    )
    make_response(round=round_, respondent=user, role="sales", submitted=True)
    log_in(page, live_server.url, "fay@example.com")
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/history/")
    expect(page.locator("#export-links")).to_be_visible()
    page.screenshot(path=str(artifacts / "history_exports_share.png"), full_page=True)
    page.get_by_role("button", name="Make a share link").click()
    expect(page.locator("#share-new-url")).to_be_visible()
    expect(page.locator("#share-table")).to_contain_text("fay@example.com")
    page.screenshot(path=str(artifacts / "share_links.png"), full_page=True)
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/webhooks/")
    page.get_by_label("Endpoint URL").fill("https://127.0.0.1/hook")
    page.get_by_label("A round was closed").check()
    page.get_by_role("button", name="Register the webhook").click()
    expect(page.get_by_text("public addresses only")).to_be_visible()
    page.screenshot(path=str(artifacts / "webhooks.png"), full_page=True)
