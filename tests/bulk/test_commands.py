import csv
import io
import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from assessments.bulk.exports.columns import NUMBER_COLUMNS
from assessments.models import Answer, Organisation, Response, Round
from assessments.questionnaire.data import questionnaire_current
from tests.factories import answers_for, make_response

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def write(tmp_path, payload):
    path = tmp_path / "answers.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    return str(path)


def record(**overrides):
    fields = {
        "organisation": "Acme",
        "year": 2026,
        "respondent": "ann@acme.test",
        "role": "marketing",
        "answers": answers_for(),
    }
    fields.update(overrides)
    return fields


def test_export_questionnaire_prints_every_question_with_choices():
    document = json.loads(run("export_questionnaire"))
    assert document["version"] == 2
    questions = document["questions"]
    parts = [q["part"] for q in questions]
    assert parts.count("relationship") == 20
    assert parts.count("maturity") == 18
    codes = [q["code"] for q in questions if q["part"] == "diagnostic"]
    assert codes == ["diag-1", "diag-2", "diag-3", "diag-4", "diag-5", "diag-ownership"]
    diag = questions[-1]
    assert diag["choices"] == [
        {"value": 1, "label": "Yes"},
        {"value": 0, "label": "No"},
    ]
    assert [c["value"] for c in questions[0]["choices"]] == [1, 2, 3, 4, 5]
    assert all(q["text"] for q in questions)


def test_import_then_export_gives_the_levels_the_rules_say(tmp_path):
    records = [
        # Above the path: terminology and process lived on paper, weak relationship.
        record(answers=answers_for(relationship=2, maturity=4)),
        # Below the path, stage 1: strong relationship, no definitions, no ownership.
        record(
            respondent="bob@acme.test",
            role="sales",
            answers=answers_for(
                relationship=5,
                maturity=1,
                diagnostics={"diag-1": 0, "diag-3": 0},
                ownership=0,
            ),
        ),
        # On the path at (3, 3), stage 3 (no experiments), another organisation.
        record(
            organisation="Globex",
            year=2025,
            respondent="cy@globex.test",
            role="lead_management",
            answers=answers_for(relationship=3, maturity=3, diagnostics={"diag-4": 0}),
        ),
    ]
    output = run("import_answers", write(tmp_path, records))
    assert "Imported 3" in output
    assert Response.objects.filter(status="submitted").count() == 3

    rows = json.loads(run("export_results"))
    by_respondent = {row["respondent"]: row for row in rows}
    assert by_respondent["ann@acme.test"] == {
        "organisation": "Acme",
        "year": 2026,
        "industry": "",
        "revenue_team_size": None,
        "monthly_lead_volume": None,
        "questionnaire_version": questionnaire_current().version,
        "respondent": "ann@acme.test",
        "role": "marketing",
        "x": 1.0,
        "y": 3.0,
        "relationship_level": 2,
        "relationship": "Defined",
        "maturity_level": 4,
        "maturity": "Dedicated lead management department",
        "stage": 4,
        "stage_name": "Optimized",
        "verdict": "above_path",
        "checks": [],
        # Above the path the work is the relationship: all rated 2, in order.
        "actions": ["rel-01", "rel-02", "rel-03"],
        **dict.fromkeys(NUMBER_COLUMNS),
    }
    bob = by_respondent["bob@acme.test"]
    assert (bob["relationship_level"], bob["maturity_level"]) == (4, 1)
    assert (bob["stage"], bob["stage_name"], bob["verdict"]) == (
        1,
        "Reactive",
        "below_path",
    )
    cy = by_respondent["cy@globex.test"]
    assert (cy["x"], cy["y"], cy["stage"], cy["verdict"]) == (2.0, 2.0, 3, "on_path")

    csv_rows = list(
        csv.DictReader(io.StringIO(run("export_results", "--format", "csv")))
    )
    assert len(csv_rows) == 3
    assert list(csv_rows[0]) == [
        "organisation",
        "year",
        "industry",
        "revenue_team_size",
        "monthly_lead_volume",
        "questionnaire_version",
        "respondent",
        "role",
        "x",
        "y",
        "relationship_level",
        "relationship",
        "maturity_level",
        "maturity",
        "stage",
        "stage_name",
        "verdict",
        "checks",
        "actions",
        "inquiries",
        "mqls",
        "sals",
        "sqls",
        "won_deals",
        "hours_to_first_contact",
        "pipeline_created",
        "known_source_share",
        "ratio_inquiries_mqls",
        "ratio_mqls_sals",
        "ratio_sals_sqls",
        "ratio_sqls_won_deals",
    ]
    assert csv_rows[0]["actions"] == "rel-01;rel-02;rel-03"
    assert {row["verdict"] for row in csv_rows} == {
        "above_path",
        "below_path",
        "on_path",
    }


