import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import Focus, ScoringError, Statement, VerdictCode

DIAG = scoring.DIAGNOSTIC_CODES
ALL_YES = dict.fromkeys(DIAG, True)


def relationship(ratings):
    if isinstance(ratings, int):
        ratings = [ratings] * 20
    return [
        Statement(code=f"rel-{i:02d}", rating=r, position=i)
        for i, r in enumerate(ratings, start=1)
    ]


def maturity(terminology, process, department):
    statements = []
    for phase, prefix, ratings in (
        (2, "t", terminology),
        (3, "p", process),
        (4, "d", department),
    ):
        if isinstance(ratings, int):
            ratings = [ratings] * 5
        statements += [
            Statement(code=f"lm-{prefix}{i}", rating=r, phase=phase, position=i)
            for i, r in enumerate(ratings, start=1)
        ]
    return statements


def ratings_with_sum(total, count=20):
    """`count` ratings of 1-5 adding up to `total`."""
    ratings = [1] * count
    remaining = total - count
    for i in range(count):
        step = min(4, remaining)
        ratings[i] += step
        remaining -= step
    return ratings


def score(rel=3, mat=(3, 3, 3), diagnostics=None, **kwargs):
    return scoring.score(
        relationship=relationship(rel),
        maturity=maturity(*mat),
        diagnostics=diagnostics or ALL_YES,
        **kwargs,
    )


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


def expected_stage(answers, ownership):
    """Seed 001 read the other way round: what each stage requires."""
    works_on_vacation, criteria_encoded, kpis_fast, experiments, traceable = answers
    if all(answers):
        return 4
    if works_on_vacation and criteria_encoded and kpis_fast and traceable:
        return 3
    return 2 if ownership else 1


@pytest.mark.parametrize("answers", list(itertools.product([True, False], repeat=5)))
@pytest.mark.parametrize("ownership", [True, False])
def test_stage_for_every_diagnostic_combination(answers, ownership):
    diagnostics = dict(zip(DIAG, answers, strict=True))
    cap = min(
        [scoring.DIAGNOSTIC_CAPS[c] for c, yes in diagnostics.items() if not yes],
        default=4,
    )
    assert scoring.needs_ownership_question(diagnostics) is (cap == 2)
    diagnostics[scoring.OWNERSHIP_CODE] = ownership
    stage = scoring.stage_for(diagnostics)
    assert stage.number == expected_stage(answers, ownership)
    assert stage.name == scoring.STAGE_NAMES[stage.number]


def test_stage_names_and_the_hand_checked_cases():
    no_experiments = {**ALL_YES, "diag-4": False}
    assert scoring.stage_for(ALL_YES).name == "Optimized"
    assert scoring.stage_for(no_experiments).number == 3
    assert scoring.stage_for(no_experiments).cap_codes == ("diag-4",)
    in_heads = {**ALL_YES, "diag-2": False, "diag-ownership": True}
    assert scoring.stage_for(in_heads).name == "Defined"
    assert scoring.stage_for({**in_heads, "diag-ownership": False}).name == "Reactive"


def test_ownership_is_ignored_when_not_asked():
    assert scoring.stage_for({**ALL_YES, "diag-ownership": False}).number == 4


def test_missing_ownership_answer_is_an_error_when_it_is_needed():
    with pytest.raises(ScoringError) as error:
        scoring.stage_for({**ALL_YES, "diag-1": False})
    assert error.value.field == "diag-ownership"


def test_missing_diagnostic_answer_is_an_error():
    answers = dict(ALL_YES)
    del answers["diag-3"]
    with pytest.raises(ScoringError) as error:
        scoring.stage_for(answers)
    assert error.value.field == "diag-3"


def test_experiments_without_encoded_criteria_are_flagged_as_skipped_stages():
    diagnostics = {**ALL_YES, "diag-2": False, "diag-ownership": True}
    result = score(diagnostics=diagnostics)
    assert result.stage.number == 2
    skipped = [c for c in result.checks if c.code == "skipped_stages"]
    assert skipped and skipped[0].codes == ("diag-4",)


def test_partial_progress_towards_the_next_stage_is_not_flagged():
    diagnostics = {**ALL_YES, "diag-2": False, "diag-4": False, "diag-ownership": True}
    result = score(diagnostics=diagnostics)
    assert not [c for c in result.checks if c.code == "skipped_stages"]


def test_stage_one_with_encoded_criteria_gets_a_note_not_a_warning():
    # Encoded criteria rest on nothing missing: evidence of stage 3, worth mentioning.
    diagnostics = {
        **dict.fromkeys(DIAG, False),
        "diag-2": True,
        "diag-ownership": False,
    }
    result = score(diagnostics=diagnostics)
    assert result.stage.number == 1
    assert not [c for c in result.checks if c.code == "skipped_stages"]
    assert [c.codes for c in result.checks if c.code == "later_stage_evidence"] == [
        ("diag-2",)
    ]


