"""Team rules of the pure scoring module: combined ratings, majority diagnostics and
the marketing-sales perception gap. No database: statements are built by hand with
the codes and order of questionnaire version 1 (rel-01..rel-20, lm-t1..lm-d5)."""

import pytest

from assessments import scoring
from assessments.scoring import Statement

REL_CODES = [f"rel-{n:02d}" for n in range(1, 21)]
LM_CODES = [
    (f"lm-{letter}{n}", phase)
    for letter, phase in (("t", 2), ("p", 3), ("d", 4))
    for n in range(1, 6)
]
ALL_YES = dict.fromkeys(scoring.DIAGNOSTIC_CODES, True)


def relationship(ratings=None, *, default=3, **overrides):
    """20 relationship statements: a list of ratings, or one default plus
    overrides by statement number (r7=1 sets rel-07 to 1)."""
    if ratings is None:
        ratings = [default] * 20
        for key, value in overrides.items():
            ratings[int(key[1:]) - 1] = value
    assert len(ratings) == 20
    return [
        Statement(code=code, rating=rating, position=position)
        for position, (code, rating) in enumerate(zip(REL_CODES, ratings, strict=True))
    ]


def maturity(t, p, d):
    """15 maturity statements, every statement of a phase rated alike."""
    by_phase = {2: t, 3: p, 4: d}
    return [
        Statement(code=code, rating=by_phase[phase], phase=phase, position=20 + i)
        for i, (code, phase) in enumerate(LM_CODES)
    ]


def score(rel, mat, diagnostics=ALL_YES):
    return scoring.score(relationship=rel, maturity=mat, diagnostics=diagnostics)


def diagnostics(*no, ownership=None):
    """The five answers, "No" for the codes given; the follow-up when given."""
    answers = {code: code not in no for code in scoring.DIAGNOSTIC_CODES}
    if ownership is not None:
        answers[scoring.OWNERSHIP_CODE] = ownership
    return answers


# --- team_statements ---------------------------------------------------------


def test_team_statements_rate_each_code_with_the_median_of_the_respondents():
    first = [
        Statement("lm-t1", 1, phase=2, position=20),
        Statement("lm-p1", 5, phase=3, position=25),
    ]
    second = [
        Statement("lm-t1", 4, phase=2, position=20),
        Statement("lm-p1", 5, phase=3, position=25),
    ]
    third = [
        Statement("lm-t1", 2, phase=2, position=20),
        Statement("lm-p1", 2, phase=3, position=25),
    ]

    team = {s.code: s for s in scoring.team_statements([first, second, third])}

    # lm-t1: median of 1, 4, 2 = 2 (the mean would be 7/3); lm-p1: of 5, 5, 2 = 5.
    assert team["lm-t1"].rating == 2
    assert team["lm-p1"].rating == 5
    assert team["lm-t1"].ratings == (1, 2, 4)
    # Phase and questionnaire position are kept: the maturity rule and the tie
    # orders need them.
    assert (team["lm-t1"].phase, team["lm-t1"].position) == (2, 20)
    assert (team["lm-p1"].phase, team["lm-p1"].position) == (3, 25)


def test_one_outlier_of_three_does_not_lift_the_team_a_level():
    # One member rates everything 5, two rate everything 2: the mean (3.0) would put
    # the team at level 3 on both axes; the median keeps it at level 2.
    outlier = (relationship(default=5), maturity(5, 5, 5))
    others = [(relationship(default=2), maturity(2, 2, 2))] * 2
    members = [outlier, *others]

    team = score(
        scoring.team_statements([m[0] for m in members]),
        scoring.team_statements([m[1] for m in members]),
    )

    assert (team.relationship.level, team.maturity.level) == (2, 2)


def test_ratings_two_steps_apart_are_listed_as_splits():
    a = [Statement("rel-01", 5, position=0), Statement("rel-02", 3, position=1)]
    b = [Statement("rel-01", 3, position=0), Statement("rel-02", 4, position=1)]

    assert scoring.split_statements(scoring.team_statements([a, b])) == ("rel-01",)


def test_a_team_of_one_is_scored_exactly_like_its_respondent():
    rel, mat = relationship(default=2, r5=5), maturity(4, 3, 1)
    alone = score(rel, mat)
    team = score(scoring.team_statements([rel]), scoring.team_statements([mat]))
    assert team == alone


def test_two_members_team_x_is_the_mean_of_their_x():
    # With two respondents the median of each statement is the mean of the two.
    ratings = [
        relationship(default=4, r1=1, r2=4),  # sum 77, x = 77/20 - 1 = 2.85
        relationship(default=2, r20=5),  # sum 43, x = 1.15
    ]
    individual = [scoring.relationship_position(r).value for r in ratings]

    team = scoring.relationship_position(scoring.team_statements(ratings))

    assert team.value == pytest.approx(sum(individual) / 2) == pytest.approx(2.0)
    assert team.level == 3