def bad_answers(change):
    answers = answers_for()
    change(answers)
    return answers


BAD_FILES = [
    (lambda: "[{", "file: malformed JSON"),
    (lambda: {"organisation": "Acme"}, "file: expected a JSON list"),
    (lambda: [record(), "text"], "record 2: a record must be a JSON object"),
    (
        lambda: [record(), record(respondent="x@acme.test", year=None)],
        "record 2, field 'year'",
    ),
    (lambda: [record(organisation="")], "record 1, field 'organisation'"),
    (lambda: [record(respondent="not-an-email")], "record 1, field 'respondent'"),
    (lambda: [record(role="finance")], "record 1, field 'role'"),
    (
        lambda: [record(answers=bad_answers(lambda a: a.update({"rel-99": 3})))],
        "record 1, field 'answers.rel-99': unknown question code",
    ),
    (
        lambda: [record(answers=bad_answers(lambda a: a.update({"rel-03": 6})))],
        "record 1, field 'answers.rel-03': 6 is not among the choices 1, 2, 3, 4, 5",
    ),
    (
        lambda: [record(answers=bad_answers(lambda a: a.update({"diag-2": "yes"})))],
        "record 1, field 'answers.diag-2'",
    ),
    (
        lambda: [
            record(),
            record(
                respondent="b@acme.test",
                answers=bad_answers(lambda a: a.pop("lm-nurture")),
            ),
        ],
        "record 2, field 'answers.lm-nurture': required answer missing",
    ),
    (
        lambda: [record(answers=answers_for(diagnostics={"diag-5": 0}))],
        "record 1, field 'answers.diag-ownership': required answer missing",
    ),
    (lambda: [record(), record()], "record 2, field 'respondent': same organisation"),
    (
        lambda: [{k: v for k, v in record().items() if k != "role"}],
        "record 1, field 'role': missing",
    ),
]


@pytest.mark.parametrize(("payload", "message"), BAD_FILES)
def test_a_bad_file_is_rejected_whole_and_names_record_and_field(
    tmp_path, payload, message
):
    with pytest.raises(CommandError) as error:
        run("import_answers", write(tmp_path, payload()))
    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not Organisation.objects.exists()
    assert not Round.objects.exists()
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not get_user_model().objects.exists()


def test_importing_over_a_submitted_response_is_rejected_and_keeps_it(tmp_path):
    existing = make_response(submitted=True)
    before = Answer.objects.filter(response=existing).count()
    payload = [
        record(
            organisation=existing.round.organisation.name,
            year=existing.round.year,
            respondent=existing.respondent.email,
            answers=answers_for(relationship=5),
        )
    ]
    with pytest.raises(CommandError, match="already submitted"):
        run("import_answers", write(tmp_path, payload), "--match-organisations")
    existing.refresh_from_db()
    assert existing.x == 2.0
    assert Answer.objects.filter(response=existing).count() == before


def test_import_of_a_missing_file_fails_cleanly():
    with pytest.raises(CommandError, match="cannot read"):
        run("import_answers", "/nonexistent/answers.json")


def test_import_answers_exits_non_zero_without_traceback(tmp_path):
    path = write(tmp_path, "[{")
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_answers", path],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_DEBUG": "1"},
        check=False,
    )
    assert completed.returncode != 0
    assert "file: malformed JSON" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "file: unreadable JSON"),
        ('[{"year": ' + "9" * 5000 + "}]", "file: unreadable JSON"),
    ],
)
def test_pathological_json_is_rejected_without_a_traceback(tmp_path, payload, message):
    with pytest.raises(CommandError, match=message):
        run("import_answers", write(tmp_path, payload))


def test_an_email_too_long_for_a_username_is_rejected(tmp_path):
    payload = [record(respondent="a" * 141 + "@acme.test")]
    with pytest.raises(CommandError, match="record 1, field 'respondent'"):
        run("import_answers", write(tmp_path, payload))
    assert not Response.objects.exists()


def test_an_ambiguous_organisation_name_is_rejected(tmp_path):
    Organisation.objects.create(name="Acme")
    Organisation.objects.create(name="Acme")
    with pytest.raises(CommandError, match="record 1, field 'organisation': several"):
        run(
            "import_answers",
            write(tmp_path, [record()]),
            "--match-organisations",
        )
    assert not Response.objects.exists()


def test_answers_go_to_the_existing_organisation_of_that_name_when_matched(tmp_path):
    acme = Organisation.objects.create(name="Acme")
    run("import_answers", write(tmp_path, [record()]), "--match-organisations")
    assert Response.objects.get().round.organisation == acme
