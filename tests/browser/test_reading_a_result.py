"""What a person sees on the result and team pages: how to read the result first,
the members' own stages, where they disagree, the actions in two strands (issue 18)."""

import pytest
from playwright.sync_api import expect

from tests.browser.people import log_in, member
from tests.browser.waits import settled
from tests.factories import (
    answers_for,
    make_response,
    make_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_page_opens_with_how_to_read_it_and_the_members_stages(
    page, live_server, artifacts
):
    admin = member("lead@example.com", role="leadership", is_admin=True)
    round_ = make_round(organisation=admin.organisation)
    # Each says No to a different one of diag-1..3; one rates the relationship 5.
    for role, no, rel in (("marketing", "diag-1", 5), ("sales", "diag-2", 2)):
        make_response(
            round=round_,
            role=role,
            answers=answers_for(relationship=rel, diagnostics={no: 0}, ownership=1),
            submitted=True,
        )
    make_response(
        round=round_,
        respondent=admin.user,
        role="leadership",
        answers=answers_for(relationship=2, diagnostics={"diag-3": 0}, ownership=1),
        submitted=True,
    )
    log_in(page, live_server.url, admin.user.email)
    page.goto(f"{live_server.url}/rounds/{round_.pk}/")

    guide = page.locator("#reading-guide")
    expect(guide).to_be_visible()
    expect(guide).to_contain_text("How to read your result")
    expect(guide.locator("#guide-where")).to_contain_text("stage 2 Defined")
    expect(page.locator("#stage-spread + p")).to_contain_text(
        "3 members at stage 2 Defined"
    )
    expect(page.locator("#stage-limited")).to_be_visible()
    expect(page.locator("#splits")).to_be_visible()
    # The guide is the first thing under the title.
    top = guide.bounding_box()["y"]
    assert top < page.locator("#team-heading").bounding_box()["y"]
    settled(page)
    page.screenshot(path=artifacts / "issue18-team-page.png", full_page=True)

    # The same page in German: "Stufe" for the four stages only.
    page.context.add_cookies(
        [{"name": "django_language", "value": "de", "url": live_server.url}]
    )
    page.reload()
    expect(page.locator("#reading-guide")).to_contain_text("So lesen Sie Ihr Ergebnis")
    expect(page.locator("#stage-spread + p")).to_contain_text(
        "3 Mitglieder auf Stufe 2 Definiert"
    )
    expect(page.locator("#stage-coverage")).to_contain_text("Lead-Prozessbereiche")
    settled(page)
    page.screenshot(path=artifacts / "issue18-team-page-de.png", full_page=True)


def test_a_result_page_lists_the_actions_in_sequence_and_by_strand(
    page, live_server, artifacts
):
    marketer = member("mara@example.com", role="marketing", is_admin=True)
    answers = answers_for(relationship=3, maturity={2: 3, 3: 1, 4: 1}) | {
        "lm-criteria": 4,
        "rel-05": 1,
    }
    response = make_response(
        round=make_round(organisation=marketer.organisation),
        respondent=marketer.user,
        answers=answers,
        submitted=True,
    )
    log_in(page, live_server.url, marketer.user.email)
    page.goto(f"{live_server.url}/responses/{response.pk}/")

    # Relationship sum 58 (level 2); terminology 3.2, no process: level 2.
    expect(page.locator("#guide-where")).to_contain_text(
        "on the path, 0.90 from the diagonal (0 is on it, 4 the most)"
    )
    strand = page.locator("#strand-lead-management li")
    expect(strand.first).to_have_attribute("data-code", "lm-qualify-first")
    expect(page.locator("#strand-relationship li").first).to_have_attribute(
        "data-code", "rel-05"
    )
    expect(page.locator("#actions li[data-code=lm-criteria]")).to_have_count(0)
    settled(page)
    page.screenshot(path=artifacts / "issue18-result-page.png", full_page=True)
