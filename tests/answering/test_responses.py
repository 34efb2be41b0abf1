import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.answering import answer_scoring, responses
from assessments.answering.answer_scoring import response_answer_values
from assessments.models import (
    RESULT_FIELDS,
    SCALE_FIELDS,
    Answer,
    Membership,
    Response,
    Round,
)
from assessments.organisations import create, rounds
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from assessments.teams.stored_results import team_results_for
from tests.factories import (
    answers_for,
    make_organisation,
    make_response,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_submitting_stores_the_computed_result():
    response = make_response(answers=answers_for(relationship=4, maturity=2))
    result = responses.response_submit(response=response)
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert response.submitted_at is not None
    # Practices only talked about (2) are not defined: y = 0, level 1.
    assert (response.x, response.y) == (3.0, 0.0)
    assert (response.relationship_level, response.maturity_level) == (4, 1)
    assert response.verdict == "below_path"
    assert response.stage == 4
    assert result.verdict.next_milestone == 4


def test_a_response_and_its_team_result_store_the_same_fields_of_one_result():
    organisation = make_organisation(revenue_team_size=12, monthly_lead_volume=400)
    round_ = make_round(organisation=organisation)
    response = make_response(round=round_, answers=answers_for(relationship=2))
    result = responses.response_submit(response=response)
    response.refresh_from_db()
    stored = answer_scoring.stored_result(result, scale_from=organisation)
    assert list(stored) == [*RESULT_FIELDS, *SCALE_FIELDS]
    assert {field: getattr(response, field) for field in stored} == stored
    assert (response.revenue_team_size, response.monthly_lead_volume) == (12, 400)
    # One respondent: the round's stored team result is that response's result.
    (with_result,) = team_results_for(Round.objects.filter(pk=round_.pk))
    team = with_result.team_result
    assert {field: getattr(team, field) for field in stored} == stored


def test_submitted_answers_cannot_change():
    response = make_response(submitted=True)
    before = response_answer_values(response)
    with pytest.raises(ValidationError) as error:
        responses.response_save_answers(response=response, answers={"rel-01": 5})
    assert error.value.code == "response_submitted"
    assert response_answer_values(response) == before


def test_a_second_submit_is_refused_and_changes_nothing():
    response = make_response(submitted=True)
    submitted_at = Response.objects.get(pk=response.pk).submitted_at
    with pytest.raises(ValidationError):
        responses.response_submit(response=response)
    assert Response.objects.get(pk=response.pk).submitted_at == submitted_at


def test_submit_names_every_missing_answer():
    answers = answers_for()
    del answers["rel-05"], answers["diag-2"]
    response = make_response(answers=answers)
    with pytest.raises(ValidationError) as error:
        responses.response_submit(response=response)
    assert set(error.value.message_dict) == {"rel-05", "diag-2"}
    assert Response.objects.get(pk=response.pk).status == Response.Status.DRAFT


def test_ownership_follow_up_is_required_only_at_cap_two():
    data = questionnaire_data(questionnaire_current())
    capped = answers_for(diagnostics={"diag-3": 0})
    assert answer_scoring.missing_codes(data, capped) == ["diag-ownership"]
    assert (
        answer_scoring.missing_codes(data, answers_for(diagnostics={"diag-4": 0})) == []
    )


def test_ownership_no_gives_stage_one():
    response = make_response(
        answers=answers_for(diagnostics={"diag-1": 0}, ownership=0), submitted=True
    )
    assert Response.objects.get(pk=response.pk).stage == 1


def test_saving_replaces_an_earlier_answer_without_duplicating_it():
    response = make_response(answers={"rel-01": 2})
    responses.response_save_answers(response=response, answers={"rel-01": 4})
    assert Answer.objects.filter(response=response).count() == 1
    assert response_answer_values(response) == {"rel-01": 4}


@pytest.mark.parametrize(
    ("answers", "field"),
    [({"nope": 3}, "nope"), ({"rel-01": 9}, "rel-01"), ({"diag-1": 3}, "diag-1")],
)
def test_unknown_codes_and_values_off_the_scale_are_rejected(answers, field):
    response = make_response()
    with pytest.raises(ValidationError) as error:
        responses.response_save_answers(response=response, answers=answers)
    assert field in error.value.message_dict
    assert not Answer.objects.filter(response=response).exists()


def test_a_closed_round_takes_no_answers():
    round_ = make_round(is_closed=True)
    response = make_response(round=round_)
    with pytest.raises(ValidationError) as error:
        responses.response_save_answers(response=response, answers={"rel-01": 3})
    assert error.value.code == "round_closed"


def test_one_answer_per_question_per_response_is_enforced_by_the_database():
    response = make_response(answers={"rel-01": 3})
    answer = Answer.objects.get(response=response)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            response=response, question=answer.question, choice=answer.choice
        )


def test_one_response_per_respondent_per_round():
    response = make_response()
    again = responses.response_get_or_create(
        round=response.round, respondent=response.respondent, role="sales"
    )
    assert again.pk == response.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            round=response.round, respondent=response.respondent, role="sales"
        )


def test_organisation_creator_becomes_its_admin():
    user = make_user()
    organisation = create.organisation_create(creator=user, name="Acme")
    membership = Membership.objects.get(organisation=organisation, user=user)
    assert membership.is_admin


def test_organisation_create_validates_the_name():
    with pytest.raises(ValidationError):
        create.organisation_create(creator=make_user(), name="")


def test_round_keeps_its_questionnaire_version():
    organisation = make_organisation()
    round_ = rounds.round_get_or_create(organisation=organisation, year=2025)
    assert round_.questionnaire == questionnaire_current()
    assert rounds.round_get_or_create(organisation=organisation, year=2025) == round_
    assert Round.objects.filter(organisation=organisation).count() == 1


def test_scale_check_uses_the_organisation_size():
    organisation = make_organisation(revenue_team_size=250, monthly_lead_volume=50_000)
    response = make_response(
        round=make_round(organisation=organisation),
        # Rated 4, "written down and mostly used": no paper_not_lived check on v2.
        answers=answers_for(maturity=4, diagnostics={"diag-4": 0}),
    )
    result = responses.response_submit(response=response)
    # Level 4 against Stage 3 is one level ahead: named mildly.
    assert [c.code for c in result.checks] == [
        "grid_ahead_of_stage",
        "scale_above_stage",
    ]


def test_weakest_statements_resolve_to_questions_with_actions():
    answers = answers_for(relationship=2, maturity=4)
    answers["rel-09"] = 1
    response = make_response(answers=answers, submitted=True)
    result = answer_scoring.response_result(response=response)
    data = questionnaire_data(questionnaire_current())
    assert result.upgrade.weakest[0] == "rel-09"
    assert all(data.questions[code].action for code in result.upgrade.weakest)


def test_a_submitted_result_keeps_the_scale_the_organisation_had():
    organisation = make_organisation(revenue_team_size=250, monthly_lead_volume=50_000)
    response = make_response(
        round=make_round(organisation=organisation),
        answers=answers_for(maturity=4, diagnostics={"diag-4": 0}),
        submitted=True,
    )
    organisation.revenue_team_size = 10
    organisation.monthly_lead_volume = 100
    organisation.save()
    result = answer_scoring.response_result(
        response=Response.objects.get(pk=response.pk)
    )
    # Level 4 against Stage 3 is one level ahead: named mildly.
    assert [c.code for c in result.checks] == [
        "grid_ahead_of_stage",
        "scale_above_stage",
    ]
