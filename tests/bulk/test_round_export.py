"""`export_results --rounds`: one row per round with the team result and the gap."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from assessments.bulk.exports.columns import NUMBER_COLUMNS
from assessments.organisations import rounds
from tests.factories import answers_for, make_response, make_round

pytestmark = pytest.mark.django_db

GAP_FIELDS = (
    "marketing_x",
    "marketing_y",
    "sales_x",
    "sales_y",
    "gap_x",
    "gap_y",
    "gap_relationship_levels",
    "gap_maturity_levels",
    "disagreements",
)


def run(*args):
    out = io.StringIO()
    call_command("export_results", "--rounds", *args, stdout=out)
    return out.getvalue()


def rows_json():
    return {row["organisation"]: row for row in json.loads(run())}


def rows_csv():
    return {
        row["organisation"]: row
        for row in csv.DictReader(io.StringIO(run("--format", "csv")))
    }


def marketing_answers():
    # Relationship all 4; terminology 3, process 3, department 2; all five "Yes".
    return answers_for(relationship=4, maturity={2: 3, 3: 3, 4: 2})


def sales_answers():
    # Relationship 2 except rel-03 = 4, rel-07 = 1, rel-12 = 3, rel-18 = 5;
    # terminology 3, process 2, department 1; "No" to diag-3, ownership "Yes".
    answers = answers_for(
        relationship=2,
        maturity={2: 3, 3: 2, 4: 1},
        diagnostics={"diag-3": 0},
        ownership=1,
    )
    answers.update({"rel-03": 4, "rel-07": 1, "rel-12": 3, "rel-18": 5})
    return answers


@pytest.fixture
def team_round():
    round_ = make_round(year=2025)
    make_response(
        round=round_, role="marketing", answers=marketing_answers(), submitted=True
    )
    make_response(round=round_, role="sales", answers=sales_answers(), submitted=True)
    return round_


def test_a_team_round_exports_the_combined_point_and_the_gap(team_round):
    rounds.round_close(round=team_round)

    row = rows_json()[team_round.organisation.name]

    # Hand calculation.
    # x: marketing sum 80 (x = 3.0, level 4); sales sum 16 * 2 + 4 + 1 + 3 + 5 = 45
    #    (x = 1.25, level 2). Team ratings are the per-statement means, so the team
    #    sum is (80 + 45) / 2 = 62.5, mean 3.125 -> x = 2.125, level 3 (Aligned).
    # y: team T = (3 + 3) / 2 = 3, P = (3 + 2) / 2 = 2.5, D = (2 + 1) / 2 = 1.5;
    #    on the definition-and-use scale 2.5 (half "talked about") counts as 2 and
    #    1.5 as 1: E = min(3, max(2, 2), max(1, 3)) = 2 -> y = 1.0, level 2.
    # Verdict: maturity level 2 < relationship level 3 -> below the path.
    # Stage: diag-3 is "Yes" for 1 of 2, a tie, so "No" -> cap 2. Ownership: sales
    #    said "Yes", marketing (stage 4, never asked) counts as "Yes" -> stage 2.
    # Gap: marketing (3.0, 2.0) against sales (1.25, 1.0) (see the marketing y:
    #    min(3, 3, max(2, 3)) = 3 -> y = 2.0, level 3; sales y: min(3, 2, 3) = 2 ->
    #    y = 1.0, level 2), so |dx| = 1.75, |dy| = 1.0, levels 4 - 2 = 2 and 3 - 2 = 1.
    # Disagreements: rel-07 differs by 3, the other plain relationship statements
    #    by 2 (first in order: rel-01, rel-02); the rest by 1 or 0.
    assert row == {
        "organisation": team_round.organisation.name,
        "year": 2025,
        "industry": "Software",
        "revenue_team_size": 12,
        "monthly_lead_volume": 500,
        "questionnaire_version": team_round.questionnaire.version,
        "responses": 2,
        "closed": True,
        "x": 2.125,
        "y": 1.0,
        "relationship_level": 3,
        "relationship": "Aligned",
        "maturity_level": 2,
        "maturity": "Defined lead management terminology",
        "stage": 2,
        "stage_name": "Defined",
        "verdict": "below_path",
        "marketing_x": 3.0,
        "marketing_y": 2.0,
        "sales_x": 1.25,
        "sales_y": 1.0,
        "gap_x": 1.75,
        "gap_y": 1.0,
        "gap_relationship_levels": 2,
        "gap_maturity_levels": 1,
        "disagreements": ["rel-07", "rel-01", "rel-02"],
        # Version 2's definition-and-use scale: both chose 3 on every terminology
        # statement and one of the two on every process statement, so at least half
        # chose "written down, not used" on 12 of 18 -> paper_not_lived. diag-4 "Yes" (2 of 2)
        # evidences stage 4 > 2 + 1 with the criteria encoded (diag-2 "Yes"): a note.
        "checks": ["paper_not_lived", "later_stage_evidence"],
        # Below the path towards (3, 3): terminology is reached (3), the process
        # (2.5) is the first phase not reached, so its first three statements.
        "actions": ["lm-qualify-first", "lm-nurture", "lm-hand-back"],
        **dict.fromkeys(NUMBER_COLUMNS),
    }


def test_csv_has_the_round_columns_and_joins_the_disagreements(team_round):
    output = run("--format", "csv")
    header = output.splitlines()[0].split(",")
    assert header == [
        "organisation",
        "year",
        "industry",
        "revenue_team_size",
        "monthly_lead_volume",
        "questionnaire_version",
        "responses",
        "closed",
        "x",
        "y",
        "relationship_level",
        "relationship",
        "maturity_level",
        "maturity",
        "stage",
        "stage_name",
        "verdict",
        *GAP_FIELDS,
        "checks",
        "actions",
        *NUMBER_COLUMNS,
    ]
    row = rows_csv()[team_round.organisation.name]
    assert row["checks"] == "paper_not_lived;later_stage_evidence"
    assert (row["responses"], row["closed"]) == ("2", "False")
    assert (row["x"], row["y"], row["stage"], row["verdict"]) == (
        "2.125",
        "1.0",
        "2",
        "below_path",
    )
    assert [row[field] for field in GAP_FIELDS] == [
        "3.0",
        "2.0",
        "1.25",
        "1.0",
        "1.75",
        "1.0",
        "2",
        "1",
        "rel-07;rel-01;rel-02",
    ]


def test_a_round_with_one_response_shows_its_result_and_no_gap():
    round_ = make_round()
    response = make_response(
        round=round_, role="sales", answers=sales_answers(), submitted=True
    )

    row = rows_json()[round_.organisation.name]

    # The response's own result: x = 1.25 (level 2), y = 1.0 (level 2), on the
    # path; diag-3 "No" with ownership "Yes" -> stage 2.
    assert (row["responses"], row["x"], row["y"]) == (1, 1.25, 1.0)
    assert (row["x"], row["y"]) == (response.x, response.y)
    assert (row["stage"], row["verdict"]) == (response.stage, response.verdict)
    assert (row["stage"], row["verdict"]) == (2, "on_path")
    assert all(row[field] is None for field in GAP_FIELDS)

    csv_row = rows_csv()[round_.organisation.name]
    assert all(csv_row[field] == "" for field in GAP_FIELDS)


def test_a_draft_response_is_not_counted():
    round_ = make_round()
    make_response(
        round=round_, role="marketing", answers=marketing_answers(), submitted=True
    )
    # A sales colleague has saved every answer but not submitted.
    make_response(round=round_, role="sales", answers=sales_answers())
    # A round with nothing submitted has no row at all.
    draft_only = make_round()
    make_response(round=draft_only, role="sales", answers=sales_answers())

    rows = rows_json()

    assert draft_only.organisation.name not in rows
    row = rows[round_.organisation.name]
    assert row["responses"] == 1
    # Marketing alone: x = 3.0, y = 2.0, no gap although a sales draft exists.
    assert (row["x"], row["y"]) == (3.0, 2.0)
    assert row["gap_x"] is None
    assert row["disagreements"] is None


def test_queries_grow_with_neither_rounds_nor_respondents(
    django_assert_num_queries, team_round
):
    # Three streams read side by side (rounds; their responses with numbers; the
    # answers), whatever the number of rounds or respondents; the published
    # questionnaire is loaded once per process.
    run()
    with django_assert_num_queries(3):
        run()
    other = make_round()
    for role in ("marketing", "sales", "sales", "lead_management"):
        make_response(round=other, role=role, answers=sales_answers(), submitted=True)
    with django_assert_num_queries(3):
        run()
