"""Assessment v2 checks and the six stages' coverage, each checked against a hand
calculation (docs/scoring.md, scoring/checks.py)."""

import pytest

from assessments import scoring
from assessments.scoring import Numbers, Statement, VerdictCode
from tests.scoring.v2_helpers import (
    ALL_NO,
    ALL_YES,
    check,
    codes,
    lead_management,
    relationship,
    score_v2,
)

# paper_not_lived


def test_a_third_of_the_statements_written_down_not_used_is_paper_not_lived():
    # 6 of 18 rated 3 is exactly a third.
    on_paper = ["lm-qualify-first", "lm-nurture", "lm-hand-back"]
    on_paper += ["lm-stage-owners", "lm-follow-up", "lm-status-software"]
    maturity = lead_management(**{c.replace("-", "_"): 3 for c in on_paper})
    result = score_v2(maturity=maturity)
    found = check(result, "paper_not_lived")
    assert found.codes == tuple(on_paper)
    assert found.detail == {"count": 6, "total": 18}


def test_five_of_eighteen_written_down_not_used_is_not_flagged():
    on_paper = ["lm-nurture", "lm-hand-back", "lm-stage-owners", "lm-follow-up"]
    maturity = lead_management(lm_team=3, **{c.replace("-", "_"): 3 for c in on_paper})
    assert "paper_not_lived" not in codes(score_v2(maturity=maturity))


def test_paper_not_lived_needs_the_definition_and_use_scale():
    result = scoring.score(
        relationship=relationship(3),
        maturity=lead_management(3),
        diagnostics=ALL_YES,
        maturity_scale=scoring.AGREEMENT_SCALE,
    )
    assert "paper_not_lived" not in codes(result)


def _team(*members):
    return scoring.team_statements([lead_management(m) for m in members])


def test_a_team_finding_needs_respondents_who_chose_written_down_not_used():
    # Marketing 4 and sales 2 on every practice: the median is 3, but nobody chose 3.
    assert "paper_not_lived" not in codes(score_v2(maturity=_team(4, 2)))


def test_a_team_finding_counts_a_practice_half_the_respondents_chose():
    found = check(score_v2(maturity=_team(3, 3, 4)), "paper_not_lived")
    assert found.detail == {"count": 18, "total": 18, "respondents": 3}
    assert "paper_not_lived" not in codes(score_v2(maturity=_team(3, 4, 4)))


def test_process_written_down_not_used_sits_above_the_path():
    # Relationship all 2 -> level 2. Terminology 4, process mostly 3 (lm-follow-up
    # 4), department 3: T = 4, P = 22 / 7 = 3.14, D = 3; E = min(4, 3.14, 3) = 3,
    # level 3 -> above the path; 6 process + 6 department = 12 of 18 rated 3.
    maturity = lead_management(
        lm_qualify_first=3,
        lm_nurture=3,
        lm_hand_back=3,
        lm_stage_owners=3,
        lm_status_software=3,
        lm_source_report=3,
        lm_team=3,
        lm_triggered_nurture=3,
        lm_integration=3,
        lm_learned_scoring=3,
        lm_acceptance_ratio=3,
        lm_data_review=3,
    )
    result = score_v2(rel=2, maturity=maturity)
    assert result.verdict.code is VerdictCode.ABOVE_PATH
    assert result.maturity.level == 3
    assert check(result, "paper_not_lived").detail == {"count": 12, "total": 18}


# grid_ahead_of_stage


def test_agree_to_everything_with_every_diagnostic_no_is_grid_ahead_of_stage():
    # All 4 -> x = y = 3, level 4 (the last crossing point); stage 1.
    result = scoring.score(
        relationship=relationship(4),
        maturity=lead_management(4),
        diagnostics=ALL_NO,
    )
    assert (result.maturity.level, result.stage.number) == (4, 1)
    assert check(result, "grid_ahead_of_stage").detail == {"level": 4, "stage": 1}
    assert codes(result)[0] == "grid_ahead_of_stage"


