"""Next year's round seeded from last year's response: the offer, what is copied
across questionnaire versions, and the rule that every step is confirmed."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.answering import answer_scoring, seeding
from assessments.answering import steps as answering_steps
from assessments.models import Answer, Choice, Question, Response, Round
from assessments.questionnaire import versions
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from tests.factories import answers_for, make_membership, make_response, make_round

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.now().year


def step_url(round_, step):
    return reverse("assessments:response-step", args=[round_.pk, step])


def start_url(membership):
    return reverse("assessments:response-start", args=[membership.organisation_id])


@pytest.fixture
def member(client):
    membership = make_membership(role="sales")
    client.force_login(membership.user)
    return membership


def last_year_response(member, answers=None, **round_fields):
    round_ = make_round(
        organisation=member.organisation, year=THIS_YEAR - 1, **round_fields
    )
    return make_response(
        round=round_,
        respondent=member.user,
        role=member.role,
        answers=answers or answers_for(relationship=4, maturity=2),
        submitted=True,
    )


def this_years_response(client, member, origin="last_year"):
    page = client.post(start_url(member), {"origin": origin})
    round_ = Round.objects.get(organisation=member.organisation, year=THIS_YEAR)
    return page, round_, Response.objects.get(round=round_, respondent=member.user)


def walk_through_steps(client, round_, answers_to_post):
    """Post every step with `answers_to_post(context)`; return the last redirect."""
    step = 1
    while True:
        context = client.get(step_url(round_, step)).context
        page = client.post(
            step_url(round_, step), answers_to_post(context) | {"next": "1"}
        )
        assert page.status_code == 302
        if "/steps/" not in page.url or "refused" in page.url:
            return page
        step += 1


def test_a_member_who_answered_last_year_is_offered_last_years_answers_first(
    client, member
):
    last_year_response(member)
    page = client.post(start_url(member))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"You answered the {THIS_YEAR - 1} assessment" in html
    assert re.search(r'value="last_year"\s+id="id_origin_0" required checked>', html)
    assert re.search(r'value="fresh"\s+id="id_origin_1" required>', html)
    assert "Start fresh" in html
    assert not Response.objects.filter(round__year=THIS_YEAR).exists()


def test_starting_from_last_year_preselects_the_answers_and_saves_none(client, member):
    previous = last_year_response(member)
    page, round_, response = this_years_response(client, member)
    assert page.url == step_url(round_, 1)
    assert response.seeded_from == previous
    step = client.get(step_url(round_, 1))
    assert step.context["form"].initial == {f"rel-{i:02d}": 4 for i in range(1, 11)}
    html = step.content.decode()
    assert html.count("Last year: Agree") == 10
    lead = client.get(step_url(round_, 3))
    code = lead.context["step"].codes[0]
    label = questionnaire_data(round_.questionnaire).choices[code][2].label
    assert f"Last year: {label}" in lead.content.decode()
    # Offered, never saved: nothing counts until the respondent saves the step.
    assert not Answer.objects.filter(response=response).exists()


def test_starting_fresh_leaves_every_question_empty(client, member):
    last_year_response(member)
    page, round_, response = this_years_response(client, member, origin="fresh")
    assert page.url == step_url(round_, 1)
    assert response.seeded_from is None
    step = client.get(step_url(round_, 1))
    assert step.context["form"].initial == {}
    assert "Last year:" not in step.content.decode()


def test_an_unknown_way_to_start_is_refused_with_a_message(client, member):
    last_year_response(member)
    page = client.post(start_url(member), {"origin": "the-year-before"})
    assert page.status_code == 400
    assert "Pick one of the two ways to start." in page.content.decode()
    assert not Response.objects.filter(round__year=THIS_YEAR).exists()


def test_no_offer_without_an_own_submitted_response_in_the_previous_round(
    client, member
):
    # A colleague's response, an own draft, and an own response two rounds back.
    colleague = make_membership(organisation=member.organisation, role="marketing")
    last_year = make_round(organisation=member.organisation, year=THIS_YEAR - 1)
    make_response(round=last_year, respondent=colleague.user, submitted=True)
    make_response(round=last_year, respondent=member.user, answers={"rel-01": 2})
    two_back = make_round(organisation=member.organisation, year=THIS_YEAR - 2)
    make_response(round=two_back, respondent=member.user, submitted=True)
    # Another organisation's round of last year, answered by the same person.
    other = make_membership(user=member.user)
    make_response(
        round=make_round(organisation=other.organisation, year=THIS_YEAR - 1),
        respondent=member.user,
        submitted=True,
    )
    page = client.post(start_url(member))
    round_ = Round.objects.get(organisation=member.organisation, year=THIS_YEAR)
    assert page.url == step_url(round_, 1)
    response = Response.objects.get(round=round_, respondent=member.user)
    assert response.seeded_from is None


def test_a_submit_with_an_unconfirmed_step_is_refused_and_lands_on_that_step(
    client, member
):
    last_year_response(member)
    _page, round_, response = this_years_response(client, member)
    steps = answering_steps.response_steps(questionnaire_data(round_.questionnaire))
    last = len(steps)
    # Every step but the second one saved; then Submit on the last step.
    for step in steps[:-1]:
        if step.number != 2:
            initial = client.get(step_url(round_, step.number)).context["form"].initial
            client.post(step_url(round_, step.number), initial | {"next": "1"})
    initial = client.get(step_url(round_, last)).context["form"].initial
    page = client.post(step_url(round_, last), initial | {"next": "1"})
    assert page.url == step_url(round_, 2) + "?refused=1"
    response.refresh_from_db()
    assert not response.is_submitted
    assert "relationship-2" not in response.confirmed_steps
    landing = client.get(page.url)
    html = landing.content.decode()
    assert 'id="error-summary"' in html
    assert "Your response is not submitted yet" in html
    assert "they count only once you check them and save the step" in html
    # Last year's answers are still selected on the landing page, ready to confirm.
    assert landing.context["form"].initial == {f"rel-{i:02d}": 4 for i in range(11, 21)}
    page = client.post(
        step_url(round_, 2), landing.context["form"].initial | {"next": "1"}
    )
    assert page.url == step_url(round_, 3)
    page = client.post(step_url(round_, last), initial | {"next": "1"})
    response.refresh_from_db()
    assert page.url == reverse("assessments:response-result", args=[response.pk])
    assert response.is_submitted


def test_confirming_every_seeded_step_submits_last_years_answers(client, member):
    previous = last_year_response(
        member,
        answers=answers_for(
            relationship=2, maturity=4, diagnostics={"diag-2": 0}, ownership=1
        ),
    )
    _page, round_, response = this_years_response(client, member)
    page = walk_through_steps(client, round_, lambda context: context["form"].initial)
    assert page.url == reverse("assessments:response-result", args=[response.pk])
    response.refresh_from_db()
    assert response.is_submitted
    assert answer_scoring.response_answer_values(response) == (
        answer_scoring.response_answer_values(previous)
    )
    assert (response.stage, response.verdict) == (previous.stage, previous.verdict)


def test_a_changed_answer_replaces_last_years_on_its_step(client, member):
    last_year_response(member)
    _page, round_, response = this_years_response(client, member)
    initial = client.get(step_url(round_, 1)).context["form"].initial
    client.post(step_url(round_, 1), initial | {"rel-01": 1, "next": "1"})
    values = answer_scoring.response_answer_values(response)
    assert values["rel-01"] == 1
    assert values["rel-02"] == 4
    form = client.get(step_url(round_, 1)).context["form"]
    assert form.initial["rel-01"] == 1
    assert "Last year: Agree" in client.get(step_url(round_, 1)).content.decode()


@pytest.fixture
def changed_version():
    """A second version: rel-20 removed, rel-05 renamed, rel-03 with a changed choice
    value, and rel-04 rated on a differently labelled scale."""
    draft = versions.questionnaire_new_version(source=questionnaire_current())
    Question.objects.filter(part__questionnaire=draft, code="rel-20").delete()
    Question.objects.filter(part__questionnaire=draft, code="rel-05").update(
        code="rel-05b"
    )
    Choice.objects.filter(
        question__part__questionnaire=draft, question__code="rel-03", value=5
    ).update(value=0)
    Choice.objects.filter(
        question__part__questionnaire=draft, question__code="rel-04", value=4
    ).update(label="Written down and mostly used")
    return draft


def test_seeding_copies_only_questions_unchanged_in_the_new_version(
    client, member, changed_version
):
    last_year_response(member)
    make_round(
        organisation=member.organisation,
        year=THIS_YEAR,
        questionnaire=changed_version,
    )
    _page, round_, response = this_years_response(client, member)
    assert round_.questionnaire == changed_version
    data = questionnaire_data(changed_version)
    _answers, seeds = seeding.response_answers_and_seeds(
        response=Response.objects.select_related(
            "seeded_from__round__questionnaire"
        ).get(pk=response.pk),
        data=data,
    )
    for code in ("rel-03", "rel-04", "rel-05", "rel-05b", "rel-20"):
        assert code not in seeds
    assert seeds["rel-01"] == seeding.Seed(value=4, label="Agree")
    lead_code = next(code for code, q in data.questions.items() if q.phase)
    assert seeds[lead_code].value == 2
    assert set(seeds) == set(data.questions) - {
        "rel-03",
        "rel-04",
        "rel-05b",
        "diag-ownership",
    }
    step = client.get(step_url(round_, 1))
    initial = step.context["form"].initial
    assert "rel-03" not in initial and "rel-04" not in initial
    assert initial["rel-01"] == 4
    html = step.content.decode()
    assert html.count("Last year: Agree") == len(initial)
    # The questions that start empty still need an answer before the step is saved.
    page = client.post(step_url(round_, 1), initial | {"next": "1"})
    assert page.status_code == 200
    assert [label for _anchor, label in page.context["summary"]] == [
        data.questions[code].text for code in ("rel-03", "rel-04", "rel-05b")
    ]
