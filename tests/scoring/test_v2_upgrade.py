"""Assessment v2 upgrade path: sequential, phase first, and its texts from the seed
(docs/scoring.md, scoring/upgrade.py)."""

from assessments import scoring
from assessments.scoring import Statement, VerdictCode
from tests.scoring.v2_helpers import lead_management, score_v2

# The upgrade path is sequential


def test_below_the_path_the_first_phase_not_reached_comes_before_department_work():
    # The profile: integrated relationship (all 5, level 4), terminology in
    # place (5), weak process (2), no department (1). E = min(5, 2, 3) = 2 -> level 2,
    # below the path, milestone 4. By rating alone the department statements (1)
    # would come first; phase first gives the process statements (2) in order.
    maturity = lead_management(5)
    maturity = [
        Statement(
            code=s.code,
            rating={2: 5, 3: 2, 4: 1}[s.phase],
            phase=s.phase,
            position=s.position,
            lm_stage=s.lm_stage,
        )
        for s in maturity
    ]
    result = score_v2(rel=5, maturity=maturity)
    assert result.verdict.code is VerdictCode.BELOW_PATH
    assert result.upgrade.weakest == ("lm-qualify-first", "lm-nurture", "lm-hand-back")


def test_on_the_path_relationship_and_phases_are_merged_by_rating():
    # x: 19 x 4 + 2 = 78 -> level 3. y: T = (4 * 4 + 3) / 5 = 3.8, P = (2 + 6 * 4) / 7
    # = 3.71, D = 3 -> E = 3, level 3 -> on the path; pool: everything.
    # Relationship queue: rel-05 (2), then the 4s. Lead-management queue, phase first:
    # lm-handover-roles (3), the other terminology 4s, then lm-qualify-first (2)...
    # Merged by rating, relationship first on a tie: rel-05, lm-handover-roles, rel-01.
    rel = [4] * 20
    rel[4] = 2
    maturity = lead_management(lm_handover_roles=3, lm_qualify_first=2)
    maturity = [
        s if s.phase != 4 else Statement(s.code, 3, s.phase, s.position, s.lm_stage)
        for s in maturity
    ]
    result = score_v2(rel=rel, maturity=maturity)
    assert result.verdict.code is VerdictCode.ON_PATH
    assert result.upgrade.weakest == ("rel-05", "lm-handover-roles", "rel-01")


def test_upgrade_texts_follow_the_seed():
    one = scoring.STAGE_UPGRADES[1]["requirements"]
    assert "responsible for each stage" in one[0]
    assert "SLA" in one[1]
    two = " ".join(scoring.STAGE_UPGRADES[2]["requirements"])
    assert "SLAs" in two and "nurture sequences" in two
    assert "marketing automation platform to the CRM with write-back" in two
