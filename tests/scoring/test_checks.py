"""The consistency checks on version 1 answers: skipped stages and phases, and scale
(scoring/checks.py)."""

import pytest

from assessments import scoring
from tests.scoring.helpers import ALL_YES, DIAG, score


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


def test_a_phase_mean_just_under_its_threshold_by_float_noise_counts_as_reached():
    # A process mean of 3 computed as 2.9999999999999996 (as 63 / 21 can come out)
    # with the department reached: phase 3 is reached, so no phase is skipped.
    noisy = 3 - 4.440892098500626e-16
    statements = [scoring.Statement("t1", 4, phase=2)]
    statements += [scoring.Statement("p1", noisy, phase=3)]
    statements += [scoring.Statement("d1", 4, phase=4)]
    assert scoring.phase_means(statements)[3] < 3

    result = scoring.score(
        relationship=[scoring.Statement(f"rel-{i}", 3, position=i) for i in range(20)],
        maturity=statements,
        diagnostics=dict.fromkeys(scoring.DIAGNOSTIC_CODES, True),
    )

    assert "skipped_phases" not in [c.code for c in result.checks]
