import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from assessments.models import Response
from assessments.organisations import create
from tests.browser.test_assessment_flow import answer_visible_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def answer_everything(page, value_for):
    page.get_by_role("button", name="Start the assessment").click()
    if page.get_by_label("Start fresh").count():
        # Answered last year: this flow answers afresh rather than from those answers.
        page.get_by_label("Start fresh").check()
        page.get_by_role("button", name="Start the assessment").click()
    while True:
        expect(page.get_by_text("Step ", exact=False).first).to_be_visible()
        answer_visible_step(page, value_for)
        submit = page.get_by_role("button", name="Submit")
        if submit.count():
            submit.click()
            page.wait_for_load_state()
            if page.locator(".lmm-chart svg").count():
                return
        else:
            page.get_by_role("button", name="Next").click()


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
    anna_page.get_by_role("button", name="Create invitation link").click()
    link = anna_page.get_by_label("Invitation link").input_value()

    # Bruno from sales follows the link, signs up and joins.
    bruno_context = browser.new_context(viewport={"width": 1280, "height": 900})
    bruno_page = bruno_context.new_page()
    bruno_page.goto(link)
    bruno_page.get_by_role("link", name="Sign up").last.click()
    bruno_page.get_by_label("Email").fill("bruno@example.com")
    bruno_page.locator("#id_password1").fill(PASSWORD)
    bruno_page.get_by_label("Password confirmation").fill(PASSWORD)
    bruno_page.get_by_role("button", name="Create account").click()
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
    anna_page.screenshot(path=str(artifacts / "team_result_page.png"), full_page=True)
    anna_context.close()
    bruno_context.close()
