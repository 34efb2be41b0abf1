import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Response
from tests.browser.test_assessment_flow import answer_visible_step
from tests.browser.waits import settled
from tests.factories import (
    answers_for,
    make_membership,
    make_response,
    make_round,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"
THIS_YEAR = timezone.now().year


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Logged in once the next page offers to log out: a navigation started before
    # that would cancel the log-in.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def member_with_last_year(email):
    """A sales manager whose year-one response (stage 2, above the path) is in."""
    user = make_user(email=email, username=email, password=PASSWORD)
    membership = make_membership(user=user, role="sales", is_admin=True)
    make_response(
        round=make_round(organisation=membership.organisation, year=THIS_YEAR - 1),
        respondent=user,
        role="sales",
        answers=answers_for(
            relationship=2, maturity=4, diagnostics={"diag-2": 0}, ownership=1
        ),
        submitted=True,
    )
    return membership


def test_year_two_starts_from_year_one_and_is_confirmed_step_by_step(
    live_server, page, artifacts
):
    member_with_last_year("seller@example.com")
    log_in(page, live_server.url, "seller@example.com")
    page.get_by_role("button", name="Start the assessment").click()

    # The offer: last year's answers are the default, starting fresh the other way.
    last_year = page.get_by_label("Start from last year's answers")
    expect(last_year).to_be_checked()
    expect(page.get_by_label("Start fresh")).not_to_be_checked()
    expect(
        page.get_by_text(f"You answered the {THIS_YEAR - 1} assessment")
    ).to_be_visible()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "seeding_offer.png"), full_page=True)
    page.get_by_role("button", name="Start the assessment").click()

    # Step 1: every answer pre-selected, each with last year's label beside it.
    expect(page.get_by_text("Step 1 of 7")).to_be_visible()
    expect(page.locator(".lmm-last-year")).to_have_count(10)
    expect(page.locator(".lmm-last-year").first).to_have_text("Last year: Disagree")
    expect(page.locator("#id_rel-01_1")).to_be_checked()
    expect(page.locator("input[type=radio]:checked")).to_have_count(10)
    expect(page.locator("#seeded-note")).to_contain_text("they count once you save")
    # The widths below are measured on the loaded, styled step.
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "seeded_step.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "seeded_step_phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Next").click()

    # Jumping to the last step and submitting is refused: step 2 is not confirmed.
    page.wait_for_url("**/steps/2/")
    step_url = page.url
    page.goto(step_url.replace("/steps/2/", "/steps/7/"))
    expect(page.get_by_text("Step 7 of 7")).to_be_visible()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Step 2 of 7")).to_be_visible()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Your response is not submitted yet")
    expect(summary).to_contain_text("they count only once you check them")
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "seeded_submit_refused.png"), full_page=True)

    # Confirm step by step; one statement has improved since last year.
    page.check("#id_rel-11_3")
    page.get_by_role("button", name="Next").click()
    for number in (3, 4, 5):
        expect(page.get_by_text(f"Step {number} of 7")).to_be_visible()
        expect(page.locator(".lmm-last-year").first).to_contain_text("Last year: ")
        page.get_by_role("button", name="Next").click()
    # Step 6 holds the optional numbers, left empty.
    expect(page.get_by_text("Step 6 of 7")).to_be_visible()
    page.get_by_role("button", name="Next").click()

    # The last step: last year's "No" on diag-2 shows the ownership follow-up,
    # pre-selected too; a "Yes" hides it again, without leaving the step.
    expect(page.get_by_text("Step 7 of 7")).to_be_visible()
    # The step's script, which shows and hides the follow-up, has run.
    page.wait_for_load_state("domcontentloaded")
    follow_up = page.locator("#div_id_diag-ownership")
    expect(follow_up).to_be_visible()
    expect(page.locator("#id_diag-ownership_0")).to_be_checked()
    page.check("#id_diag-2_0")
    expect(follow_up).to_be_hidden()
    page.check("#id_diag-2_1")
    expect(follow_up).to_be_visible()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "seeded_last_step.png"), full_page=True)
    page.get_by_role("button", name="Submit").click()

    expect(page.locator(".lmm-chart-wide svg")).to_be_visible()
    expect(page.locator("#stage")).to_have_text("Stage 2 · Defined")
    settled(page)
    response = Response.objects.get(round__year=THIS_YEAR)
    assert response.is_submitted and response.seeded_from is not None
    assert response.answers.get(question__code="rel-11").choice.value == 4
    assert response.answers.get(question__code="rel-12").choice.value == 2


def test_the_error_summary_takes_the_focus_and_links_to_each_question(
    live_server, page, artifacts
):
    user = make_user(
        email="fresh@example.com", username="fresh@example.com", password=PASSWORD
    )
    make_membership(user=user, role="marketing")
    log_in(page, live_server.url, "fresh@example.com")
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_text("Step 1 of 7")).to_be_visible()
    for number in range(1, 11):
        if number not in (4, 7):
            page.check(f"#id_rel-{number:02d}_2")
    page.get_by_role("button", name="Next").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("2 questions still need an answer")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "step_error_summary.png"), full_page=True)
    links.nth(1).click()
    expect(page.locator("#id_rel-07_0")).to_be_focused()
    expect(page.locator("#div_id_rel-07")).to_be_in_viewport()
    # Keyboard: the first link is one Tab away from the focused summary.
    summary.focus()
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_rel-04_0")).to_be_focused()


def test_without_javascript_the_follow_up_stays_on_the_last_step(
    live_server, browser, artifacts
):
    membership = member_with_last_year("nojs@example.com")
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    log_in(page, live_server.url, "nojs@example.com")
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_label("Start fresh").check()
    page.get_by_role("button", name="Start the assessment").click()
    for number in range(1, 7):
        expect(page.get_by_text(f"Step {number} of 7")).to_be_visible()
        answer_visible_step(page, lambda code: 3)
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 7 of 7")).to_be_visible()
    expect(page.locator("#div_id_diag-ownership")).to_be_visible()
    expect(page.get_by_text("asked when your answers above place you")).to_be_visible()
    for code in ("diag-1", "diag-2", "diag-3", "diag-4", "diag-5"):
        page.check(f"input[name='{code}'][value='{0 if code == 'diag-3' else 1}']")
    page.get_by_role("button", name="Submit").click()
    # The follow-up was needed: the same step asks for it, nothing is submitted.
    expect(page.get_by_text("Step 7 of 7")).to_be_visible()
    expect(page.locator("#error-summary")).to_contain_text("One question still needs")
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "follow_up_without_js.png"), full_page=True)
    page.check("#id_diag-ownership_1")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Stage 1: Reactive")).to_be_visible()
    settled(page)
    response = Response.objects.get(
        round__organisation=membership.organisation, round__year=THIS_YEAR
    )
    assert response.is_submitted and response.stage == 1
    context.close()
