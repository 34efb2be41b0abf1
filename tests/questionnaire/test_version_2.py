"""Questionnaire version 2, published by a data migration; version 1 stays as it was."""

import json
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments import scoring
from assessments.answering import answer_scoring
from assessments.models import Question, Questionnaire, Response
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from tests.factories import answers_for, make_organisation, make_response, make_round

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(__file__).resolve().parents[2] / "assessments" / "migrations"
BEFORE_V2 = [("assessments", "0003_response_scale_at_submission")]


def v1():
    return Questionnaire.objects.get(version=1)


def test_version_2_is_published_and_current():
    current = questionnaire_current()
    assert (current.version, current.is_published, current.asks_numbers) == (
        2,
        True,
        True,
    )


def test_version_2_lead_management_uses_the_definition_and_use_scale():
    data = questionnaire_data(questionnaire_current())
    maturity = data.part_questions("maturity")
    assert maturity[0].part.rating_scale == "definition_use"
    for question in maturity:
        labels = [(c.value, c.label) for c in data.choices[question.code].values()]
        assert labels == [
            (1, "Not in place"),
            (2, "Talked about, not written down"),
            (3, "Written down, not used"),
            (4, "Written down and mostly used"),
            (5, "Written down, used and reviewed against data"),
        ]
        assert question.phase in (2, 3, 4)
        assert question.action


def test_version_2_covers_the_six_stages_and_the_three_top_issues():
    maturity = questionnaire_data(questionnaire_current()).part_questions("maturity")
    stages = {q.lm_stage for q in maturity}
    assert stages == set(scoring.LM_STAGES)
    by_code = {q.code: q for q in maturity}
    # Seed 002's top issues: inquiries handed over unqualified, no nurturing
    # programme, no way for sales to hand leads back.
    assert by_code["lm-qualify-first"].lm_stage == "qualification"
    assert "before they are handed to sales" in by_code["lm-qualify-first"].text
    assert by_code["lm-nurture"].lm_stage == "nurturing"
    assert "nurturing programme" in by_code["lm-nurture"].text
    assert by_code["lm-hand-back"].lm_stage == "distribution"
    assert "hands it back" in by_code["lm-hand-back"].text


def test_version_2_keeps_the_relationship_and_diagnostic_questions():
    old, new = questionnaire_data(v1()), questionnaire_data(questionnaire_current())
    for kind in ("relationship", "diagnostic"):
        assert [(q.code, q.text) for q in new.part_questions(kind)] == [
            (q.code, q.text) for q in old.part_questions(kind)
        ]


def test_version_1_is_exactly_its_seed_file():
    seed = json.loads((MIGRATIONS / "questionnaire_v1.json").read_text("utf-8"))
    data = questionnaire_data(v1())
    expected = [
        (q["code"], q["text"], q.get("phase"), "", q.get("action", ""))
        for part in seed["parts"]
        for q in part["questions"]
    ]
    assert [
        (q.code, q.text, q.phase, q.lm_stage, q.action) for q in data.questions.values()
    ] == expected
    assert {p.rating_scale for p in data.parts} == {"agreement"}
    assert not v1().asks_numbers
    labels = [c.label for c in data.choices["lm-t1"].values()]
    assert labels[0] == "Strongly disagree"


