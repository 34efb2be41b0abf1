"""Under the Content-Security-Policy, pages raise no violation and the inline SVG
chart still renders with its colours and fonts."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_membership, make_response, make_round, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.sample || e.blockedURI)));
"""


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Logged in once the next page offers to log out: a navigation started before
    # that would cancel the log-in.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def violations(page):
    return page.evaluate("window.__violations")


def test_result_and_team_charts_render_under_the_policy(live_server, page, artifacts):
    admin = make_membership(
        user=make_user(
            email="csp@example.com", username="csp@example.com", password=PASSWORD
        ),
        is_admin=True,
    )
    round_ = make_round(organisation=admin.organisation)
    response = make_response(round=round_, respondent=admin.user, submitted=True)
    make_response(round=round_, role="sales", submitted=True)
    page.add_init_script(WATCH)
    log_in(page, live_server, "csp@example.com")

    result = page.goto(f"{live_server.url}/responses/{response.pk}/")
    assert "default-src 'self'" in result.headers["content-security-policy"]
    chart = page.locator(".lmm-chart svg").first
    expect(chart).to_be_visible()
    chart.screenshot(path=str(artifacts / "csp_result_chart.png"))
    # The styling arrived as attributes: text in the chart's font, shapes in colour.
    font = chart.locator("text").first.evaluate("e => getComputedStyle(e).fontFamily")
    assert "DejaVu Sans" in font
    fills = chart.locator("path, use").evaluate_all(
        "els => [...new Set(els.map(e => getComputedStyle(e).fill))]"
    )
    assert len(fills) >= 3
    assert violations(page) == []

    page.goto(f"{live_server.url}/rounds/{round_.pk}/")
    expect(page.locator(".lmm-chart svg").first).to_be_visible()
    page.screenshot(path=str(artifacts / "csp_team_page.png"), full_page=True)
    assert violations(page) == []


def test_the_questionnaire_and_admin_raise_no_violation(live_server, page, artifacts):
    make_membership(
        user=make_user(
            email="csp2@example.com", username="csp2@example.com", password=PASSWORD
        )
    )
    make_user(
        email="staff@example.com",
        username="staff@example.com",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    page.add_init_script(WATCH)
    log_in(page, live_server, "csp2@example.com")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_text("Step 1 of")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    # Step 1 again, refused for the missing answers: judged once it has loaded.
    expect(page.locator("#error-summary")).to_be_visible()
    page.wait_for_load_state()
    progress = page.locator("progress.lmm-progress")
    expect(progress).to_be_visible()
    page.screenshot(path=str(artifacts / "csp_step.png"))
    assert violations(page) == []

    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("staff@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome,")).to_be_visible()
    for path in (
        "/admin/",
        "/admin/assessments/organisation/",
        "/admin/axes/accessattempt/",
    ):
        page.goto(live_server.url + path)
        assert violations(page) == [], path
