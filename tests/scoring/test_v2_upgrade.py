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
    # Relationship queue: rel-05 (2), then the 4s. Lead-management strand: phase 4
    # is the first not reached (D = 3 < 4), so first the earlier practice not yet
    # written down, lm-qualify-first (2), then the department statements (3) from
    # lm-team on; lm-handover-roles (3) comes after them, the mostly used 4s never.
    # Merged by rating, relationship first on a tie: rel-05, lm-qualify-first, lm-team.
    rel = [4] * 20
    rel[4] = 2
    maturity = lead_management(lm_handover_roles=3, lm_qualify_first=2)
    maturity = [
        s if s.phase != 4 else Statement(s.code, 3, s.phase, s.position, s.lm_stage)
        for s in maturity
    ]
    result = score_v2(rel=rel, maturity=maturity)
    assert result.verdict.code is VerdictCode.ON_PATH
    assert result.upgrade.weakest == ("rel-05", "lm-qualify-first", "lm-team")


def test_upgrade_texts_follow_the_seed():
    one = scoring.STAGE_UPGRADES[1]["requirements"]
    assert "responsible for each stage" in one[0]
    assert "SLA" in one[1]
    two = " ".join(scoring.STAGE_UPGRADES[2]["requirements"])
    assert "SLAs" in two and "nurture sequences" in two
    assert "marketing automation platform to the CRM with write-back" in two


def _phases(t, p, d, **overrides):
    """The 18 v2 statements rated by phase, with single statements overridden."""
    named = {code.replace("_", "-"): value for code, value in overrides.items()}
    return [
        Statement(
            s.code,
            named.get(s.code, {2: t, 3: p, 4: d}[s.phase]),
            s.phase,
            s.position,
            s.lm_stage,
        )
        for s in lead_management()
    ]


def test_terminology_in_use_and_no_process_starts_with_the_process():
    # lm-criteria at 4 (written down and mostly used), the other terminology
    # practices 3, every process and department practice "not in place" (1). The
    # first phase not reached is the process: its practices come first, lowest
    # first, and the practice already in use is never proposed.
    result = score_v2(rel=5, maturity=_phases(3, 1, 1, lm_criteria=4))

    assert result.upgrade.weakest == ("lm-qualify-first", "lm-nurture", "lm-hand-back")
    assert "lm-criteria" not in result.upgrade.lead_management_strand


def test_a_practice_not_in_place_in_the_first_open_phase_is_among_the_first_three():
    # Relationship 1, 1, 1 then 3s: level 2. Terminology 4, process 2 with no
    # hand-back (1), department 4: on the path at (2, 2). Merged by rating with
    # the relationship first on a tie, the three would be rel-01..03; the process
    # practice "not in place" (seed 002's top issue) takes the third place.
    rel = [1, 1, 1] + [3] * 17
    result = score_v2(rel=rel, maturity=_phases(4, 2, 4, lm_hand_back=1))

    assert result.verdict.code is VerdictCode.ON_PATH
    assert result.upgrade.weakest == ("rel-01", "rel-02", "lm-hand-back")
    assert result.upgrade.relationship_strand == ("rel-01", "rel-02", "rel-03")


def test_a_stage_1_path_starts_with_lead_management_before_relationship_advice():
    # On the path at (2, 2) with the process not reached; at Stage 1 the
    # lead-management strand goes first although the relationship ties at 2.
    no = {**dict.fromkeys(scoring.DIAGNOSTIC_CODES, False), "diag-ownership": False}
    stage_1 = score_v2(rel=2, maturity=_phases(3, 2, 1), diagnostics=no)
    stage_4 = score_v2(rel=2, maturity=_phases(3, 2, 1))

    assert stage_1.stage.number == 1
    assert stage_1.upgrade.weakest == ("lm-qualify-first", "lm-nurture", "lm-hand-back")
    assert stage_4.upgrade.weakest == ("rel-01", "rel-02", "rel-03")
