"""The optional step "Your numbers", the funnel on the result and the team's plan."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.answering import numbers as numbers_service
from assessments.answering import responses
from assessments.models import Questionnaire, ResponseNumbers
from assessments.scoring import Numbers
from tests.factories import answers_for, make_membership, make_response, make_round

pytestmark = pytest.mark.django_db

NUMBERS_STEP = 6
FIGURES = {
    "inquiries": "900",
    "mqls": "300",
    "sals": "90",
    "sqls": "45",
    "won_deals": "9",
    "hours_to_first_contact": "30",
    "pipeline_created": "250000",
    "known_source_share": "40",
}


def step_url(round_, step):
    return reverse("assessments:response-step", args=[round_.pk, step])


@pytest.fixture
def member(client):
    membership = make_membership(role="marketing", is_admin=True)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def draft(member):
    round_ = make_round(organisation=member.organisation)
    return make_response(round=round_, respondent=member.user)


def test_version_2_asks_for_numbers_after_lead_management(client, draft):
    page = client.get(step_url(draft.round, NUMBERS_STEP))
    assert page.status_code == 200
    assert page.context["step"].title == "Your numbers"
    html = page.content.decode()
    assert "Marketing qualified leads (MQLs) per month" in html
    assert "Share of won deals with a known source (%)" in html
    previous = client.get(step_url(draft.round, NUMBERS_STEP - 1)).context["step"]
    assert previous.kind == "maturity"
    following = client.get(step_url(draft.round, NUMBERS_STEP + 1)).context["step"]
    assert following.kind == "diagnostic"


def test_every_field_is_optional(client, draft):
    page = client.post(step_url(draft.round, NUMBERS_STEP), {"next": "1"})
    assert page.status_code == 302
    assert page.url == step_url(draft.round, NUMBERS_STEP + 1)
    assert numbers_service.response_numbers(draft) is None
    draft.refresh_from_db()
    assert draft.last_step == NUMBERS_STEP


def test_figures_are_saved_and_shown_again(client, draft):
    client.post(
        step_url(draft.round, NUMBERS_STEP), {**FIGURES, "won_deals": "", "next": "1"}
    )
    saved = numbers_service.response_numbers(draft)
    assert saved == Numbers(
        inquiries=900,
        mqls=300,
        sals=90,
        sqls=45,
        won_deals=None,
        hours_to_first_contact=30,
        pipeline_created=250_000,
        known_source_share=40,
    )
    page = client.get(step_url(draft.round, NUMBERS_STEP))
    assert page.context["form"].initial["mqls"] == 300
    # Back keeps what was entered too.
    page = client.post(
        step_url(draft.round, NUMBERS_STEP), {**FIGURES, "sals": "100", "back": "1"}
    )
    assert page.url == step_url(draft.round, NUMBERS_STEP - 1)
    assert numbers_service.response_numbers(draft).sals == 100


def test_more_sals_than_mqls_is_refused_with_a_clear_message(client, draft):
    client.post(step_url(draft.round, NUMBERS_STEP), {**FIGURES, "next": "1"})
    page = client.post(
        step_url(draft.round, NUMBERS_STEP),
        {**FIGURES, "mqls": "50", "sals": "80", "next": "1"},
    )
    assert page.status_code == 400
    assert (
        "You entered more sales accepted leads (80) than marketing qualified leads (50)"
        in page.content.decode()
    )
    # What was saved before stays.
    assert numbers_service.response_numbers(draft).mqls == 300


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inquiries", "-1", "Enter a whole number of 0 or more"),
        ("mqls", "12.5", "Enter a whole number, such as 40."),
        ("won_deals", "many", "Enter a whole number, such as 40."),
        ("known_source_share", "101", "Enter a share from 0 to 100."),
        ("hours_to_first_contact", "99999999999", "Enter a whole number of 0 or more"),
    ],
)
def test_bad_figures_are_refused_field_by_field(client, draft, field, value, message):
    page = client.post(
        step_url(draft.round, NUMBERS_STEP), {**FIGURES, field: value, "next": "1"}
    )
    assert page.status_code == 400
    assert message in str(page.context["form"].errors[field])
    assert not ResponseNumbers.objects.exists()


def test_the_service_refuses_more_sals_than_mqls_too(draft):
    with pytest.raises(ValidationError) as error:
        numbers_service.response_save_numbers(
            response=draft, numbers=Numbers(mqls=10, sals=11)
        )
    assert "sals" in error.value.message_dict


def test_a_submitted_response_keeps_its_numbers(client, member):
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    page = client.post(step_url(response.round, NUMBERS_STEP), {**FIGURES, "next": "1"})
    assert page.url == reverse("assessments:response-result", args=[response.pk])
    assert not ResponseNumbers.objects.exists()


def test_another_organisation_cannot_post_numbers(client, draft):
    outsider = make_membership()
    client.force_login(outsider.user)
    page = client.post(step_url(draft.round, NUMBERS_STEP), {**FIGURES, "next": "1"})
    assert page.status_code == 404
    assert not ResponseNumbers.objects.exists()


def test_version_1_rounds_have_no_numbers_step(client, member):
    v1 = Questionnaire.objects.get(version=1)
    round_ = make_round(organisation=member.organisation, questionnaire=v1)
    make_response(round=round_, respondent=member.user)
    kinds = [s.kind for s in client.get(step_url(round_, 1)).context["steps"]]
    assert "numbers" not in kinds
    assert kinds == ["relationship"] * 2 + ["maturity"] * 3 + ["diagnostic"]


def submit_with(member, *, numbers, answers=None, year=2026):
    response = make_response(
        round=make_round(organisation=member.organisation, year=year),
        respondent=member.user,
        answers=answers or answers_for(maturity=4),
    )
    numbers_service.response_save_numbers(response=response, numbers=numbers)
    responses.response_submit(response=response)
    return response


def test_the_result_shows_the_funnel_the_target_and_a_contradiction(client, member):
    answers = answers_for(relationship=3, maturity=4)
    answers["lm-acceptance-ratio"] = 5
    response = submit_with(
        member,
        answers=answers,
        numbers=Numbers(inquiries=900, mqls=300, sals=90, sqls=45, won_deals=9),
    )
    page = client.get(reverse("assessments:response-result", args=[response.pk]))
    html = page.content.decode()
    # 300 / 900 = 0.33, 90 / 300 = 0.30, 45 / 90 = 0.50, 9 / 45 = 0.20.
    for ratio in ("0.33", "0.30", "0.50", "0.20"):
        assert f"<td>{ratio}</td>" in html
    assert (
        "MQL→SAL acceptance ratio: <strong>0.30</strong> (target: close to 1.0)" in html
    )
    assert "Far below target" in html
    assert 'data-check="numbers_contradict_answers"' in html
    assert "your figures give 0.30" in html


def test_later_years_show_the_trend(client, member):
    for year, sals in ((2024, 40), (2025, 60), (2026, 90)):
        response = submit_with(member, year=year, numbers=Numbers(mqls=100, sals=sals))
    page = client.get(reverse("assessments:response-result", args=[response.pk]))
    html = page.content.decode()
    assert 'id="numbers-trend"' in html
    trend = html[html.index('id="numbers-trend"') :]
    assert trend.index("2024") < trend.index("2025") < trend.index("2026")
    for ratio in ("0.40", "0.60", "0.90"):
        assert f"<td>{ratio}</td>" in trend


def test_the_trend_of_an_earlier_year_stops_at_that_year(member):
    rounds = []
    for year in (2024, 2025, 2026):
        numbers = Numbers(mqls=10, sals=year - 2020)
        rounds.append(submit_with(member, year=year, numbers=numbers).round)
    assert [t.year for t in numbers_service.organisation_trend(round=rounds[1])] == [
        2024,
        2025,
    ]
    assert numbers_service.organisation_trend(round=rounds[0]) == []


def test_result_page_queries_do_not_grow_with_years(client, member):
    def result_queries(year):
        response = submit_with(member, year=year, numbers=Numbers(mqls=10, sals=5))
        url = reverse("assessments:response-result", args=[response.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries.captured_queries)

    first = result_queries(2024)
    second = result_queries(2025)
    assert result_queries(2026) == second
    # Session, user, response, answers, numbers, and two for the trend (rounds;
    # their numbers), whatever the number of years. The action plan adds the viewer's
    # membership, the previous round and the actions, and once there is a previous
    # round, that year's response and both years' answers. The change since last year
    # looks up the earlier response, and once there is one, both years' answers.
    assert (first, second) == (7 + 3 + 1, 7 + 6 + 3)


def test_the_result_shows_the_six_stages_and_the_weakest(client, member):
    answers = answers_for(maturity=4)
    answers.update({"lm-nurture": 1, "lm-triggered-nurture": 2})
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        answers=answers,
        submitted=True,
    )
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert 'id="stage-coverage"' in html
    assert "Weakest area: <strong>Lead nurturing</strong>" in html
    assert html.count('<progress class="lmm-progress"') == 6


def test_the_team_page_gives_checks_the_path_actions_and_the_split_vote(client, member):
    round_ = make_round(organisation=member.organisation)
    make_response(
        round=round_,
        respondent=member.user,
        role="marketing",
        answers=answers_for(relationship=2, maturity=3),
        submitted=True,
    )
    make_response(
        round=round_,
        role="sales",
        answers=answers_for(relationship=2, maturity=3, diagnostics={"diag-4": 0}),
        submitted=True,
    )
    make_response(
        round=round_,
        role="sales",
        answers=answers_for(relationship=2, maturity=3),
        submitted=True,
    )
    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()
    # Team: x = 1 (level 2), every lead-management statement 3 -> y = 2 (level 3),
    # above the path; diag-4 "Yes" 2 of 3 -> stage 4.
    assert 'data-check="paper_not_lived"' in html
    assert 'id="upgrade-path"' in html
    assert 'data-code="rel-01"' in html
    assert "Split diagnostics" in html
    assert "2 Yes, 1 No: counted as Yes" in html


def test_about_page_names_the_sources_and_is_linked_in_the_footer(client):
    client.logout()
    home = client.get(reverse("assessments:home")).content.decode()
    assert reverse("assessments:about") in home
    html = client.get(reverse("assessments:about")).content.decode()
    for source in (
        "Stephan Wenger",
        "Kotler",
        "Rackham",
        "Krishnaswamy",
        "Leonardo Balland",
        "Brian Carroll",
    ):
        assert source in html


def test_consultants_see_the_numbers_in_the_admin(admin_client, member):
    response = submit_with(member, numbers=Numbers(mqls=321, sals=123))
    url = reverse("admin:assessments_response_change", args=[response.pk])
    html = admin_client.get(url).content.decode()
    assert "321" in html and "123" in html
    assert "Numbers of" in html or "numbers of" in html
