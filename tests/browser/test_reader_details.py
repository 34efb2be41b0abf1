"""Details a reader meets (issue 21 §4 and §2): leaving a step with unsaved
answers asks first, the invitation link's copy button fills the clipboard."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.answering import responses
from tests.browser.waits import settled
from tests.factories import make_membership, make_round, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


def member(email, **fields):
    return make_membership(
        user=make_user(username=email, email=email, password=PASSWORD), **fields
    )


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


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
