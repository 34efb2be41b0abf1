"""The German site as a person sees it: switched in the header, remembered after
log-in, every main page in German; screenshots in tests/artifacts/de_*.png."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from assessments.models import Profile
from tests.browser.waits import settled
from tests.site.german_site import PASSWORD, build_site, english_left, english_pieces

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _consultants_group():
    # Transactional tests flush the group the data migration made; make it again.
    import_module("assessments.migrations.0009_consultants_group").make_group(
        Group, Permission
    )


SCREENS = {
    "home": "de_home.png",
    "step relationship-1": "de_step_relationship.png",
    "step maturity-2": "de_step_maturity.png",
    "step numbers": "de_step_numbers.png",
    "step diagnostic": "de_step_diagnostic.png",
    "result": "de_result.png",
    "team": "de_team.png",
    "history": "de_history.png",
    "plan": "de_plan.png",
    "members": "de_members.png",
}


def shoot(page, artifacts, name, pieces):
    """Judge and photograph the whole page. Call it once the page shows something
    only the awaited document has: it then waits until that document has loaded."""
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"
    left = english_left(page.content(), pieces)
    assert not left, f"{name}: {left}"
    page.screenshot(path=str(artifacts / name), full_page=True)


def test_switch_to_german_log_in_and_see_every_page_in_german(
    live_server, page, artifacts
):
    site = build_site()
    pieces = english_pieces()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Where does your lead management stand?"
    )
    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wo steht Ihr Lead-Management?"
    )
    shoot(page, artifacts, "de_home_anonymous.png", pieces)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-Mail").fill(site.admin_user.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    shoot(page, artifacts, "de_login.png", pieces)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ihre Bewertungen")

    for name, screenshot in SCREENS.items():
        page.goto(live_server.url + site.pages[name])
        shoot(page, artifacts, screenshot, pieces)

    # On a phone the header wraps rather than widening the page.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + site.pages["step relationship-1"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "de_step_phone.png"))

    # Back to English: the header's switch, remembered on the profile.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    settled(page)
    assert Profile.objects.get(user=site.admin_user).language == "en"


def test_the_consultants_portfolio_in_german(live_server, page, artifacts):
    site = build_site()
    pieces = english_pieces()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(site.consultant.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    # Logged in: a navigation started before would cancel the log-in.
    page.wait_for_url(live_server.url + "/admin/")
    for name, screenshot in (
        ("portfolio", "de_admin_portfolio.png"),
        ("client", "de_admin_client.png"),
    ):
        page.goto(live_server.url + site.consultant_pages[name])
        shoot(page, artifacts, screenshot, pieces)
