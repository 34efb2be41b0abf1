import pytest
from playwright.sync_api import expect

from assessments.models import Response
from tests.browser.test_assessment_flow import answer_visible_step, confirm_address
from tests.browser.waits import settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"
# Process statements of version 2: all but lm-follow-up are "written down, not used".
PROCESS_ON_PAPER = {
    "lm-qualify-first",
    "lm-nurture",
    "lm-hand-back",
    "lm-stage-owners",
    "lm-status-software",
    "lm-source-report",
}


def value_for(code):
    if code.startswith("rel-"):
        return 2
    if code in PROCESS_ON_PAPER:
        return 3
    if code.startswith("lm-"):
        return 4
    return 1


def test_version_2_written_down_not_used_is_above_the_path_and_says_so(
    live_server, page, artifacts
):
    page.goto(live_server.url + "/signup/")
    page.get_by_label("Email").fill("lena@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    confirm_address(page, live_server, "lena@example.com")
    page.get_by_label("Name").fill("Paperworks")
    page.get_by_label("Revenue team size").fill("12")
    page.get_by_label("Monthly lead volume").fill("800")
    page.get_by_role("button", name="Create organisation").click()
    page.get_by_role("button", name="Start the assessment").click()

    for step in (1, 2, 3, 4, 5):
        expect(page.get_by_text(f"Step {step} of")).to_be_visible()
        if step == 4:
            # The process step offers the definition-and-use scale.
            expect(page.get_by_text("Written down, not used").first).to_be_visible()
            page.wait_for_load_state()
            page.screenshot(path=str(artifacts / "v2_process_step.png"), full_page=True)
        answer_visible_step(page, value_for)
        page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", name="Your numbers")).to_be_visible()
    page.get_by_label("Marketing qualified leads (MQLs) per month").fill("120")
    page.get_by_label("Sales accepted leads (SALs) per month").fill("150")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("more sales accepted leads (150) than")).to_be_visible()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "v2_numbers_refused.png"), full_page=True)
    page.get_by_label("Inquiries per month").fill("400")
    page.get_by_label("Sales accepted leads (SALs) per month").fill("36")
    page.get_by_label("Won deals per month").fill("4")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Step 7 of 7")).to_be_visible()
    answer_visible_step(page, value_for)
    page.get_by_role("button", name="Submit").click()

    verdict = page.get_by_role("heading", name="Above the path")
    expect(verdict).to_be_visible()
    expect(page.locator("#verdict")).to_contain_text("defined on paper but not lived")
    paper = page.locator("[data-check='paper_not_lived']")
    expect(paper).to_contain_text("Defined on paper, not lived: 6 of 18")
    expect(paper).to_contain_text("written down but not used")
    expect(page.locator("#acceptance")).to_contain_text("0.30")
    expect(page.locator("#stage-coverage")).to_contain_text("Weakest area")
    # Measured on the loaded, styled page.
    settled(page)
    # The verdict comes before the upgrade path on the page.
    verdict_top = verdict.bounding_box()["y"]
    path_top = page.locator("#upgrade-heading").bounding_box()["y"]
    assert verdict_top < path_top
    page.screenshot(path=str(artifacts / "v2_result_page.png"), full_page=True)

    response = Response.objects.get(respondent__email="lena@example.com")
    assert (response.verdict, response.maturity_level) == ("above_path", 3)
    assert response.numbers.sals == 36
