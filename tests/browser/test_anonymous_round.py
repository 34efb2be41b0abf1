"""An anonymous round of five (two from marketing, three from sales) read in the
browser by its admin, a member who answered and the consultant: nobody's address,
answers or point is on any page they see."""

import re
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_team_flow import PASSWORD, log_in
from tests.browser.waits import settled
from tests.factories import (
    answers_for,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(email):
    return get_user_model().objects.create_user(email, email, PASSWORD)


@pytest.fixture
def anonymous_round():
    # Transactional tests flush the group the data migration made; make it again.
    import_module("assessments.migrations.0009_consultants_group").make_group(
        Group, Permission
    )
    organisation = make_organisation(name="Quiet GmbH", anonymous_rounds=True)
    admin = make_membership(
        organisation=organisation,
        user=person("boss@example.com"),
        role="leadership",
        is_admin=True,
    )
    round_ = make_round(organisation=organisation, is_anonymous=True)
    people = []
    for index, (role, rating) in enumerate(
        [("marketing", 5), ("marketing", 4), ("sales", 1), ("sales", 2), ("sales", 3)]
    ):
        people.append(
            make_response(
                round=round_,
                respondent=person(f"{role}{index}@example.com"),
                role=role,
                answers=answers_for(relationship=rating),
                submitted=True,
            )
        )
    consultant = make_consultant(
        organisation,
        username="advisor@example.com",
        email="advisor@example.com",
        password=PASSWORD,
    )
    return admin, round_, people, consultant


def text_outside_charts(page):
    return page.evaluate(
        """() => {
            const copy = document.body.cloneNode(true);
            copy.querySelectorAll('svg').forEach(svg => svg.remove());
            return copy.innerText;
        }"""
    )


def assert_nobody_shown(page, people, *, except_for=None):
    text = text_outside_charts(page)
    for response in people:
        if response == except_for:
            continue
        assert response.respondent.email not in text
        if response.role == "marketing":
            assert f"{response.x:.2f}" not in text


def test_admin_member_and_consultant_see_no_individual(
    live_server, page, artifacts, anonymous_round
):
    admin, round_, people, consultant = anonymous_round
    team_url = live_server.url + reverse("assessments:round-detail", args=[round_.pk])

    log_in(page, live_server.url, admin.user.email)
    page.goto(team_url)
    expect(page.locator("#anonymous-round")).to_be_visible()
    expect(page.locator("#answer-counts")).to_contain_text("5 have submitted")
    settled(page)
    assert_nobody_shown(page, people)
    assert page.locator("[id^='lmm-point-respondent-']").count() == 0
    page.screenshot(path=artifacts / "anonymous-round-admin.png", full_page=True)
    page.get_by_role("button", name="Log out").click()

    own = people[0]
    log_in(page, live_server.url, own.respondent.email)
    page.goto(team_url)
    expect(page.locator("#roles-anonymous")).to_be_visible()
    expect(page.locator("#team-points")).to_contain_text("You")
    assert_nobody_shown(page, people, except_for=own)
    page.screenshot(path=artifacts / "anonymous-round-member.png", full_page=True)
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, consultant.email)
    page.goto(team_url)
    expect(page.locator("#anonymous-round")).to_be_visible()
    assert_nobody_shown(page, people)
    assert page.locator("[id^='lmm-point-respondent-']").count() == 0
    page.goto(
        live_server.url
        + reverse("admin-portfolio:client", args=[round_.organisation_id])
    )
    expect(
        page.get_by_role("heading", name=re.compile("Latest team result"))
    ).to_be_visible()
    assert_nobody_shown(page, people)
    page.goto(live_server.url + reverse("admin:assessments_response_changelist"))
    expect(page.locator("#content")).to_be_visible()
    assert_nobody_shown(page, people)


def test_the_anonymous_team_page_in_german_on_a_phone(
    live_server, browser, artifacts, anonymous_round
):
    admin, round_, people, _consultant = anonymous_round
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="de-DE",
        extra_http_headers={"Accept-Language": "de"},
    )
    page = context.new_page()
    log_in_de(page, live_server.url, admin.user.email)
    page.goto(live_server.url + reverse("assessments:round-detail", args=[round_.pk]))
    expect(page.locator("#anonymous-round")).to_contain_text("Anonyme Runde")
    settled(page)
    assert_nobody_shown(page, people)
    page.screenshot(
        path=artifacts / "anonymous-round-admin-de-phone.png", full_page=True
    )
    context.close()


def log_in_de(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.locator("input[name='username']").fill(email)
    page.locator("input[name='password']").fill(PASSWORD)
    page.locator("form button[type='submit']").last.click()
    expect(page.locator("form[action$='logout/']")).to_be_attached()
