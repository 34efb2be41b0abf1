"""The grid: relationship and lead-management levels, positions and the verdict of
every cell (scoring/grid.py)."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import Focus, ScoringError, VerdictCode
from tests.scoring.helpers import maturity, ratings_with_sum, relationship, score


def test_all_minimum_answers_place_team_at_1_1():
    result = score(rel=1, mat=(1, 1, 1))
    assert (result.relationship.level, result.maturity.level) == (1, 1)
    assert (result.x, result.y) == (0, 0)
    assert result.relationship.name == "Undefined"
    assert result.maturity.name == "No lead management"


def test_all_maximum_answers_place_team_at_4_4():
    result = score(rel=5, mat=(5, 5, 5))
    assert (result.relationship.level, result.maturity.level) == (4, 4)
    assert (result.x, result.y) == (4, 4)
    assert result.relationship.name == "Integrated"
    assert result.maturity.name == "Dedicated lead management department"


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (20, 1),
        (39, 1),
        (40, 2),
        (59, 2),
        (60, 3),
        (79, 3),
        (80, 4),
        (100, 4),
    ],
)
def test_relationship_level_follows_the_2006_bands(total, level):
    position = scoring.relationship_position(relationship(ratings_with_sum(total)))
    assert position.level == level
    assert position.value == pytest.approx(total / 20 - 1)


def test_relationship_level_equals_band_for_every_possible_sum():
    for total in range(20, 101):
        position = scoring.relationship_position(relationship(ratings_with_sum(total)))
        assert position.level == scoring.relationship_band(total), total


def test_relationship_band_rejects_impossible_sums():
    with pytest.raises(ScoringError):
        scoring.relationship_band(101)


@pytest.mark.parametrize(
    ("terminology", "process", "department", "level", "y"),
    [
        (1, 5, 5, 1, 0.0),  # cumulative: nothing counts without terminology
        (2, 1, 1, 2, 1.0),
        (5, 1, 1, 2, 1.0),
        (5, 2.6, 1, 2, 1.6),
        (3, 3, 1, 3, 2.0),
        (5, 5, 1, 3, 2.0),
        (5, 5, 3.8, 3, 2.8),
        (4, 4, 4, 4, 3.0),
        (4.4, 5, 5, 4, 3.4),
        (3, 5, 5, 3, 2.0),
    ],
)
def test_maturity_rule(terminology, process, department, level, y):
    def five(mean):
        return ratings_with_sum(round(mean * 5), count=5)

    position = scoring.maturity_position(
        maturity(five(terminology), five(process), five(department))
    )
    assert position.level == level
    assert position.value == pytest.approx(y)


def test_phase_four_is_not_reached_while_terminology_is_at_minimum():
    result = score(rel=5, mat=(1, 5, 5))
    assert result.maturity.level == 1


def test_uniform_answers_land_on_the_diagonal():
    for rating in range(1, 6):
        result = score(rel=rating, mat=(rating, rating, rating))
        assert result.x == result.y == rating - 1
        assert result.verdict.code is VerdictCode.ON_PATH


def test_ratings_outside_1_to_5_are_rejected():
    with pytest.raises(ScoringError) as error:
        scoring.relationship_position(relationship([6] + [3] * 19))
    assert error.value.code == "rating_out_of_range"
    assert error.value.field == "rel-01"


def test_a_maturity_phase_without_statements_is_rejected():
    statements = [s for s in maturity(3, 3, 3) if s.phase != 4]
    with pytest.raises(ScoringError) as error:
        scoring.maturity_position(statements)
    assert error.value.code == "missing_maturity"


# Ratings that give each level exactly on both axes.
LEVEL_RATING = {1: 1, 2: 2, 3: 3, 4: 4}


@pytest.mark.parametrize(
    ("rel_level", "mat_level"), list(itertools.product(range(1, 5), repeat=2))
)
def test_every_grid_cell(rel_level, mat_level):
    rating_x, rating_y = LEVEL_RATING[rel_level], LEVEL_RATING[mat_level]
    result = score(rel=rating_x, mat=(rating_y, rating_y, rating_y))
    assert result.relationship.level == rel_level
    assert result.maturity.level == mat_level
    verdict = result.verdict
    assert verdict.distance == pytest.approx(abs(mat_level - rel_level))
    if mat_level > rel_level:
        assert verdict.code is VerdictCode.ABOVE_PATH
        assert verdict.focus is Focus.RELATIONSHIP
        assert verdict.next_milestone == mat_level
    elif mat_level < rel_level:
        assert verdict.code is VerdictCode.BELOW_PATH
        assert verdict.focus is Focus.MATURITY
        assert verdict.next_milestone == rel_level
    elif rel_level < 4:
        assert verdict.code is VerdictCode.ON_PATH
        assert verdict.focus is Focus.BOTH
        assert verdict.next_milestone == rel_level + 1
    else:
        assert verdict.code is VerdictCode.ON_PATH
        assert verdict.focus is Focus.SUSTAIN
        assert verdict.next_milestone is None
    assert result.upgrade.next_milestone == verdict.next_milestone


rating = st.integers(min_value=1, max_value=5)


@given(
    rel=st.lists(rating, min_size=20, max_size=20),
    mat=st.lists(rating, min_size=15, max_size=15),
    index=st.integers(min_value=0, max_value=34),
)
def test_raising_any_single_answer_never_lowers_a_level(rel, mat, index):
    def positions(rel_ratings, mat_ratings):
        x = scoring.relationship_position(relationship(rel_ratings))
        y = scoring.maturity_position(
            maturity(mat_ratings[:5], mat_ratings[5:10], mat_ratings[10:])
        )
        return x, y

    before_x, before_y = positions(rel, mat)
    rel_after, mat_after = list(rel), list(mat)
    target = rel_after if index < 20 else mat_after
    position = index if index < 20 else index - 20
    target[position] = min(5, target[position] + 1)
    after_x, after_y = positions(rel_after, mat_after)
    assert after_x.level >= before_x.level
    assert after_y.level >= before_y.level
    assert after_x.value >= before_x.value
    assert after_y.value >= before_y.value
    assert 0 <= after_x.value <= 4 and 0 <= after_y.value <= 4
