import json
from base64 import b32decode
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from playwright.sync_api import expect

from assessments.models import Membership, TeamResult
from assessments.organisations import create
from assessments.teams.stored_results import team_results_for
from tests.browser.test_team_flow import PASSWORD, log_in
from tests.browser.waits import settled
from tests.factories import answers_for, make_response, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for `secret`, now or a period later."""
    return f"{totp(b32decode(secret), t0=-30 * steps_ahead):06d}"


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation").get_by_role("link", name="Log in")
    ).to_be_visible()


def test_two_factor_set_up_then_asked_for_at_every_log_in(
    live_server, page, artifacts, settings
):
    # django-otp's back-off after a wrong code (a second, then doubling) is shown in
    # tests/accounts/test_two_factor.py; here the next code is typed at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    User = get_user_model()
    dana = User.objects.create_user("dana@example.com", "dana@example.com", PASSWORD)
    create.organisation_create(
        creator=dana,
        name="Fabrikam Drives",
        revenue_team_size=8,
        monthly_lead_volume=200,
        role="marketing",
    )

    log_in(page, live_server.url, "dana@example.com")
    page.get_by_role("link", name="Two-factor").click()
    page.get_by_role("link", name="Set up two-factor log-in").click()
    secret_shown = page.get_by_test_id("totp-secret")
    expect(secret_shown).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code for your authenticator app")
    ).to_be_visible()
    page.screenshot(path=str(artifacts / "two_factor_setup.png"), full_page=True)
    secret = secret_shown.inner_text()
    page.get_by_role("textbox", name="Code").fill(app_code(secret))
    page.get_by_role("button", name="Turn on").click()
    codes_list = page.get_by_test_id("recovery-codes")
    expect(codes_list.locator("li")).to_have_count(10)
    codes = codes_list.locator("li").all_inner_texts()
    page.screenshot(path=str(artifacts / "two_factor_codes.png"), full_page=True)

    # The password alone no longer opens the site.
    log_out(page)
    log_in(page, live_server.url, "dana@example.com")
    expect(page.get_by_role("heading", name="Second factor")).to_be_visible()
    page.goto(live_server.url + "/account/data/")
    expect(page.get_by_role("heading", name="Second factor")).to_be_visible()
    page.get_by_role("textbox", name="Code").fill(
        "000000" if app_code(secret, 1) != "000000" else "1"
    )
    page.get_by_role("button", name="Verify").click()
    expect(
        page.get_by_text("That code is not right, or was already used.")
    ).to_be_visible()
    page.screenshot(path=str(artifacts / "two_factor_wrong_code.png"), full_page=True)

    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="What we store about you")).to_be_visible()

    # A recovery code works once.
    log_out(page)
    log_in(page, live_server.url, "dana@example.com")
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    expect(
        page.get_by_text("That code is not right, or was already used.")
    ).to_be_visible()
    page.get_by_role("textbox", name="Code").fill(codes[1])
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", name="Second factor")).to_have_count(0)
    settled(page)


def test_a_person_downloads_their_data_then_deletes_their_account(
    live_server, page, artifacts
):
    User = get_user_model()
    eva = User.objects.create_user("eva@example.com", "eva@example.com", PASSWORD)
    finn = User.objects.create_user("finn@example.com", "finn@example.com", PASSWORD)
    organisation = create.organisation_create(
        creator=finn,
        name="Contoso Valves",
        revenue_team_size=10,
        monthly_lead_volume=300,
        role="sales",
    )
    Membership.objects.create(organisation=organisation, user=eva, role="marketing")
    round_ = make_round(organisation=organisation)
    make_response(
        round=round_, respondent=eva, submitted=True, answers=answers_for(5, 5)
    )
    make_response(
        round=round_, respondent=finn, submitted=True, answers=answers_for(1, 1)
    )
    (with_both,) = team_results_for(type(round_).objects.filter(pk=round_.pk))
    assert with_both.team_result.respondents == 2

    log_in(page, live_server.url, "eva@example.com")
    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", name="What we store about you")).to_be_visible()
    expect(page.get_by_text("Contoso Valves").first).to_be_visible()
    page.screenshot(path=str(artifacts / "privacy_my_data.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == "eva@example.com"
    assert data["responses"][0]["organisation"] == "Contoso Valves"
    assert "finn@example.com" not in json.dumps(data)

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.screenshot(path=str(artifacts / "privacy_delete.png"), full_page=True)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(
        page.get_by_text("Your account and your answers are deleted.")
    ).to_be_visible()
    expect(
        page.get_by_role("navigation").get_by_role("link", name="Log in")
    ).to_be_visible()
    settled(page)

    assert not User.objects.filter(email="eva@example.com").exists()
    stored = TeamResult.objects.get(round=round_)
    assert stored.respondents == 1
    finn_response = finn.responses.get()
    assert (stored.x, stored.y) == (finn_response.x, finn_response.y)
