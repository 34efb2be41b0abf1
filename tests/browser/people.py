"""Members the browser tests log in as, with their email, as people sign up."""

import re

from playwright.sync_api import expect

from tests.factories import make_membership, make_user

PASSWORD = "a-long-test-password"


def member(email, **fields):
    """A member who logs in with their email and PASSWORD."""
    return make_membership(
        user=make_user(username=email, email=email, password=PASSWORD), **fields
    )


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Logged in once the form is left; the reader's language may change with the
    # log-in, so no label of the next page is waited for.
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
