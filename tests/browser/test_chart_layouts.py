"""The chart by screen width: a desktop shows the wide chart inline, the compact one
not displayed; a phone shows the compact chart, loaded once as an image, and can read
it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_team_flow import PASSWORD, log_in
from tests.factories import (
    answers_for,
    make_membership,
    make_response,
    make_round,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOADED = "() => document.querySelector('.lmm-chart-compact img').naturalWidth > 0"


def team_of(size):
    email = "layouts@example.com"
    admin = make_membership(
        is_admin=True,
        role="leadership",
        user=make_user(username=email, email=email, password=PASSWORD),
    )
    round_ = make_round(organisation=admin.organisation, year=timezone.now().year)
    roles = ("marketing", "sales", "lead_management", "other")
    for number in range(size):
        make_response(
            round=round_,
            role=roles[number % len(roles)],
            answers=answers_for(
                relationship=1 + number % 5, maturity=1 + (number * 3) % 5
            ),
            submitted=True,
        )
    return admin, round_


def test_desktop_shows_the_wide_chart_and_a_phone_the_compact_one(
    live_server, browser, artifacts
):
    admin, round_ = team_of(50)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, admin.user.email)
    compact_requests = []
    page.on(
        "request",
        lambda r: compact_requests.append(r.url) if "compact" in r.url else None,
    )
    # goto waits for the load event, which waits for the stylesheets.
    page.goto(f"{live_server.url}/rounds/{round_.pk}/")
    # The stylesheet is applied: on a desktop the compact layout is not displayed.
    expect(page.locator(".lmm-chart-compact")).to_have_css("display", "none")
    wide = page.locator(".lmm-chart-wide svg")
    expect(wide).to_be_visible()
    expect(wide).to_have_attribute(
        "aria-label",
        "LMM grid with the team's, each role's and each respondent's position",
    )
    expect(wide.locator("[id^='lmm-point-respondent-']")).to_have_count(50)
    expect(page.locator(".lmm-chart-compact img")).to_be_hidden()
    page.screenshot(path=str(artifacts / "chart_layout_desktop.png"), full_page=True)
    # Whether the browser has fetched the hidden, lazy image is not judged on the
    # desktop: that depends on whether the stylesheet took effect before the browser
    # decided (a stylesheet arriving late under load did not). The fetches a page
    # view makes are counted below, once the phone's width has loaded the image.

    # The same page narrowed to a phone's width: the compact chart appears.
    page.set_viewport_size({"width": 390, "height": 844})
    compact = page.locator(".lmm-chart-compact img")
    expect(compact).to_be_visible()
    expect(wide).to_be_hidden()
    page.wait_for_function(LOADED)
    # Across both widths the page asked for the compact chart once: one drawing.
    assert len(compact_requests) == 1
    expect(compact).to_have_accessible_name(
        "LMM grid with the team's, each role's and each respondent's position"
    )
    box = compact.bounding_box()
    assert 300 <= box["width"] <= 390 and box["height"] > box["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    compact.screenshot(path=str(artifacts / "chart_layout_phone_chart.png"))
    page.screenshot(path=str(artifacts / "chart_layout_phone.png"), full_page=True)
    context.close()

    # A phone opening the page loads the compact chart at once.
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    log_in(phone, live_server.url, admin.user.email)
    phone.goto(f"{live_server.url}/rounds/{round_.pk}/")
    expect(phone.locator(".lmm-chart-compact img")).to_be_visible()
    phone.wait_for_function(LOADED)
    expect(phone.locator(".lmm-chart-wide svg")).to_be_hidden()
    phone.context.close()
