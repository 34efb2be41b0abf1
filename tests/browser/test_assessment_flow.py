import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Response
from tests.browser.waits import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"


def confirm_address(page, live_server, email):
    """After sign-up: the page asks for the emailed link; follow it as the person
    would from their inbox."""
    expect(
        page.get_by_role("heading", name="Confirm your email address")
    ).to_be_visible()
    message = [m for m in mail.outbox if m.to == [email]][-1]
    path = re.search(r"https?://[^/\s]+(/signup/confirm/\S+/)", message.body)
    page.goto(live_server.url + path.group(1))


def answer_visible_step(page, value_for):
    """Pick, for every radio group the page asks, the value `value_for(code)`,
    including a follow-up the answers reveal. Call it once the page shows the step:
    it then waits until the whole step is parsed and its script (which hides or
    reveals the follow-up) has run, so no question is missed."""
    page.wait_for_load_state("domcontentloaded")
    answered = []
    while True:
        codes = page.eval_on_selector_all(
            "input[type=radio]:enabled", "els => [...new Set(els.map(e => e.name))]"
        )
        todo = [code for code in codes if code not in answered]
        if not todo:
            return answered
        for code in todo:
            page.check(f"input[name='{code}'][value='{value_for(code)}']")
        answered += todo


def value_for(code):
    if code.startswith("rel-"):
        return 2
    if code.startswith("lm-"):
        return 4
    if code == "diag-2":
        return 0
    return 1


def test_a_new_manager_signs_up_answers_resumes_and_sees_the_result(
    live_server, page, browser, artifacts
):
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up and start").click()
    page.get_by_label("Email").fill("manager@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "signup_confirm_pending.png"))
    confirm_address(page, live_server, "manager@example.com")

    page.get_by_label("Name").fill("Acme Industrial")
    page.get_by_label("Industry").fill("Machinery")
    page.get_by_label("Revenue team size").fill("14")
    page.get_by_label("Monthly lead volume").fill("600")
    page.get_by_label("Your role").select_option("marketing")
    page.get_by_role("button", name="Create organisation").click()
    page.get_by_role("button", name="Start the assessment").click()

    # Step 1, then Next without answering step 2: the missing answers are named.
    expect(page.get_by_text("Step 1 of")).to_be_visible()
    answer_visible_step(page, value_for)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 2 of")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#error-summary")).to_contain_text("10 questions still need")
    expect(page.get_by_text("Please answer this question.").first).to_be_visible()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "step_missing_answers.png"))
    answer_visible_step(page, value_for)
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 3 of")).to_be_visible()

    # The browser is closed in the middle; a new one logs in and resumes at step 3.
    page.context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("Manager@Example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Resume the assessment").click()
    expect(page.get_by_text("Step 3 of")).to_be_visible()

    # Step 6 is the optional "Your numbers": left empty here.
    for step in (3, 4, 5, 6):
        expect(page.get_by_text(f"Step {step} of")).to_be_visible()
        answer_visible_step(page, value_for)
        page.get_by_role("button", name="Next").click()
    # The diagnostics are the last step; a "No" on diag-2 reveals the follow-up on
    # that same step, so the finish line does not move.
    expect(page.get_by_text("Step 7 of 7")).to_be_visible()
    # Once the step is parsed and its script has run, the follow-up is there, hidden.
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#div_id_diag-ownership")).to_be_attached()
    expect(page.get_by_text("Does every lead have a clear owner")).to_be_hidden()
    # A second tab holds the same last step open.
    second_tab = context.new_page()
    second_tab.goto(page.url)
    assert "diag-ownership" in answer_visible_step(page, value_for)
    expect(page.get_by_text("One more question")).to_be_visible()
    expect(page.get_by_text("Does every lead have a clear owner")).to_be_visible()
    page.get_by_role("button", name="Submit").click()

    expect(page.locator(".lmm-chart-wide svg")).to_be_visible()
    expect(page.get_by_role("heading", name="Above the path")).to_be_visible()
    expect(page.locator("#stage")).to_have_text("Stage 2 · Defined")
    expect(page.locator("#verdict")).to_contain_text("defined on paper but not lived")
    expect(page.locator("#chart-description")).to_contain_text("LMM grid")
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "result_page.png"), full_page=True)
    # On a phone the page reflows: nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator(".lmm-chart-compact img")).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('.lmm-chart-compact img').naturalWidth > 0"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "result_page_phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    settled(page)
    response = Response.objects.get(respondent__email="manager@example.com")
    submitted_at = response.submitted_at

    # Submitting the other tab's form ("No" would mean stage 1) changes nothing.
    answer_visible_step(second_tab, lambda code: 0)
    second_tab.get_by_role("button", name="Submit").click()
    expect(second_tab.get_by_text("Your response is submitted")).to_be_visible()
    # Back after submit shows the result, not an editable step.
    page.go_back()
    expect(page.locator(".lmm-chart-wide svg")).to_be_visible()
    settled(second_tab)
    settled(page)
    response.refresh_from_db()
    assert response.submitted_at == submitted_at and response.stage == 2
    assert Response.objects.count() == 1
    context.close()