def test_a_version_1_result_keeps_its_numbers():
    """docs/scoring.md, example A, answered with version 1."""
    organisation = make_organisation(revenue_team_size=12, monthly_lead_volume=2_500)
    round_ = make_round(organisation=organisation, year=2024, questionnaire=v1())
    answers = answers_for(questionnaire=v1())
    rel = [3, 2, 1, 3, 3, 2, 2, 1, 2, 3, 1, 2, 2, 3, 2, 3, 1, 3, 4, 3]
    answers.update({f"rel-{i:02d}": r for i, r in enumerate(rel, start=1)})
    for prefix, ratings in (
        ("t", [5, 4, 4, 4, 4]),
        ("p", [4, 4, 3, 3, 4]),
        ("d", [2, 3, 2, 3, 2]),
    ):
        answers.update({f"lm-{prefix}{i}": r for i, r in enumerate(ratings, start=1)})
    answers.update({"diag-3": 0, "diag-5": 0, "diag-ownership": 1})
    response = make_response(round=round_, answers=answers, submitted=True)
    response = Response.objects.get(pk=response.pk)
    assert (response.x, response.y) == pytest.approx((1.3, 2.0))
    assert (response.relationship_level, response.maturity_level) == (2, 3)
    assert (response.stage, response.verdict) == (2, "above_path")
    result = answer_scoring.response_result(response=response)
    assert (result.x, result.y, result.stage.number) == pytest.approx((1.3, 2.0, 2))
    # Version 1 asks agreement, so "written down, not used" cannot be read from it.
    codes = [c.code for c in result.checks]
    assert "paper_not_lived" not in codes
    # Level 3 against Stage 2 is seed 001's own example of mistake 1: named mildly.
    assert codes == ["grid_ahead_of_stage", "scale_above_stage", "later_stage_evidence"]
    assert result.coverage == ()
    assert result.upgrade.weakest == ("rel-03", "rel-08", "rel-11")


@pytest.mark.django_db(transaction=True)
def test_the_v2_migrations_leave_version_1_rounds_and_results_unchanged():
    """Answer with version 1 before the v2 migrations exist, then migrate forward."""
    if not Questionnaire.objects.exists():
        # An earlier transactional test flushed what the data migrations seeded.
        for migration in ("0002_seed_questionnaire_v1", "0005_seed_questionnaire_v2"):
            seed = import_module(f"assessments.migrations.{migration}")
            seed.seed_questionnaire(django_apps, None)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("assessments")
    executor.migrate(BEFORE_V2)
    apps = executor.loader.project_state(BEFORE_V2).apps
    Old = {
        name: apps.get_model("assessments", name)
        for name in ("Questionnaire", "Organisation", "Round", "Response", "Answer")
    }
    Question_ = apps.get_model("assessments", "Question")
    User = apps.get_model("auth", "User")
    assert list(Old["Questionnaire"].objects.values_list("version", flat=True)) == [1]
    organisation = Old["Organisation"].objects.create(
        name="Before", revenue_team_size=8, monthly_lead_volume=150
    )
    round_ = Old["Round"].objects.create(
        organisation=organisation,
        year=2024,
        questionnaire=Old["Questionnaire"].objects.get(version=1),
    )
    user = User.objects.create(username="before@example.com")
    # Submitted by hand with the result version 1 gives for these answers:
    # relationship all 2 -> x = 1.0, level 2; maturity all 2 -> y = 1.0, level 2;
    # every diagnostic "No", ownership "No" -> stage 1; on the path.
    response = Old["Response"].objects.create(
        round=round_,
        respondent=user,
        role="sales",
        status="submitted",
        submitted_at=timezone.now(),
        x=1.0,
        y=1.0,
        relationship_level=2,
        maturity_level=2,
        stage=1,
        verdict="on_path",
        revenue_team_size=8,
        monthly_lead_volume=150,
    )
    questions = Question_.objects.filter(part__questionnaire=round_.questionnaire)
    for question in questions:
        value = 0 if question.code.startswith("diag") else 2
        Old["Answer"].objects.create(
            response=response,
            question=question,
            choice=question.choices.get(value=value),
        )
    before_questions = sorted(
        questions.values_list("pk", "code", "text", "phase", "action")
    )

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    response = Response.objects.get(pk=response.pk)
    assert response.round.questionnaire.version == 1
    assert (
        sorted(
            Question.objects.filter(part__questionnaire__version=1).values_list(
                "pk", "code", "text", "phase", "action"
            )
        )
        == before_questions
    )
    assert questionnaire_current().version == 2
    stored = (
        response.x,
        response.y,
        response.relationship_level,
        response.maturity_level,
        response.stage,
        response.verdict,
    )
    assert stored == (1.0, 1.0, 2, 2, 1, "on_path")
    result = answer_scoring.response_result(response=response)
    assert (
        result.x,
        result.y,
        result.relationship.level,
        result.maturity.level,
        result.stage.number,
        result.verdict.code.value,
    ) == stored
    assert result.coverage == ()
