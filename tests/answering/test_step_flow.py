"""The answer flow: a step counts as saved only when complete, Resume and a refused
submit land on the first open step with its gaps marked, and the last step stays
the last one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.answering import responses, steps
from assessments.models import Response, Round
from assessments.organisations import rounds
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from tests.factories import answers_for, make_membership, make_response

pytestmark = pytest.mark.django_db


def step_url(round_, step):
    return reverse("assessments:response-step", args=[round_.pk, step])


@pytest.fixture
def member(client):
    membership = make_membership(role="marketing")
    client.force_login(membership.user)
    return membership


def last_step(round_):
    return len(steps.response_steps(questionnaire_data(round_.questionnaire)))


def start(client, member):
    page = client.post(
        reverse("assessments:response-start", args=[member.organisation_id])
    )
    return page, Round.objects.get(organisation=member.organisation)


def answers():
    """Stage 2 on the diagnostics, so the ownership follow-up is asked."""
    return answers_for(diagnostics={"diag-2": 0}, ownership=1)


def post_step(client, round_, number, leave_out=(), button="next"):
    codes = client.get(step_url(round_, number)).context["step"].codes
    given = answers()
    data = {code: given[code] for code in codes if code not in leave_out}
    return client.post(step_url(round_, number), data | {button: "1"})


def test_resume_goes_to_the_first_step_with_a_missing_answer(client, member):
    _page, round_ = start(client, member)
    home = client.get("/").content.decode()
    assert "You have started the assessment." in home
    assert "0 step" not in home
    post_step(client, round_, 1)
    # Step 2 half answered and left with Back, then steps 3 and 4 saved complete.
    page = post_step(client, round_, 2, leave_out=("rel-15", "rel-16"), button="back")
    assert page.url == step_url(round_, 1)
    post_step(client, round_, 3)
    post_step(client, round_, 4)
    page, _round = start(client, member)
    assert page.url == step_url(round_, 2)
    assert "You have saved 3 steps." in client.get("/").content.decode()
    # The result link of a draft resumes there too.
    response = Response.objects.get(round=round_)
    result = client.get(reverse("assessments:response-result", args=[response.pk]))
    assert result.url == step_url(round_, 2)


def test_a_confirmed_step_saved_again_half_answered_is_open_again(client, member):
    _page, round_ = start(client, member)
    last = last_step(round_)
    for number in range(1, last):
        post_step(client, round_, number)
    diagnostics = dict.fromkeys(("diag-1", "diag-2", "diag-3", "diag-4"), 1)
    client.post(step_url(round_, last), diagnostics | {"diag-5": 1, "back": "1"})
    response = Response.objects.get(round=round_)
    assert "diagnostic" in response.confirmed_steps
    # "No" on diag-1 now calls for the ownership follow-up, left unanswered.
    client.post(step_url(round_, last), diagnostics | {"diag-1": 0, "back": "1"})
    response.refresh_from_db()
    assert "diagnostic" not in response.confirmed_steps
    assert start(client, member)[0].url == step_url(round_, last)


def test_a_refused_submit_lands_on_the_first_gap_with_the_questions_marked(
    client, member
):
    _page, round_ = start(client, member)
    post_step(client, round_, 1)
    post_step(client, round_, 2, leave_out=("rel-12", "rel-17"), button="back")
    for number in range(3, last_step(round_) + 1):
        page = post_step(client, round_, number)
    assert page.url == step_url(round_, 2) + "?refused=1"
    assert not Response.objects.get(round=round_).is_submitted
    landing = client.get(page.url)
    html = landing.content.decode()
    assert 'id="error-summary" tabindex="-1"' in html
    assert "Your response is not submitted yet" in html
    assert "2 questions still need an answer" in html
    data = questionnaire_data(round_.questionnaire)
    for code in ("rel-12", "rel-17"):
        link = f'<a href="#id_{code}_0" class="alert-link">{data.questions[code].text}'
        assert link in html
        assert f'id="id_{code}_0" aria-invalid="true"' in html
    assert 'id="id_rel-11_0" aria-invalid' not in html
    # What was answered stays selected.
    assert landing.context["form"].initial["rel-11"] == answers()["rel-11"]


def test_next_with_missing_answers_links_each_question_from_the_summary(client, member):
    _page, round_ = start(client, member)
    page = post_step(client, round_, 1, leave_out=("rel-02", "rel-09"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Please check this step" in html
    assert "2 questions still need an answer" in html
    assert [anchor for anchor, _label in page.context["summary"]] == [
        "id_rel-02_0",
        "id_rel-09_0",
    ]
    assert 'href="#id_rel-02_0"' in html
    assert "js/step.js" in html


def test_the_ownership_follow_up_is_part_of_the_last_step(client, member):
    _page, round_ = start(client, member)
    number = last_step(round_)
    for earlier in range(1, number):
        post_step(client, round_, earlier)
    last = client.get(step_url(round_, number))
    html = last.content.decode()
    assert last.context["is_last"] and f"Step {number} of {number}" in html
    # Shown in the page itself, so it works without the script that hides it
    # while the answers do not call for it.
    assert "Does every lead have a clear owner" in html
    assert "asked when your answers above place you at stage 1 or 2" in html
    assert '"code": "diag-ownership"' in html
    # "No" on diag-2 without the follow-up: the same last step asks for it.
    page = post_step(client, round_, number, leave_out=("diag-ownership",))
    assert page.status_code == 200
    assert page.context["step"].number == number
    assert len(page.context["steps"]) == number
    assert page.context["form"].errors["diag-ownership"]
    assert not Response.objects.get(round=round_).is_submitted
    page = post_step(client, round_, number)
    response = Response.objects.get(round=round_)
    assert page.url == reverse("assessments:response-result", args=[response.pk])
    assert response.is_submitted and response.stage == 2


def test_submit_in_the_step_flow_needs_every_step_confirmed():
    membership = make_membership()
    round_ = rounds.round_get_or_create(organisation=membership.organisation, year=2026)
    response = responses.response_get_or_create(
        round=round_, respondent=membership.user, role=membership.role
    )
    data = questionnaire_data(questionnaire_current())
    responses.response_save_answers(response=response, answers=answers_for())
    with pytest.raises(ValidationError) as error:
        responses.response_submit(response=response, require_confirmed_steps=True)
    assert error.value.code == "unconfirmed_steps"
    assert error.value.params["steps"] == [s.key for s in steps.response_steps(data)]
    for step in steps.response_steps(data):
        responses.response_save_answers(
            response=response, answers={}, step_key=step.key, is_step_complete=True
        )
    responses.response_submit(response=response, require_confirmed_steps=True)
    assert Response.objects.get(pk=response.pk).is_submitted


def test_drafts_begun_before_the_migration_keep_their_complete_steps():
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "assessments.migrations.0007_response_seeding_confirmed_steps"
    )
    data = questionnaire_data(questionnaire_current())
    live = [(s.key, list(s.codes)) for s in steps.response_steps(data)]
    frozen = migration.step_layout(
        apps.get_model("assessments", "Part"), data.questionnaire.pk
    )
    assert frozen == live

    full = answers_for(diagnostics={"diag-1": 0}, ownership=1)
    process_code = next(code for code, q in data.questions.items() if q.phase == 3)
    half = {code: full[code] for code in full if code not in ("rel-15", process_code)}
    capped_without_follow_up = dict(full)
    del capped_without_follow_up["diag-ownership"]
    drafts = [
        make_response(answers=answers) for answers in (half, capped_without_follow_up)
    ]
    submitted = make_response(submitted=True)
    migration.confirm_complete_steps(apps, None)
    half_draft, capped_draft = (
        Response.objects.get(pk=draft.pk).confirmed_steps for draft in drafts
    )
    assert half_draft == sorted(
        ["relationship-1", "maturity-2", "maturity-4", "diagnostic"]
    )
    assert "diagnostic" not in capped_draft and len(capped_draft) == 5
    assert Response.objects.get(pk=submitted.pk).confirmed_steps == []
