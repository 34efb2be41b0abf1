"""The upgrade path: the next stage's requirements and time, and the weakest
statements as actions (scoring/upgrade.py)."""

from assessments.scoring import VerdictCode
from tests.scoring.helpers import ALL_YES, score


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
