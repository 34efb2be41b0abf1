"""Migration 0016: submitted version 2 results take the position the pages compute,
version 2 declares which questions are version 1's, stored team results are dropped."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.answering import answer_scoring
from assessments.models import Question, Questionnaire, Response

BEFORE = [("assessments", "0015_answer_response_index")]


@pytest.mark.django_db(transaction=True)
def test_a_version_2_result_stored_before_0016_is_scored_again():
    if not Questionnaire.objects.exists():
        # An earlier transactional test flushed what the data migrations seeded.
        for migration in ("0002_seed_questionnaire_v1", "0005_seed_questionnaire_v2"):
            seed = import_module(f"assessments.migrations.{migration}")
            seed.seed_questionnaire(django_apps, None)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("assessments")
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    old = {
        name: apps.get_model("assessments", name)
        for name in ("Questionnaire", "Organisation", "Round", "Response", "Answer")
    }
    question_model = apps.get_model("assessments", "Question")
    user = apps.get_model("auth", "User").objects.create(username="v2@example.com")
    round_ = old["Round"].objects.create(
        organisation=old["Organisation"].objects.create(
            name="Talkers", revenue_team_size=4, monthly_lead_volume=50
        ),
        year=2026,
        questionnaire=old["Questionnaire"].objects.get(version=2),
    )
    # Stored as the rules before 0016 gave it: relationship all 1 (level 1), every
    # practice "talked about" (2): y = 1.0, level 2, above the path.
    response = old["Response"].objects.create(
        round=round_,
        respondent=user,
        role="sales",
        status="submitted",
        submitted_at=timezone.now(),
        x=0.0,
        y=1.0,
        relationship_level=1,
        maturity_level=2,
        stage=1,
        verdict="above_path",
        revenue_team_size=4,
        monthly_lead_volume=50,
    )
    for question in question_model.objects.filter(
        part__questionnaire=round_.questionnaire
    ):
        kind = question.part.kind
        value = {"relationship": 1, "maturity": 2}.get(kind, 0)
        old["Answer"].objects.create(
            response=response,
            question=question,
            choice=question.choices.get(value=value),
        )

    # A database seeded before 0016 has the old German wording ("Lead-Stufe").
    old_wording = (
        "Jede Lead-Stufe hat eine verantwortliche Person, eine maximale Verweildauer "
        "und einen festgelegten nächsten Schritt."
    )
    question_model.objects.filter(
        part__questionnaire__version=2, code="lm-stage-owners"
    ).update(text_de=old_wording)

    MigrationExecutor(connection).migrate(latest)

    response = Response.objects.get(pk=response.pk)
    # "Talked about" is not defined: y = 0, level 1, on the path at (1, 1).
    assert (response.y, response.maturity_level, response.verdict) == (
        0.0,
        1,
        "on_path",
    )
    result = answer_scoring.response_result(response=response)
    assert (result.y, result.maturity.level, result.verdict.code.value) == (
        response.y,
        response.maturity_level,
        response.verdict,
    )
    assert (
        Question.objects.get(part__questionnaire__version=2, code="rel-01").same_as
        == "rel-01"
    )
    # "Stufe" is kept for the four stages: a lead's stage is its status.
    assert Question.objects.get(
        part__questionnaire__version=2, code="lm-stage-owners"
    ).text_de.startswith("Jeder Lead-Status hat")