def test_department_reached_without_terminology_is_flagged():
    result = score(mat=(1, 5, 5))
    skipped = [c for c in result.checks if c.code == "skipped_phases"]
    assert skipped and skipped[0].detail == {"reached": 4, "missing": 2}


def test_consistent_answers_raise_no_check():
    assert (
        score(rel=3, mat=(3, 3, 3), revenue_team_size=3, monthly_lead_volume=50).checks
        == ()
    )


@pytest.mark.parametrize(
    ("stage_answers", "team", "leads", "flagged"),
    [
        ({"diag-1": False, "diag-ownership": True}, 20, 1_999, False),
        ({"diag-1": False, "diag-ownership": True}, 21, 100, True),
        # A boundary value belongs to the lower stage on both measures.
        ({"diag-1": False, "diag-ownership": True}, 20, 2_000, False),
        ({"diag-1": False, "diag-ownership": True}, 10, 2_001, True),
        ({"diag-1": False, "diag-ownership": False}, 5, 200, False),
        ({"diag-1": False, "diag-ownership": False}, 5, 201, True),
        ({"diag-1": False, "diag-ownership": False}, 6, 10, True),
        ({"diag-4": False}, 100, 19_999, False),
        ({"diag-4": False}, 300, 19_999, True),
        ({}, 100_000, 10_000_000, False),
        ({"diag-1": False, "diag-ownership": True}, None, None, False),
    ],
)
def test_scale_above_the_stage_range_is_flagged(stage_answers, team, leads, flagged):
    result = score(
        diagnostics={**ALL_YES, **stage_answers},
        revenue_team_size=team,
        monthly_lead_volume=leads,
    )
    scale_checks = [c for c in result.checks if c.code == "scale_above_stage"]
    assert bool(scale_checks) is flagged
    if flagged:
        assert scale_checks[0].detail["scale_stage"] > result.stage.number


def test_scale_stage_uses_the_larger_of_team_and_volume():
    assert scoring.scale_stage(3, 100) == 1
    assert scoring.scale_stage(300, 100) == 4
    assert scoring.scale_stage(3, 5_000) == 3
    assert scoring.scale_stage(None, None) == 1


def test_upgrade_path_gives_next_stage_requirements_and_time():
    result = score(diagnostics={**ALL_YES, "diag-3": False, "diag-ownership": False})
    upgrade = result.upgrade
    assert result.stage.number == 1
    assert upgrade.next_stage == 2
    assert upgrade.estimate == "2–4 weeks"
    assert any("owner" in requirement for requirement in upgrade.requirements)
    assert score(diagnostics={**ALL_YES, "diag-4": False}).upgrade.estimate == (
        "6–12 months"
    )


def test_optimized_stage_has_no_next_stage():
    upgrade = score().upgrade
    assert upgrade.next_stage is None
    assert upgrade.requirements == ()


def test_above_the_path_the_weakest_relationship_statements_become_actions():
    ratings = [4] * 20
    ratings[6], ratings[11], ratings[2] = 1, 2, 2
    result = score(rel=ratings, mat=(5, 5, 5))
    assert result.verdict.code is VerdictCode.ABOVE_PATH
    assert result.upgrade.weakest == ("rel-07", "rel-03", "rel-12")


def test_below_the_path_the_weakest_definition_statements_become_actions():
    result = score(rel=5, mat=([5, 5, 1, 5, 5], [2, 5, 5, 5, 5], [1, 1, 1, 1, 1]))
    assert result.verdict.code is VerdictCode.BELOW_PATH
    # Phase first: lm-t3 (1), then the process statement lm-p1 (2) before the
    # department statements rated 1.
    assert result.upgrade.weakest == ("lm-t3", "lm-p1", "lm-d1")
    assert all(code.startswith("lm-") for code in result.upgrade.weakest)


def test_statements_at_strongly_agree_are_never_actions():
    assert score(rel=5, mat=(5, 5, 5)).upgrade.weakest == ()


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


@given(
    answers=st.lists(st.booleans(), min_size=5, max_size=5),
    ownership=st.booleans(),
    index=st.integers(min_value=0, max_value=5),
)
def test_turning_any_diagnostic_no_into_yes_never_lowers_the_stage(
    answers, ownership, index
):
    before = {
        **dict(zip(DIAG, answers, strict=True)),
        scoring.OWNERSHIP_CODE: ownership,
    }
    after = dict(before)
    after[(*DIAG, scoring.OWNERSHIP_CODE)[index]] = True
    assert scoring.stage_for(after).number >= scoring.stage_for(before).number
