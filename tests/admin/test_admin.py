import pytest
from django.urls import reverse

from assessments.models import Question, Questionnaire
from tests.factories import answers_for, make_response, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_response_page_shows_answers_inline_and_the_computed_result(consultant_client):
    response = make_response(
        answers=answers_for(relationship=2, maturity=4), submitted=True
    )
    page = consultant_client.get(
        reverse("admin:assessments_response_change", args=[response.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "rel-01" in html and "diag-ownership" not in html
    assert "Strongly agree" not in html or "Agree" in html
    assert "Level 2: Defined" in html
    assert "Above the path" in html
    assert "Dedicated lead management department" in html


def test_computed_fields_are_read_only(consultant_client):
    response = make_response(submitted=True)
    url = reverse("admin:assessments_response_change", args=[response.pk])
    form = consultant_client.get(url).context["adminform"].form
    for field in ("x", "y", "stage", "verdict", "relationship_level", "status"):
        assert field not in form.fields


@pytest.mark.parametrize(
    "model",
    [
        "questionnaire",
        "part",
        "question",
        "organisation",
        "membership",
        "invitation",
        "round",
        "response",
    ],
)
def test_every_changelist_opens(consultant_client, model):
    make_response(submitted=True)
    assert (
        consultant_client.get(
            reverse(f"admin:assessments_{model}_changelist")
        ).status_code
        == 200
    )


def test_response_changelist_filters_by_verdict_and_stage(consultant_client):
    make_response(answers=answers_for(relationship=2, maturity=4), submitted=True)
    make_response(answers=answers_for(relationship=4, maturity=2), submitted=True)
    url = reverse("admin:assessments_response_changelist")
    page = consultant_client.get(url, {"verdict": "above_path"})
    assert page.context["cl"].result_count == 1
    page = consultant_client.get(url, {"stage": 4})
    assert page.context["cl"].result_count == 2


def test_response_changelist_query_count_does_not_grow(
    consultant_client, django_assert_max_num_queries
):
    round_ = make_round()
    for _ in range(5):
        make_response(round=round_, submitted=True)
    with django_assert_max_num_queries(12):
        consultant_client.get(reverse("admin:assessments_response_changelist"))


def test_published_questions_are_read_only(consultant_client):
    question = Question.objects.get(code="rel-01", part__questionnaire__version=1)
    assert question.part.questionnaire.is_published
    url = reverse("admin:assessments_question_change", args=[question.pk])
    consultant_client.post(url, {"code": "changed", "text": "changed"})
    question.refresh_from_db()
    assert question.code == "rel-01"
    questionnaire = Questionnaire.objects.get(version=1)
    url = reverse("admin:assessments_questionnaire_delete", args=[questionnaire.pk])
    assert consultant_client.post(url, {"post": "yes"}).status_code == 403
    assert Questionnaire.objects.filter(version=1).exists()


def test_staff_declare_the_same_question_in_a_draft_not_in_a_published_version(
    consultant_client,
):
    from assessments.questionnaire import versions

    published = Question.objects.get(code="rel-02", part__questionnaire__version=2)
    page = consultant_client.get(
        reverse("admin:assessments_question_change", args=[published.pk])
    )
    assert "same_as" not in page.context["adminform"].form.fields

    draft = versions.questionnaire_new_version(
        source=Questionnaire.objects.get(version=2)
    )
    question = Question.objects.get(code="rel-02", part__questionnaire=draft)
    assert question.same_as == "rel-02"
    url = reverse("admin:assessments_question_change", args=[question.pk])
    form = consultant_client.get(url).context["adminform"].form
    assert "same_as" in form.fields
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data |= {"same_as": "", "part": question.part_id}
    data |= {
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
    }
    consultant_client.post(url, data)
    question.refresh_from_db()
    assert question.same_as == ""
