import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from assessments.organisations import create
from tests.browser.test_team_flow import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_makes_uses_and_revokes_a_token(live_server, page, artifacts):
    user = get_user_model().objects.create_user(
        "dana@example.com", "dana@example.com", PASSWORD
    )
    create.organisation_create(
        creator=user,
        name="Contoso Leads",
        revenue_team_size=8,
        monthly_lead_volume=150,
        role="marketing",
    )
    log_in(page, live_server.url, "dana@example.com")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("BI dashboard")
    page.get_by_label("Scope").select_option("read")
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_role("button", name="Make the token").click()
    secret = page.locator("#new-token-secret")
    expect(secret).to_be_visible()
    expect(page.locator("#token-table")).to_contain_text("BI dashboard")
    page.screenshot(path=str(artifacts / "api_tokens_new.png"), full_page=True)
    token = secret.inner_text().strip()

    answer = page.request.get(
        live_server.url + "/api/v1/organisations/",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status == 200
    assert json.loads(answer.text())["results"][0]["name"] == "Contoso Leads"

    # The secret is gone once the page is left.
    page.get_by_role("link", name="API tokens").click()
    expect(page.locator("#new-token-secret")).to_have_count(0)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("The token is revoked.")).to_be_visible()
    answer = page.request.get(
        live_server.url + "/api/v1/organisations/",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status == 401


def test_the_api_docs_render_from_local_assets(live_server, page, artifacts):
    get_user_model().objects.create_user("eve@example.com", "eve@example.com", PASSWORD)
    log_in(page, live_server.url, "eve@example.com")
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url)
            and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs/")
    expect(page.get_by_text("/api/v1/rounds/{round_id}/").first).to_be_visible()
    page.screenshot(path=str(artifacts / "api_docs.png"))
    assert outside == []