@pytest.mark.parametrize(
    ("rating", "diagnostics", "detail"),
    [
        (3, ALL_NO, {"level": 3, "stage": 1}),  # two above
        # Seed 001's own example, level 3 against Stage 2: named, mildly.
        (
            3,
            {**ALL_YES, "diag-1": False, "diag-ownership": True},
            {"level": 3, "stage": 2, "mild": 1},
        ),
        (
            4,
            {**ALL_YES, "diag-1": False, "diag-ownership": True},
            {"level": 4, "stage": 2},
        ),
        (4, {**ALL_YES, "diag-4": False}, {"level": 4, "stage": 3, "mild": 1}),
        (3, {**ALL_YES, "diag-4": False}, None),  # level 3 at stage 3
    ],
)
def test_grid_ahead_of_stage_is_mild_at_one_level(rating, diagnostics, detail):
    result = score_v2(maturity=lead_management(rating), diagnostics=diagnostics)
    found = [c.detail for c in result.checks if c.code == "grid_ahead_of_stage"]
    assert found == ([detail] if detail else [])


# skipped_stages and later_stage_evidence


def test_experiments_without_encoded_criteria_skip_stages():
    diagnostics = {**ALL_YES, "diag-2": False, "diag-ownership": True}
    result = score_v2(
        diagnostics=diagnostics, maturity=lead_management(lm_learned_scoring=2)
    )
    assert check(result, "skipped_stages").codes == ("diag-4",)
    assert "later_stage_evidence" not in codes(result)


@pytest.mark.parametrize(("rating", "flagged"), [(4, True), (5, True), (3, False)])
def test_a_learned_score_without_encoded_criteria_skips_stages(rating, flagged):
    diagnostics = {**ALL_YES, "diag-2": False, "diag-4": False, "diag-ownership": True}
    result = score_v2(
        diagnostics=diagnostics, maturity=lead_management(lm_learned_scoring=rating)
    )
    skipped = [c.codes for c in result.checks if c.code == "skipped_stages"]
    assert skipped == ([("lm-learned-scoring",)] if flagged else [])


def test_a_learned_score_with_encoded_criteria_is_fine():
    result = score_v2(diagnostics={**ALL_YES, "diag-4": False})
    assert "skipped_stages" not in codes(result)


def test_a_stage_one_founder_who_traces_deals_gets_a_note_not_a_warning():
    diagnostics = {**ALL_NO, "diag-5": True}
    result = score_v2(rel=2, maturity=lead_management(2), diagnostics=diagnostics)
    assert result.stage.number == 1
    assert "skipped_stages" not in codes(result)
    assert check(result, "later_stage_evidence").codes == ("diag-5",)
    assert check(result, "later_stage_evidence").detail == {"stage": 1}


# Scale boundaries: a boundary value belongs to the lower stage on both measures.


@pytest.mark.parametrize(
    ("team", "leads", "stage"),
    [
        (5, 200, 1),
        (6, 0, 2),
        (0, 201, 2),
        (20, 2_000, 2),
        (21, 0, 3),
        (0, 2_001, 3),
        (100, 20_000, 3),
        (101, 0, 4),
        (0, 20_001, 4),
    ],
)
def test_scale_stage_boundaries_belong_to_the_lower_stage(team, leads, stage):
    assert scoring.scale_stage(team, leads) == stage


# The six stages of lead management


def test_coverage_gives_each_stage_its_mean_and_names_the_weakest():
    # nurturing: lm-nurture 1, lm-triggered-nurture 2 -> 1.5; pursuit: 2 and 2 -> 2.0;
    # the rest 4.
    maturity = lead_management(
        lm_nurture=1, lm_triggered_nurture=2, lm_stage_owners=2, lm_follow_up=2
    )
    result = score_v2(maturity=maturity)
    coverage = {c.stage: (c.count, c.mean) for c in result.coverage}
    assert coverage == {
        "generation": (2, 4.0),
        "qualification": (4, 4.0),
        "nurturing": (2, 1.5),
        "distribution": (3, 4.0),
        "pursuit": (2, 2.0),
        "tracking": (5, 4.0),
    }
    assert [c.stage for c in result.coverage] == list(scoring.LM_STAGES)
    assert result.weakest_stage == "nurturing"


def test_on_a_tie_the_earlier_stage_is_the_weakest():
    maturity = lead_management(
        lm_team=2, lm_inquiry_sources=2, lm_nurture=2, lm_triggered_nurture=2
    )
    assert score_v2(maturity=maturity).weakest_stage == "generation"


def test_statements_without_a_stage_give_no_coverage():
    maturity = [
        Statement(code=f"lm-{i}", rating=3, phase=phase, position=i)
        for i, phase in enumerate((2, 2, 3, 3, 4, 4))
    ]
    result = scoring.score(
        relationship=relationship(3), maturity=maturity, diagnostics=ALL_YES
    )
    assert (result.coverage, result.weakest_stage) == ((), None)


