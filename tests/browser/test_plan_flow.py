import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from assessments.answering import responses
from assessments.models import Action, Membership, Response, Round
from assessments.organisations import create, rounds
from assessments.plans import actions as plan_actions
from assessments.questionnaire.data import questionnaire_data
from tests.browser.test_team_flow import PASSWORD, answer_everything, log_in
from tests.browser.waits import settled
from tests.factories import answers_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def first_year_answers(code):
    # A weak relationship puts relationship statements at the top of the upgrade path.
    if code.startswith("rel-"):
        return 2
    if code.startswith("lm-"):
        return 3
    return 0 if code == "diag-4" else 1


def test_an_action_adopted_in_year_one_shows_how_it_went_in_year_two(
    live_server, page, artifacts
):
    User = get_user_model()
    carla = User.objects.create_user("carla@example.com", "carla@example.com", PASSWORD)
    organisation = create.organisation_create(
        creator=carla,
        name="Northwind Components",
        revenue_team_size=12,
        monthly_lead_volume=400,
        role="sales",
    )
    this_year = timezone.localdate().year

    # Year one: Carla submits and reads her result.
    log_in(page, live_server.url, "carla@example.com")
    answer_everything(page, first_year_answers)
    adopt = page.locator("#plan-adopt")
    expect(adopt).to_be_visible()
    adopt.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "plan_adopt_on_result.png"), full_page=True)

    # She adopts the first of her weakest statements and gives it a due date.
    statement_item = adopt.locator(".lmm-adopt-item").filter(
        has=page.locator("span.small")
    )
    statement_item.first.get_by_role("link", name="Adopt").click()
    expect(page.locator("#action-source")).to_contain_text("weakest statements")
    page.get_by_label("Due date").fill(f"{this_year + 1}-03-31")
    page.get_by_label("Notes").fill("Quarterly review with both heads.")
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_text("The action is in the plan.")).to_be_visible()
    settled(page)
    action = Action.objects.get()
    assert action.source == Action.Source.STATEMENT
    code = action.source_code
    assert code.startswith("rel-")

    # A bad date is refused with a message, and the action stays as it was.
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("button", name="Save the action")).to_be_visible()
    page.get_by_label("Due date").fill(f"{this_year - 1}-01-31")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.get_by_text("The due date cannot be in the past.")).to_be_visible()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "plan_action_bad_date.png"), full_page=True)

    # She sets its status: in progress, later done.
    page.get_by_label("Due date").fill(f"{this_year + 1}-03-31")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Save the action").click()
    active = page.locator("#active-actions")
    expect(active).to_contain_text("In progress")
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "plan_page_in_progress.png"), full_page=True)
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("button", name="Save the action")).to_be_visible()
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator("#finished-actions")).to_contain_text("Done")
    # Absent from the whole plan page, not only from the part parsed so far.
    settled(page)
    expect(page.locator("#active-actions")).to_have_count(0)
    page.screenshot(path=str(artifacts / "plan_page_done.png"), full_page=True)

    # A year passes: that round becomes last year's, and this year's round has her
    # new answers, with the adopted statement now rated 4.
    first_round = Round.objects.get(organisation=organisation)
    Round.objects.filter(pk=first_round.pk).update(year=this_year - 1)
    Action.objects.filter(pk=action.pk).update(year=this_year - 1)
    second_round = rounds.round_get_or_create(organisation=organisation, year=this_year)
    membership = Membership.objects.get(user=carla)
    response = responses.response_get_or_create(
        round=second_round, respondent=carla, role=membership.role
    )
    second_answers = answers_for(relationship=2, maturity=3, diagnostics={"diag-4": 0})
    responses.response_save_answers(
        response=response, answers=second_answers | {code: 4}
    )
    responses.response_submit(response=response)

    page.goto(live_server.url)
    page.get_by_role("link", name="View the result").click()
    review = page.locator("#plan-review")
    expect(review).to_contain_text(f"Actions adopted since {this_year - 1}")
    before = questionnaire_data(first_round.questionnaire).choices[code][2].label
    after = questionnaire_data(second_round.questionnaire).choices[code][4].label
    expect(review).to_contain_text(
        f"Done, and the rating rose from {before} to {after}."
    )
    review.scroll_into_view_if_needed()
    settled(page)
    page.screenshot(path=str(artifacts / "plan_review_next_year.png"), full_page=True)
    assert Response.objects.filter(status="submitted").count() == 2

    # On a phone, the plan marks an action that has passed its due date.
    late = plan_actions.action_create(
        organisation=organisation,
        created_by=carla,
        title="Agree the follow-up time for inbound leads",
        owner=membership,
        due_date=timezone.localdate(),
    )
    Action.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Open the action plan").click()
    overdue = page.locator("#active-actions .lmm-overdue")
    expect(overdue).to_contain_text("Overdue")
    expect(page.locator("#overdue-summary")).to_contain_text("1 action is overdue.")
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "plan_page_phone.png"), full_page=True)
