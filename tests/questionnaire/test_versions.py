import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.answering import answer_scoring
from assessments.models import Choice, Part, Question, Questionnaire
from assessments.organisations import rounds
from assessments.questionnaire import versions
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from tests.factories import answers_for, make_organisation, make_response, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return versions.questionnaire_new_version(
        source=Questionnaire.objects.get(version=1)
    )


def test_a_new_version_is_an_unpublished_copy(draft):
    # Version 2 is published by the data migration; a copy takes the next number.
    assert (draft.version, draft.is_published) == (3, False)
    original = questionnaire_data(Questionnaire.objects.get(version=1))
    copy = questionnaire_data(draft)
    assert list(copy.questions) == list(original.questions)
    assert copy.questions["lm-p3"].phase == 3
    assert {c: set(v) for c, v in copy.choices.items()} == {
        c: set(v) for c, v in original.choices.items()
    }
    assert questionnaire_current().version == 2


def test_a_copy_of_version_2_keeps_scale_stages_and_numbers_step():
    copy = versions.questionnaire_new_version(
        source=Questionnaire.objects.get(version=2)
    )
    original = questionnaire_data(Questionnaire.objects.get(version=2))
    data = questionnaire_data(copy)
    assert copy.asks_numbers
    assert [(q.code, q.phase, q.lm_stage) for q in data.questions.values()] == [
        (q.code, q.phase, q.lm_stage) for q in original.questions.values()
    ]
    assert {p.kind: p.rating_scale for p in data.parts}["maturity"] == "definition_use"
    assert versions.questionnaire_problems(data) == []


def test_a_version_naming_stages_must_cover_all_six():
    copy = versions.questionnaire_new_version(
        source=Questionnaire.objects.get(version=2)
    )
    Question.objects.filter(part__questionnaire=copy, lm_stage="pursuit").delete()
    Question.objects.filter(part__questionnaire=copy, code="lm-nurture").update(
        lm_stage=""
    )
    problems = versions.questionnaire_problems(questionnaire_data(copy))
    assert "lm-nurture needs a lead-process area." in problems
    assert "No statement covers the lead-process areas: pursuit." in problems


def test_publishing_makes_new_rounds_use_it_and_old_results_stay(draft):
    organisation = make_organisation()
    v1 = Questionnaire.objects.get(version=1)
    old = make_response(
        round=make_round(organisation=organisation, year=2025, questionnaire=v1),
        answers=answers_for(relationship=2, questionnaire=v1),
        submitted=True,
    )
    question = Question.objects.get(part__questionnaire=draft, code="rel-01")
    question.text = "Reworded for version two."
    question.save()
    Question.objects.filter(part__questionnaire=draft, code="rel-20").delete()
    versions.questionnaire_publish(questionnaire=draft)
    assert questionnaire_current() == draft
    new_round = rounds.round_get_or_create(organisation=organisation, year=2026)
    assert new_round.questionnaire == draft
    old.refresh_from_db()
    assert old.round.questionnaire.version == 1
    assert answer_scoring.response_result(response=old).x == 1.0
    v1_text = Question.objects.get(part__questionnaire__version=1, code="rel-01").text
    assert v1_text != "Reworded for version two."
    new = make_response(
        round=new_round, answers=answers_for(questionnaire=draft), submitted=True
    )
    # 19 relationship statements are left, 15 on lead management, 5 diagnostics.
    assert new.answers.count() == 39


@pytest.mark.parametrize(
    ("break_it", "problem"),
    [
        (
            lambda d: Question.objects.filter(
                part__questionnaire=d, code="diag-3"
            ).delete(),
            "diag-3",
        ),
        (
            lambda d: Question.objects.filter(part__questionnaire=d, phase=4).delete(),
            "phases 2, 3 and 4",
        ),
        (
            lambda d: Choice.objects.filter(
                question__part__questionnaire=d, question__code="rel-02", value=5
            ).delete(),
            "rel-02 needs the choices 1 to 5",
        ),
        (
            lambda d: Part.objects.filter(
                questionnaire=d, kind="relationship"
            ).delete(),
            "relationship",
        ),
    ],
)
def test_a_version_that_cannot_be_scored_is_not_published(draft, break_it, problem):
    break_it(draft)
    with pytest.raises(ValidationError) as error:
        versions.questionnaire_publish(questionnaire=draft)
    assert any(problem in message for message in error.value.messages)
    draft.refresh_from_db()
    assert not draft.is_published


def test_admin_copies_and_publishes_through_actions(admin_client):
    v1 = Questionnaire.objects.get(version=1)
    url = reverse("admin:assessments_questionnaire_changelist")
    admin_client.post(
        url, {"action": "copy_to_new_version", "_selected_action": [v1.pk]}
    )
    draft = Questionnaire.objects.get(version=3)
    assert not draft.is_published
    admin_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published


def test_admin_cannot_add_a_question_to_a_published_version(admin_client, draft):
    published_part = Part.objects.get(questionnaire__version=1, kind="relationship")
    draft_part = Part.objects.get(questionnaire=draft, kind="relationship")
    url = reverse("admin:assessments_question_add")
    data = {
        "code": "rel-21",
        "text": "New statement.",
        "position": 21,
        "choices-TOTAL_FORMS": 0,
        "choices-INITIAL_FORMS": 0,
    }
    page = admin_client.post(url, {**data, "part": published_part.pk})
    assert page.status_code == 200
    assert not Question.objects.filter(part=published_part, code="rel-21").exists()
    admin_client.post(url, {**data, "part": draft_part.pk})
    assert Question.objects.filter(part=draft_part, code="rel-21").exists()


def test_a_step_runs_the_same_queries_with_more_questions(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_membership

    draft = versions.questionnaire_new_version(
        source=Questionnaire.objects.get(version=1)
    )
    terminology = Part.objects.get(questionnaire=draft, kind="maturity")
    for number in range(6, 16):
        question = Question.objects.create(
            part=terminology,
            code=f"lm-t{number}",
            text=f"Extra {number}",
            phase=2,
            position=99,
        )
        Choice.objects.bulk_create(
            Choice(question=question, value=v, label=str(v), position=v)
            for v in range(1, 6)
        )
    versions.questionnaire_publish(questionnaire=draft)

    def step_queries(questionnaire, year, seeded):
        member = make_membership()
        seeded_from = None
        if seeded:
            # Last year's response, with the same version: every question seeded.
            seeded_from = make_response(
                round=make_round(
                    organisation=member.organisation,
                    questionnaire=questionnaire,
                    year=year - 1,
                ),
                respondent=member.user,
                answers=answers_for(questionnaire=questionnaire),
                submitted=True,
            )
        round_ = make_round(
            organisation=member.organisation, questionnaire=questionnaire, year=year
        )
        response = make_response(round=round_, respondent=member.user)
        response.seeded_from = seeded_from
        response.save()
        client.force_login(member.user)
        url = reverse("assessments:response-step", args=[round_.pk, 3])
        page = client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.content.decode().count("Last year:") == (
            len(page.context["step"].codes) if seeded else 0
        )
        return len(page.context["step"].codes), len(queries.captured_queries)

    counts = {
        (size, seeded): step_queries(questionnaire, year, seeded)
        for size, questionnaire, year in (
            (5, Questionnaire.objects.get(version=1), 2025),
            (15, draft, 2035),
        )
        for seeded in (False, True)
    }
    assert {key: codes for key, (codes, _queries) in counts.items()} == {
        (5, False): 5,
        (5, True): 5,
        (15, False): 15,
        (15, True): 15,
    }
    assert len({queries for _codes, queries in counts.values()}) == 1