# Numbers that contradict answers


@pytest.mark.parametrize(
    ("claimed", "mqls", "sals", "flagged"),
    [
        (4, 100, 30, True),  # 0.30 < 0.7
        (5, 100, 69, True),
        (4, 100, 70, False),  # 0.70 is not below 0.7
        (3, 100, 30, False),  # written down, not used: no claim
        (4, None, 30, False),
    ],
)
def test_a_claimed_acceptance_ratio_near_1_against_the_numbers(
    claimed, mqls, sals, flagged
):
    result = score_v2(
        maturity=lead_management(lm_acceptance_ratio=claimed),
        numbers=Numbers(mqls=mqls, sals=sals),
    )
    found = [c for c in result.checks if c.code == "numbers_contradict_answers"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].codes == ("lm-acceptance-ratio",)
        assert found[0].detail == {"acceptance": round(sals / mqls, 2)}


@pytest.mark.parametrize(
    ("share", "flagged"), [(40, True), (49, True), (50, False), (None, False)]
)
def test_traced_deals_against_the_share_with_a_known_source(share, flagged):
    result = score_v2(numbers=Numbers(known_source_share=share))
    found = [c for c in result.checks if c.code == "numbers_contradict_answers"]
    assert bool(found) is flagged
    if flagged:
        assert found[0].codes == ("diag-5",)
        assert found[0].detail == {"known_source_share": share}


def test_checks_come_in_the_order_shown():
    # Stage 1 (all No but diag-4 and diag-5), every statement 3 (level 3, paper),
    # a team of 50, ratio 0.2 against a claim of 4, experiments without criteria.
    diagnostics = {**ALL_NO, "diag-4": True, "diag-5": True}
    maturity = lead_management(3, lm_acceptance_ratio=4)
    result = score_v2(
        maturity=maturity,
        diagnostics=diagnostics,
        revenue_team_size=50,
        numbers=Numbers(mqls=100, sals=20),
    )
    assert codes(result) == [
        "grid_ahead_of_stage",
        "paper_not_lived",
        "skipped_stages",
        "scale_above_stage",
        "numbers_contradict_answers",
        "later_stage_evidence",
    ]
    assert check(result, "later_stage_evidence").codes == ("diag-5",)


# Levels mean what they say (definition-and-use scale)


def test_every_practice_only_talked_about_is_not_defined_terminology():
    # All 2 ("talked about, not written down"), relationship all 1: before, level 2
    # "Defined lead management terminology", above the path with no warning.
    result = score_v2(rel=1, maturity=lead_management(2))

    assert result.maturity.level == 1
    assert result.verdict.code is VerdictCode.ON_PATH


def test_written_down_counts_as_defined():
    assert score_v2(maturity=lead_management(3, lm_team=4)).maturity.level == 3


def test_the_top_level_needs_the_dedicated_team_in_use():
    without_team = score_v2(rel=5, maturity=lead_management(5, lm_team=3))
    with_team = score_v2(rel=5, maturity=lead_management(5, lm_team=4))

    assert without_team.maturity.level == 3
    assert without_team.y == pytest.approx(2.99)
    assert with_team.maturity.level == 4


def test_criteria_in_the_system_while_only_talked_about_is_named():
    result = score_v2(maturity=lead_management(4, lm_criteria=2))

    assert check(result, "diagnostic_without_practice").codes == (
        "diag-2",
        "lm-criteria",
    )
    assert "diagnostic_without_practice" not in codes(
        score_v2(maturity=lead_management(4, lm_criteria=3))
    )


def test_stage_3_with_most_practices_on_paper_is_named():
    on_paper = lead_management(3, lm_team=4)
    stage_3 = {**ALL_YES, "diag-4": False}

    assert check(score_v2(maturity=on_paper, diagnostics=stage_3), "stage_on_paper")
    assert "stage_on_paper" not in codes(
        score_v2(
            maturity=on_paper,
            diagnostics={**ALL_YES, "diag-1": False, "diag-ownership": True},
        )
    )


def test_no_weakest_stage_when_all_are_equal():
    assert score_v2(maturity=lead_management(3)).weakest_stage is None
    assert score_v2(maturity=lead_management(3, lm_nurture=2)).weakest_stage == (
        "nurturing"
    )