def test_team_y_is_not_the_mean_of_the_individual_y():
    # A: T = 5, P = 1, D = 1 -> E = min(5, max(1, 2), max(1, 3)) = 2 -> y = 1.
    # B: T = 1, P = 5, D = 5 -> E = min(1, ...) = 1 -> y = 0.
    # Pooled: T = P = D = 3 -> E = min(3, 3, 3) = 3 -> y = 2, not (1 + 0) / 2.
    a, b = maturity(5, 1, 1), maturity(1, 5, 5)
    assert scoring.maturity_position(a).value == 1.0
    assert scoring.maturity_position(b).value == 0.0

    team = scoring.maturity_position(scoring.team_statements([a, b]))

    assert team.value == 2.0
    assert team.level == 3


# --- team_diagnostics --------------------------------------------------------


def test_a_diagnostic_is_yes_for_the_team_on_a_strict_majority():
    answers = [
        diagnostics("diag-2", "diag-4", ownership=True),
        diagnostics("diag-2"),
        diagnostics("diag-1", "diag-4", ownership=True),
    ]

    team = scoring.team_diagnostics(answers)

    assert team["diag-1"] is True  # 2 of 3
    assert team["diag-2"] is False  # 1 of 3
    assert team["diag-3"] is True  # 3 of 3
    assert team["diag-4"] is False  # 1 of 3
    assert team["diag-5"] is True


def test_a_tie_counts_as_no():
    team = scoring.team_diagnostics(
        [diagnostics("diag-4"), diagnostics(), diagnostics(), diagnostics("diag-4")]
    )
    assert team["diag-4"] is False  # 2 of 4 is not more than half
    assert scoring.stage_for(team).number == 3


def test_respondents_not_asked_the_ownership_question_count_as_yes():
    # Stage 4 and stage 3 respondents were not asked; they count as "Yes".
    # The stage 2 respondent said "No": 2 of 3 say "Yes".
    answers = [
        diagnostics(),
        diagnostics("diag-4"),
        diagnostics("diag-3", ownership=False),
    ]
    assert scoring.team_diagnostics(answers)[scoring.OWNERSHIP_CODE] is True

    # One implicit "Yes" against one explicit "No" is a tie: "No".
    tie = [diagnostics(), diagnostics("diag-3", ownership=False)]
    team = scoring.team_diagnostics(tie)
    assert team[scoring.OWNERSHIP_CODE] is False
    # diag-3 is a tie too, so the team is capped at 2 and lands at stage 1.
    assert team["diag-3"] is False
    assert scoring.stage_for(team).number == 1


def test_an_ownership_answer_given_above_cap_2_is_ignored_as_in_a_single_response():
    # A stage 4 respondent's stored "No" to the follow-up does not count: it was
    # never asked, so they vote "Yes" with the stage 2 respondent who said "Yes".
    answers = [diagnostics(ownership=False), diagnostics("diag-1", ownership=True)]
    team = scoring.team_diagnostics(answers)
    assert team[scoring.OWNERSHIP_CODE] is True
    assert scoring.stage_for(team).number == 2


def test_diagnostic_votes_count_yes_per_question():
    a = {**ALL_YES}  # stage 4: not asked the follow-up, counts as Yes
    b = {**ALL_YES, "diag-3": False, "diag-ownership": False}
    c = {**ALL_YES, "diag-3": False, "diag-4": False, "diag-ownership": True}
    votes = scoring.diagnostic_votes([a, b, c])
    assert votes["diag-3"] == (1, 3)
    assert votes["diag-4"] == (2, 3)
    assert votes["diag-1"] == (3, 3)
    assert votes["diag-ownership"] == (2, 3)


# --- perception_gap ----------------------------------------------------------


def marketing_and_sales():
    """Marketing rates every relationship statement 4; sales rates them 2, except
    rel-03 = 4, rel-07 = 1, rel-12 = 3 and rel-18 = 5."""
    marketing = (relationship(default=4), maturity(3, 3, 2))
    sales = (relationship(default=2, r3=4, r7=1, r12=3, r18=5), maturity(3, 2, 1))
    return marketing, sales


def test_perception_gap_matches_a_hand_calculation():
    (m_rel, m_mat), (s_rel, s_mat) = marketing_and_sales()
    marketing, sales = score(m_rel, m_mat), score(s_rel, s_mat)

    gap = scoring.perception_gap(
        first=marketing,
        second=sales,
        first_statements=m_rel + m_mat,
        second_statements=s_rel + s_mat,
    )

    # Marketing x: mean 4 -> x = 3.0, level 4 (Integrated).
    # Sales x: sum = 16 * 2 + 4 + 1 + 3 + 5 = 45, mean 2.25 -> x = 1.25, level 2.
    assert (gap.x_first, gap.x_second) == (3.0, 1.25)
    assert gap.x_gap == 1.75
    assert gap.relationship_levels == 2
    # Marketing y: T = 3, P = 3, D = 2 -> E = min(3, max(3, 2), max(2, 3)) = 3
    #   -> y = 2.0, level 3.
    # Sales y: T = 3, P = 2, D = 1 -> E = min(3, max(2, 2), max(1, 3)) = 2
    #   -> y = 1.0, level 2.
    assert (gap.y_first, gap.y_second) == (2.0, 1.0)
    assert gap.y_gap == 1.0
    assert gap.maturity_levels == 1
    # Differences of the two ratings: rel-07 |4 - 1| = 3; the other 16 plain
    # relationship statements |4 - 2| = 2; rel-12 and rel-18 1; rel-03 0; the
    # lm-p* and lm-d* statements 1; lm-t* 0. Largest first, ties in questionnaire
    # order: rel-07, then the first two of the 2s, rel-01 and rel-02.
    assert [(d.code, d.first, d.second, d.difference) for d in gap.disagreements] == [
        ("rel-07", 4, 1, 3),
        ("rel-01", 4, 2, 2),
        ("rel-02", 4, 2, 2),
    ]


