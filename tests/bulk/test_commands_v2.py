"""The command-line contract of assessment v2."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessments.answering import numbers as numbers_service
from assessments.answering import responses
from assessments.models import Questionnaire, Response
from assessments.scoring import Numbers
from tests.factories import answers_for, make_response, make_round

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def write(tmp_path, records):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(records))
    return str(path)


def record(**overrides):
    return {
        "organisation": "Acme",
        "year": 2026,
        "respondent": "ann@acme.test",
        "role": "marketing",
        "answers": answers_for(),
        **overrides,
    }


def test_export_questionnaire_gives_phase_stage_and_the_five_choices():
    document = json.loads(run("export_questionnaire"))
    assert document["version"] == 2
    maturity = [q for q in document["questions"] if q["part"] == "maturity"]
    assert len(maturity) == 18
    assert {q["lm_stage"] for q in maturity} == {
        "generation",
        "qualification",
        "nurturing",
        "distribution",
        "pursuit",
        "tracking",
    }
    assert {q["phase"] for q in maturity} == {2, 3, 4}
    for question in maturity:
        assert [c["value"] for c in question["choices"]] == [1, 2, 3, 4, 5]
        assert question["choices"][2]["label"] == "Written down, not used"
    others = [q for q in document["questions"] if q["part"] != "maturity"]
    assert all("lm_stage" not in q and "phase" not in q for q in others)


def test_export_questionnaire_version_1_has_phases_and_no_stages():
    document = json.loads(run("export_questionnaire", "--questionnaire-version", "1"))
    maturity = [q for q in document["questions"] if q["part"] == "maturity"]
    assert [q["lm_stage"] for q in maturity] == [None] * 15
    assert maturity[0]["phase"] == 2


def test_import_scores_against_the_newest_version_unless_a_record_names_one(tmp_path):
    v1 = Questionnaire.objects.get(version=1)
    records = [
        record(),
        record(
            organisation="Oldco",
            version=1,
            answers=answers_for(questionnaire=v1),
        ),
    ]
    assert "Imported 2" in run("import_answers", write(tmp_path, records))
    versions = dict(
        Response.objects.values_list(
            "round__organisation__name", "round__questionnaire__version"
        )
    )
    assert versions == {"Acme": 2, "Oldco": 1}


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (lambda: [record(version=7)], "record 1, field 'version': no published"),
        (lambda: [record(version="2")], "field 'version': must be a whole number"),
        (
            # Version 1 answers named as version 2: the v1 codes are unknown there.
            lambda: [
                record(
                    version=2,
                    answers=answers_for(
                        questionnaire=Questionnaire.objects.get(version=1)
                    ),
                )
            ],
            "unknown question code in questionnaire version 2",
        ),
        (
            lambda: [
                record(),
                record(
                    respondent="bo@acme.test",
                    version=1,
                    answers=answers_for(
                        questionnaire=Questionnaire.objects.get(version=1)
                    ),
                ),
            ],
            "record 2, field 'version': record 1 answers the same round with version 2",
        ),
    ],
)
def test_a_bad_version_rejects_the_file(tmp_path, records, message):
    with pytest.raises(CommandError) as error:
        run("import_answers", write(tmp_path, records()))
    assert message in str(error.value)
    assert not Response.objects.exists()


def test_an_existing_round_keeps_its_version(tmp_path):
    v1 = Questionnaire.objects.get(version=1)
    round_ = make_round(year=2024, questionnaire=v1)

    def into_the_round(**fields):
        # The organisation exists, so the record names it by id (see import rules).
        named = record(**fields)
        del named["organisation"]
        return named | {"organisation_id": round_.organisation_id}

    with pytest.raises(CommandError) as error:
        run(
            "import_answers",
            write(tmp_path, [into_the_round(year=2024, version=2)]),
        )
    assert "the 2024 round of this organisation is answered with version 1" in str(
        error.value
    )
    run(
        "import_answers",
        write(
            tmp_path,
            [into_the_round(year=2024, answers=answers_for(questionnaire=v1))],
        ),
    )
    assert Response.objects.get().round == round_


def test_every_result_row_carries_checks_actions_and_numbers():
    # Everything "written down, not used" (3), relationship 2 -> above the path.
    response = make_response(answers=answers_for(relationship=2, maturity=3))
    numbers_service.response_save_numbers(
        response=response, numbers=Numbers(inquiries=200, mqls=50, sals=40)
    )
    responses.response_submit(response=response)
    row = json.loads(run("export_results"))[0]
    # All Yes is Stage 4 while every practice is on paper only: stage_on_paper too.
    assert row["checks"] == ["paper_not_lived", "stage_on_paper"]
    assert row["actions"] == ["rel-01", "rel-02", "rel-03"]
    assert (row["inquiries"], row["mqls"], row["sals"], row["sqls"]) == (
        200,
        50,
        40,
        None,
    )
    assert (row["ratio_inquiries_mqls"], row["ratio_mqls_sals"]) == (0.25, 0.8)
    assert row["ratio_sals_sqls"] is None
    csv_row = next(
        csv.DictReader(io.StringIO(run("export_results", "--format", "csv")))
    )
    assert csv_row["checks"] == "paper_not_lived;stage_on_paper"
    assert csv_row["actions"] == "rel-01;rel-02;rel-03"
    assert (csv_row["ratio_mqls_sals"], csv_row["sqls"]) == ("0.8", "")


def test_a_round_row_carries_the_team_numbers():
    round_ = make_round()
    for mqls, sals in ((100, 90), (60, 30), (80, 40)):
        response = make_response(round=round_, answers=answers_for(maturity=4))
        numbers_service.response_save_numbers(
            response=response, numbers=Numbers(mqls=mqls, sals=sals)
        )
        responses.response_submit(response=response)
    row = json.loads(run("export_results", "--rounds"))[0]
    # Medians: MQLs 60, 80, 100 -> 80; SALs 30, 40, 90 -> 40; 40 / 80 = 0.5.
    assert (row["mqls"], row["sals"], row["ratio_mqls_sals"]) == (80, 40, 0.5)
    # lm-acceptance-ratio is rated 4 ("mostly used") but the team's ratio is 0.5.
    assert row["checks"] == ["numbers_contradict_answers"]
