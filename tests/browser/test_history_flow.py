"""Year one submitted, the data moved a year back, year two answered: the result shows
last year's point, the arrow and the change; the history shows both years."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Response, Round
from assessments.organisations import create
from assessments.questionnaire.data import questionnaire_data
from assessments.results import texts as result_texts
from tests.browser.test_team_flow import PASSWORD, answer_everything, log_in
from tests.factories import (
    answers_for,
    make_membership,
    make_response,
    make_round,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def year_one_answers(code):
    if code.startswith("rel-"):
        return 2
    if code.startswith("lm-"):
        return 2
    return 0 if code == "diag-4" else 1


def year_two_answers(code):
    if code.startswith("rel-"):
        return 4
    if code.startswith("lm-"):
        return 3
    return 1


def test_year_two_shows_the_change_and_the_history_both_years(
    live_server, page, artifacts
):
    User = get_user_model()
    anna = User.objects.create_user("anna@example.com", "anna@example.com", PASSWORD)
    organisation = create.organisation_create(
        creator=anna,
        name="Acme Industrial",
        revenue_team_size=14,
        monthly_lead_volume=600,
        role="marketing",
    )
    this_year = timezone.now().year
    log_in(page, live_server.url, "anna@example.com")
    answer_everything(page, year_one_answers)

    # A year passes: the round just answered becomes last year's.
    Round.objects.filter(organisation=organisation).update(year=this_year - 1)

    first = Response.objects.get(round__organisation=organisation)
    page.goto(live_server.url)
    earlier = page.locator(f"#past-years-{organisation.pk}")
    expect(earlier).to_contain_text(
        f"{this_year - 1}: {result_texts.VERDICT_SHORT[first.verdict]} · stage {first.stage}"
    )
    answer_everything(page, year_two_answers)
    second = Response.objects.get(round__year=this_year)
    data = questionnaire_data(second.round.questionnaire)
    statements = [
        q
        for q in data.questions.values()
        if q.part.kind in ("relationship", "maturity")
    ]

    chart = page.locator(".lmm-chart-wide svg")
    expect(chart).to_be_visible()
    expect(chart.locator("[id^='lmm-point-past-']")).to_have_count(1)
    expect(chart.locator("[id^='lmm-trail-arrow-']")).to_have_count(1)
    expect(chart.locator("#lmm-cell")).to_have_count(1)
    expect(chart).to_contain_text(f"Acme Industrial · {this_year}")
    since = page.locator("#since")
    expect(since).to_contain_text(f"Since {this_year - 1}")
    expect(since).to_contain_text(
        "Marketing–sales relationship: up 2 levels, from 2 Defined to 4 Integrated."
    )
    expect(since).to_contain_text("Stage: from 3 Managed to 4 Optimized.")
    # Every statement was rated 2 in year one and higher in year two.
    expect(since.locator(".lmm-moves-up li")).to_have_count(len(statements))
    # A long list starts folded, with its count; it opens on a click.
    since.get_by_text(f"{len(statements)} statements").click()
    expect(since.locator(".lmm-moves-up li").first).to_be_visible()
    page.screenshot(path=str(artifacts / "history_result_year_two.png"), full_page=True)
    since.screenshot(path=str(artifacts / "history_since_section.png"))

    since.get_by_role("link", name="See every year").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Acme Industrial: history"
    )
    trajectory = page.locator(".lmm-chart-wide svg")
    expect(trajectory.locator("[id^='lmm-point-past-']")).to_have_count(1)
    expect(trajectory.locator("[id^='lmm-point-main-']")).to_have_count(1)
    expect(trajectory.locator("[id^='lmm-trail-arrow-']")).to_have_count(1)
    expect(trajectory).to_contain_text(str(this_year - 1))
    expect(trajectory).to_contain_text(str(this_year))
    rows = page.locator("#history-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(str(result_texts.VERDICT_SHORT[second.verdict]))
    expect(rows.last).to_contain_text(str(result_texts.VERDICT_SHORT[first.verdict]))
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts / "history_page.png"), full_page=True)

    # Every year's team page is linked; the earlier one shows no later comparison.
    rows.last.get_by_role("link", name="Team page").click()
    expect(page.locator("#since-none")).to_be_visible()


@pytest.mark.parametrize("size", [3, 10, 50])
def test_team_chart_stays_legible_on_a_phone(live_server, browser, artifacts, size):
    email = f"admin{size}@example.com"
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
                relationship=1 + number % 5, maturity=1 + (number * 2) % 5
            ),
            submitted=True,
        )
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    phone = context.new_page()
    log_in(phone, live_server.url, admin.user.email)
    phone.goto(f"{live_server.url}/rounds/{round_.pk}/")
    chart = phone.locator(".lmm-chart-compact img")
    expect(chart).to_be_visible()
    phone.wait_for_function(
        "() => document.querySelector('.lmm-chart-compact img').naturalWidth > 0"
    )
    # Rendered height of each line of text, in CSS pixels: level names, legend,
    # region names and the title; the image scales the chart's own units.
    svg = phone.request.get(chart.evaluate("e => e.currentSrc")).text()
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    scale = chart.evaluate("e => e.clientWidth") / view_width
    sizes = [
        (html.unescape(text).strip(), float(size) * scale)
        for size, text in re.findall(
            r'<text[^>]*font-size="([\d.]+)px"[^>]*>([^<]*)</text>', svg
        )
        if text.strip()
    ]
    smallest = min(sizes, key=lambda item: item[1])
    assert smallest[1] >= 9.5, smallest
    assert [text for text, _size in sizes].count(
        "Respondents (small dots in their role's colour)"
    ) == 1
    chart.screenshot(path=str(artifacts / f"team_chart_phone_{size}.png"))
    phone.screenshot(
        path=str(artifacts / f"team_page_phone_{size}.png"), full_page=True
    )
    context.close()
