"""A log-in that waited too long behind a large import's write lock, as a person
sees it: a page asking to send it again (in their language), and sent again, it
logs them in."""

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from playwright.sync_api import expect

from tests.browser.test_team_flow import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "eve@busy.test"


def held_lock(request, user, backend=None):
    # What SQLite raises once DJANGO_SQLITE_TIMEOUT has passed behind another writer.
    raise OperationalError("database is locked")


@pytest.mark.parametrize(
    ("locale", "labels", "heading", "again"),
    [
        (
            "en-GB",
            ("Email", "Password", "Log in"),
            "Busy for a moment: please try again",
            "Please send it again in a few seconds.",
        ),
        (
            "de-DE",
            ("E-Mail", "Passwort", "Anmelden"),
            "Einen Moment: bitte noch einmal versuchen",
            "Bitte senden Sie es in ein paar Sekunden noch einmal.",
        ),
    ],
)
def test_a_log_in_behind_the_write_lock_is_asked_again_and_then_succeeds(
    live_server, browser, artifacts, monkeypatch, locale, labels, heading, again
):
    get_user_model().objects.create_user(EMAIL, EMAIL, PASSWORD)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=locale
    )
    page = context.new_page()
    email, password, button = labels
    monkeypatch.setattr("django.contrib.auth.views.auth_login", held_lock)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label(email).fill(EMAIL)
    page.get_by_label(password).fill(PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/accounts/login/")) as sent:
        page.get_by_role("button", name=button).click()
    assert sent.value.status == 503
    assert sent.value.headers["retry-after"] == "10"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#busy-message")).to_contain_text(again)
    page.screenshot(path=artifacts / f"busy-{locale}.png", full_page=True)

    # The lock is free again: the person goes back and sends the form again.
    monkeypatch.undo()
    page.go_back()
    page.get_by_label(email).fill(EMAIL)
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("button", name=button)).to_have_count(0)
    expect(page.locator("form[action$='/logout/'] button")).to_be_visible()
    context.close()
