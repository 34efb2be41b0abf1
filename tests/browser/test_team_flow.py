import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from assessments.models import Response
from assessments.organisations import create
from tests.browser.test_assessment_flow import answer_visible_step, confirm_address
from tests.browser.waits import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"
STEP = re.compile(r"Step (\d+) of (\d+)")


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Logged in once the next page offers to log out: a navigation started before
    # that would cancel the log-in.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def answer_everything(page, value_for):
    """Start, answer every step and submit; return on the loaded result page with
    the live server idle."""
    page.get_by_role("button", name="Start the assessment").click()
    fresh = page.get_by_label("Start fresh")
    progress = page.get_by_text(STEP)
    # The next page is either the offer to start from last year's answers or a step.
    expect(fresh.or_(progress).first).to_be_visible()
    if fresh.is_visible():
        # Answered last year: this flow answers afresh rather than from those answers.
        fresh.check()
        page.get_by_role("button", name="Start the assessment").click()
    expect(progress).to_be_visible()
    number, total = map(int, STEP.search(progress.inner_text()).groups())
    while True:
        expect(page.get_by_text(f"Step {number} of {total}")).to_be_visible()
        answer_visible_step(page, value_for)
        if number == total:
            break
        page.get_by_role("button", name="Next").click()
        number += 1
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".lmm-chart svg").first).to_be_visible()
    settled(page)


def marketing_answers(code):
    # Marketing thinks the relationship is aligned and the process well defined.
    if code.startswith("rel-"):
        return 4
    if code.startswith("lm-"):
        return 3
    return 0 if code == "diag-4" else 1


def sales_answers(code):
    # Sales sees a poor relationship and hardly any lead management.
    if code.startswith("rel-"):
        return 2
    if code.startswith("lm-"):
        return 2
    return 0 if code in ("diag-4", "diag-2") else 1


def test_marketing_and_sales_answer_and_see_the_gap(live_server, browser, artifacts):
    User = get_user_model()
    anna = User.objects.create_user("anna@example.com", "anna@example.com", PASSWORD)
    create.organisation_create(
        creator=anna,
        name="Acme Industrial",
        revenue_team_size=14,
        monthly_lead_volume=600,
        role="marketing",
    )

    # Anna, the marketing admin, creates an invitation link for sales.
    anna_context = browser.new_context(viewport={"width": 1280, "height": 900})
    anna_page = anna_context.new_page()
    log_in(anna_page, live_server.url, "anna@example.com")
    anna_page.get_by_role("link", name="Members and invitations").click()
    anna_page.get_by_label("Role of the colleague").select_option("sales")
    anna_page.get_by_role("button", name="Create the invitation").click()
    link = anna_page.get_by_label("Invitation link").input_value()
    # The copy button is the script's: shown once it runs.
    expect(anna_page.get_by_role("button", name="Copy link")).to_be_visible()

    # Bruno from sales follows the link, signs up and joins.
    bruno_context = browser.new_context(viewport={"width": 1280, "height": 900})
    bruno_page = bruno_context.new_page()
    bruno_page.goto(link)
    expect(bruno_page.locator("#invited-by")).to_contain_text("anna@example.com")
    bruno_page.get_by_role("link", name="Sign up").last.click()
    bruno_page.get_by_label("Email").fill("bruno@example.com")
    bruno_page.locator("#id_password1").fill(PASSWORD)
    bruno_page.get_by_label("Password confirmation").fill(PASSWORD)
    bruno_page.get_by_role("button", name="Create account").click()
    # The emailed link confirms the address and comes back to the invitation.
    confirm_address(bruno_page, live_server, "bruno@example.com")
    bruno_page.get_by_role("button", name="Accept the invitation").click()
    expect(bruno_page.get_by_text("Welcome to Acme Industrial.")).to_be_visible()

    answer_everything(bruno_page, sales_answers)
    anna_page.goto(live_server.url)
    answer_everything(anna_page, marketing_answers)
    assert Response.objects.filter(status="submitted").count() == 2

    anna_page.goto(live_server.url)
    anna_page.get_by_role("link", name="Team result").click()
    chart = anna_page.locator(".lmm-chart-wide svg")
    expect(chart).to_be_visible()
    for kind, count in (("respondent", 2), ("role", 2), ("team", 1)):
        expect(chart.locator(f"[id^='lmm-point-{kind}-']")).to_have_count(count)
    expect(chart).to_contain_text("Team (combined)")
    expect(chart).to_contain_text("Respondents (small dots in their role's colour)")
    expect(anna_page.locator("#team-points")).to_contain_text("Respondent 2")
    gap = anna_page.locator("#perception-gap")
    expect(gap).to_contain_text("Marketing sees it 2.00 points higher than Sales")
    expect(gap).to_contain_text("Where they disagree most")
    expect(anna_page.locator("#answer-status")).to_contain_text("bruno@example.com")
    anna_page.wait_for_load_state()
    anna_page.screenshot(path=str(artifacts / "team_result_page.png"), full_page=True)
    anna_context.close()
    bruno_context.close()
