import io

import pytest
from django.core.management import call_command

from assessments.models import Choice, Part, Question, Questionnaire

pytestmark = pytest.mark.django_db


def test_no_missing_migrations():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_questionnaire_version_one_is_seeded_and_published():
    questionnaire = Questionnaire.objects.get(version=1)
    assert questionnaire.is_published
    kinds = list(
        Part.objects.filter(questionnaire=questionnaire).values_list("kind", flat=True)
    )
    assert kinds == ["relationship", "maturity", "diagnostic"]
    questions = Question.objects.filter(part__questionnaire=questionnaire)
    assert questions.filter(part__kind="relationship").count() == 20
    phases = questions.filter(part__kind="maturity").values_list("phase", flat=True)
    assert sorted(set(phases)) == [2, 3, 4]
    assert all(list(phases).count(phase) >= 3 for phase in (2, 3, 4))
    diagnostic = questions.filter(part__kind="diagnostic").values_list(
        "code", flat=True
    )
    assert list(diagnostic) == [
        "diag-1",
        "diag-2",
        "diag-3",
        "diag-4",
        "diag-5",
        "diag-ownership",
    ]
    for question in questions.filter(part__kind="diagnostic"):
        values = dict(
            Choice.objects.filter(question=question).values_list("label", "value")
        )
        assert values == {"Yes": 1, "No": 0}
    for question in questions.exclude(part__kind="diagnostic"):
        values = Choice.objects.filter(question=question).values_list(
            "value", flat=True
        )
        assert sorted(values) == [1, 2, 3, 4, 5]
        assert question.action
