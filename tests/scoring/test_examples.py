"""The worked examples of docs/scoring.md, B (version 1) and C (version 2), scored
end to end."""

from assessments import scoring
from assessments.scoring import Numbers, Statement, VerdictCode
from tests.scoring.v2_helpers import (
    ALL_NO,
    check,
    codes,
    lead_management,
    relationship,
    score_v2,
)

# docs/scoring.md, worked examples B (version 1) and C (version 2)


def test_docs_example_b_checks_and_path():
    rel = [4, 4, 3, 4, 4, 4, 2, 4, 3, 4, 3, 4, 4, 4, 3, 4, 5, 3, 4, 2]
    maturity = []
    for phase, prefix, ratings in (
        (2, "t", [2, 1, 2, 2, 2]),
        (3, "p", [3, 4, 3, 3, 3]),
        (4, "d", [2, 2, 1, 2, 2]),
    ):
        maturity += [
            Statement(f"lm-{prefix}{i}", r, phase, 20 + phase * 10 + i)
            for i, r in enumerate(ratings, start=1)
        ]
    diagnostics = {**ALL_NO, "diag-5": True}
    result = scoring.score(
        relationship=relationship(rel),
        maturity=maturity,
        diagnostics=diagnostics,
        revenue_team_size=8,
        monthly_lead_volume=150,
    )
    assert codes(result) == [
        "skipped_phases",
        "scale_above_stage",
        "later_stage_evidence",
    ]
    assert check(result, "later_stage_evidence").codes == ("diag-5",)
    assert result.upgrade.weakest == ("lm-t2", "lm-t1", "lm-t3")


def test_docs_example_c():
    on_paper = [
        "lm_qualify_first",
        "lm_nurture",
        "lm_hand_back",
        "lm_stage_owners",
        "lm_status_software",
        "lm_source_report",
    ]
    result = score_v2(
        rel=2,
        maturity=lead_management(4, **dict.fromkeys(on_paper, 3)),
        revenue_team_size=12,
        monthly_lead_volume=800,
        numbers=Numbers(inquiries=400, mqls=120, sals=36, won_deals=4),
    )
    assert (result.x, round(result.y, 2), result.maturity.level) == (1.0, 2.14, 3)
    assert result.verdict.code is VerdictCode.ABOVE_PATH
    assert result.verdict.distance == 1.14
    assert result.stage.number == 4
    assert codes(result) == ["paper_not_lived", "numbers_contradict_answers"]
    coverage = {c.stage: round(c.mean, 2) for c in result.coverage}
    assert coverage == {
        "generation": 4.0,
        "qualification": 3.75,
        "nurturing": 3.5,
        "distribution": 3.67,
        "pursuit": 3.5,
        "tracking": 3.6,
    }
    assert result.weakest_stage == "nurturing"
    assert result.upgrade.weakest == ("rel-01", "rel-02", "rel-03")
