"""Change between two results (assessments/change.py): pure, no database."""

import pytest

from assessments import scoring
from assessments.history import change
from assessments.scoring import Statement


def statements(relationship, maturity):
    """20 relationship statements and 5 per maturity phase, rated as given."""
    rel = [Statement(f"rel-{i:02d}", relationship, position=i) for i in range(1, 21)]
    mat = [
        Statement(f"lm-{phase}{i}", maturity, phase=phase, position=20 + 5 * phase + i)
        for phase in (2, 3, 4)
        for i in range(1, 6)
    ]
    return rel, mat


def scored(relationship, maturity, diagnostics):
    rel, mat = statements(relationship, maturity)
    return (
        scoring.score(relationship=rel, maturity=mat, diagnostics=diagnostics),
        rel + mat,
    )


YES = dict.fromkeys(scoring.DIAGNOSTIC_CODES, True)


def test_levels_stage_verdict_and_distance_are_compared():
    before, before_statements = scored(
        2, 2, YES | {"diag-2": False, "diag-ownership": False}
    )
    after, after_statements = scored(4, 3, YES)
    moved = change.compare(
        before=before,
        after=after,
        before_statements=before_statements,
        after_statements=after_statements,
        before_diagnostics=YES | {"diag-2": False, "diag-ownership": False},
        after_diagnostics=YES,
    )
    assert (moved.relationship_levels, moved.maturity_levels) == (2, 1)
    assert (before.stage.number, after.stage.number, moved.stage_steps) == (1, 4, 3)
    assert moved.verdict_changed
    assert before.verdict.code is scoring.VerdictCode.ON_PATH
    assert after.verdict.code is scoring.VerdictCode.BELOW_PATH
    assert moved.distance_change == round(
        after.verdict.distance - before.verdict.distance, 2
    )
    # diag-ownership was answered only in the first year: not a flip.
    assert [(f.code, f.before, f.after) for f in moved.flips] == [
        ("diag-2", False, True)
    ]
    assert len(moved.moves_up) == 35 and moved.moves_down == ()


def test_nothing_moved_when_the_answers_are_the_same():
    result, items = scored(3, 3, YES)
    moved = change.compare(
        before=result,
        after=result,
        before_statements=items,
        after_statements=items,
        before_diagnostics=YES,
        after_diagnostics=YES,
    )
    assert (moved.relationship_levels, moved.maturity_levels, moved.stage_steps) == (
        0,
        0,
        0,
    )
    assert not moved.verdict_changed
    assert moved.flips == () and moved.moves == ()


@pytest.mark.parametrize(
    ("before", "after", "counts"),
    [(2, 3, True), (4, 3, True), (2.5, 3.4, False), (2.34, 3.34, True), (1, 5, True)],
)
def test_a_rating_counts_as_moved_from_one_full_step(before, after, counts):
    moves = change.rating_moves(
        [Statement("rel-01", before)], [Statement("rel-01", after)]
    )
    assert bool(moves) is counts


def test_moves_go_both_ways_largest_first_with_both_values():
    before = [
        Statement("a", 1, position=1),
        Statement("b", 4, position=2),
        Statement("c", 2, position=3),
    ]
    after = [
        Statement("a", 3, position=1),
        Statement("b", 1, position=2),
        Statement("c", 5, position=3),
    ]
    moves = change.rating_moves(before, after)
    assert [(m.code, m.before, m.after, m.difference) for m in moves] == [
        ("b", 4, 1, -3),
        ("c", 2, 5, 3),
        ("a", 1, 3, 2),
    ]
    assert [m.code for m in change.Change(None, None, (), moves).moves_up] == ["c", "a"]


def test_statements_are_matched_by_code_and_only_where_both_years_have_them():
    before = [Statement("old-only", 1), Statement("both", 1)]
    after = [Statement("both", 5), Statement("new-only", 5)]
    assert [m.code for m in change.rating_moves(before, after)] == ["both"]


def test_diagnostic_flips_need_an_answer_in_both_years():
    flips = change.diagnostic_flips(
        {"diag-1": True, "diag-4": False, "diag-ownership": True},
        {"diag-1": True, "diag-4": True, "diag-5": False},
    )
    assert [(f.code, f.before, f.after) for f in flips] == [("diag-4", False, True)]
