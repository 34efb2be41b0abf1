"""Stored team results equal the team page's result and follow new submissions."""

import pytest

from assessments.models import Round, TeamResult
from assessments.teams import results as team_results
from assessments.teams.stored_results import team_results_for
from tests.factories import answers_for, make_response, make_round, make_submitted

pytestmark = pytest.mark.django_db


def test_the_stored_result_is_the_team_pages_result():
    round_ = make_round()
    make_submitted(
        round_,
        marketing=answers_for(relationship=2, maturity=4),
        sales=answers_for(relationship=5, maturity=1, diagnostics={"diag-4": 0}),
    )
    make_response(round=round_, role="sales")  # a draft never counts
    (stored,) = team_results_for(Round.objects.filter(pk=round_.pk))
    team = team_results.round_result(round=round_).team.result
    result = stored.team_result
    assert (result.x, result.y) == pytest.approx((team.x, team.y))
    assert (result.relationship_level, result.maturity_level) == (
        team.relationship.level,
        team.maturity.level,
    )
    assert (result.stage, result.verdict) == (team.stage.number, team.verdict.code)
    assert result.distance == pytest.approx(team.verdict.distance)
    assert result.respondents == 2


def test_a_new_submission_refreshes_the_stored_result():
    round_ = make_round()
    make_response(
        round=round_, answers=answers_for(relationship=1, maturity=1), submitted=True
    )
    (first,) = team_results_for(Round.objects.filter(pk=round_.pk))
    assert first.team_result.x == pytest.approx(0.0)
    make_response(
        round=round_, answers=answers_for(relationship=5, maturity=5), submitted=True
    )
    (second,) = team_results_for(Round.objects.filter(pk=round_.pk))
    assert second.team_result.x == pytest.approx(2.0)
    assert second.team_result.respondents == 2
    assert TeamResult.objects.get(round=round_).x == pytest.approx(2.0)


def test_rounds_without_a_submission_have_no_result():
    round_ = make_round()
    make_response(round=round_)
    assert team_results_for(Round.objects.filter(pk=round_.pk)) == []


@pytest.mark.parametrize("count", [1, 6])
def test_stale_results_are_computed_together_in_a_fixed_number_of_queries(
    django_assert_num_queries, count
):
    for _ in range(count):
        make_response(submitted=True)
    # Rounds, responses, answers, the upsert; then the organisations' latest rows
    # read and flagged.
    with django_assert_num_queries(6):
        rounds = team_results_for(Round.objects.all())
    assert len(rounds) == count
    assert all(r.team_result.is_latest for r in Round.objects.all())
    with django_assert_num_queries(1):
        team_results_for(Round.objects.all())
