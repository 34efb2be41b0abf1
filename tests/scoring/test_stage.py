"""The stage from the five diagnostics and the ownership follow-up
(scoring/stage.py)."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import ScoringError
from tests.scoring.helpers import ALL_YES, DIAG


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