def test_only_differences_of_a_full_rating_step_are_disagreements():
    # Team means: marketing rel-05 = (4 + 5) / 2 = 4.5 against sales 3 -> 1.5;
    # rel-09 = (3 + 4) / 2 = 3.5 against 3 -> 0.5, below one step; rel-14 4 against
    # 3 -> exactly 1, kept. Everything else is rated 3 by all.
    m_rel = scoring.team_statements(
        [
            relationship(default=3, r5=4, r9=3, r14=4),
            relationship(default=3, r5=5, r9=4, r14=4),
        ]
    )
    s_rel = relationship(default=3)
    mat = maturity(3, 3, 3)
    gap = scoring.perception_gap(
        first=score(m_rel, mat),
        second=score(s_rel, mat),
        first_statements=m_rel + mat,
        second_statements=s_rel + mat,
    )
    assert [(d.code, d.first, d.second) for d in gap.disagreements] == [
        ("rel-05", 4.5, 3),
        ("rel-14", 4, 3),
    ]
    # Marketing sum = 17 * 3 + 4.5 + 3.5 + 4 = 63, mean 3.15 -> x = 2.15;
    # sales x = 2.0.
    assert gap.x_gap == 0.15
    assert gap.relationship_levels == 0


def test_identical_answers_have_no_gap_and_no_disagreements():
    rel, mat = relationship(default=2, r4=5, r11=1), maturity(4, 2, 1)
    result = score(rel, mat)
    gap = scoring.perception_gap(
        first=result,
        second=score(list(rel), list(mat)),
        first_statements=rel + mat,
        second_statements=rel + mat,
    )
    assert gap.disagreements == ()
    assert (gap.x_gap, gap.y_gap) == (0, 0)
    assert (gap.relationship_levels, gap.maturity_levels) == (0, 0)


def test_equal_differences_of_fractional_means_keep_questionnaire_order():
    # Three marketers rate rel-01 1, 1, 1 and rel-02 2, 3, 2 (mean 7/3); three
    # sellers rate rel-01 2, 2, 2 and rel-02 1, 2, 1 (mean 4/3). Both differ by
    # exactly one step, so rel-01 comes first.
    def rel(r1, r2):
        return relationship(default=3, r1=r1, r2=r2)

    m_rel = scoring.team_statements([rel(1, 2), rel(1, 3), rel(1, 2)])
    s_rel = scoring.team_statements([rel(2, 1), rel(2, 2), rel(2, 1)])
    mat = maturity(3, 3, 3)
    gap = scoring.perception_gap(
        first=score(m_rel, mat),
        second=score(s_rel, mat),
        first_statements=m_rel + mat,
        second_statements=s_rel + mat,
    )
    assert [d.code for d in gap.disagreements] == ["rel-01", "rel-02"]


# --- team_stage --------------------------------------------------------------


def test_team_stage_never_exceeds_what_half_the_members_reach():
    # Each member says No to a different one of diag-1..3: each is Stage 2, and the
    # per-question majority says Yes to all five (Stage 4).
    answers = [
        diagnostics("diag-1", ownership=True),
        diagnostics("diag-2", ownership=True),
        diagnostics("diag-3", ownership=True),
    ]
    assert scoring.stage_for(scoring.team_diagnostics(answers)).number == 4

    stage = scoring.team_stage(answers)

    assert (stage.number, stage.limited_by_members) == (2, True)
    assert scoring.stage_spread(answers) == {1: 0, 2: 3, 3: 0, 4: 0}


@pytest.mark.parametrize(
    ("stages", "expected"),
    [([2, 2, 2], 2), ([4, 4, 1], 4), ([4, 1, 1], 1), ([4, 3, 2, 1], 3), ([4, 1], 4)],
)
def test_members_stage_is_the_highest_stage_half_the_members_reach(stages, expected):
    assert scoring.members_stage(stages) == expected


def test_team_stage_is_the_majority_stage_when_half_reach_it():
    answers = [diagnostics(), diagnostics(), diagnostics("diag-4")]

    stage = scoring.team_stage(answers)

    assert (stage.number, stage.limited_by_members) == (4, False)
