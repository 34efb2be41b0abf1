"""Years answered with two questionnaire versions are compared like with like: the
change of version is named, the lead-management shift is not shown as progress, and
statements match only where the newer version declares them the same."""

import pytest
from django.urls import reverse

from assessments.models import Question, Questionnaire
from assessments.questionnaire import versions
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.history.helpers import history_url

pytestmark = pytest.mark.django_db


def version(number):
    return Questionnaire.objects.get(version=number)


@pytest.fixture
def admin():
    return make_membership(is_admin=True, role="marketing")


def answer(admin, year, questionnaire, **answers):
    return make_response(
        round=make_round(
            organisation=admin.organisation, year=year, questionnaire=questionnaire
        ),
        respondent=admin.user,
        role="marketing",
        answers=answers_for(questionnaire=questionnaire, **answers),
        submitted=True,
    )


def test_a_version_change_is_named_and_not_shown_as_progress(client, admin):
    # 2025, version 1: relationship 3, lead management "neither agree nor disagree"
    # (3): on the path at (3, 3). 2026, version 2: the same relationship, every
    # practice "written down and mostly used" (4): level 4, above the path. Today's
    # text would say "Lead management: up 1 level".
    answer(admin, 2025, version(1), relationship=3, maturity=3)
    year_two = answer(admin, 2026, version(2), relationship=3, maturity=4)
    client.force_login(admin.user)

    html = client.get(
        reverse("assessments:response-result", args=[year_two.pk])
    ).content.decode()

    assert 'id="version-changed"' in html
    assert "(version 1, then version 2)" in html
    assert "written down or used" in html
    assert "up 1 level" not in html
    assert "Lead management: 3 Defined lead management process then" in html
    assert "not compared, the questions changed" in html
    assert "neither progress nor decline" in html
    # The relationship statements are declared the same: compared as before.
    assert "Marketing–sales relationship: unchanged at 3 Aligned." in html


def test_statements_match_across_versions_only_where_declared_the_same(client, admin):
    # Staff copy version 2 into a draft, clear the mapping of rel-02 (its wording
    # changed) and publish it. rel-01 and rel-02 both rise from 1 to 5 between the
    # year answered with version 2 and the year answered with the new version: only
    # rel-01 is listed as moved, and the relationship axis is not compared.
    draft = versions.questionnaire_new_version(source=version(2))
    Question.objects.filter(part__questionnaire=draft, code="rel-02").update(same_as="")
    newest = versions.questionnaire_publish(questionnaire=draft)
    raised = {"rel-01": 5, "rel-02": 5}
    lowered = {"rel-01": 1, "rel-02": 1}
    for year, questionnaire, ratings in (
        (2025, version(2), lowered),
        (2026, newest, raised),
    ):
        response = make_response(
            round=make_round(
                organisation=admin.organisation, year=year, questionnaire=questionnaire
            ),
            respondent=admin.user,
            role="marketing",
            answers=answers_for(questionnaire=questionnaire) | ratings,
            submitted=True,
        )
    client.force_login(admin.user)

    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    since = html.split('id="since"')[1].split("</section>")[0]
    texts = dict(
        Question.objects.filter(
            part__questionnaire=newest, code__in=["rel-01", "rel-02"]
        ).values_list("code", "text")
    )

    assert texts["rel-01"] in since
    assert texts["rel-02"] not in since
    assert "(version 2, then version 3)" in since
    assert (
        "Marketing–sales relationship: 2 Defined then, 3 Aligned now; not compared"
        in since
    )


def test_a_copied_draft_declares_each_question_the_same_as_its_source():
    draft = versions.questionnaire_new_version(source=version(2))

    same = dict(
        Question.objects.filter(part__questionnaire=draft).values_list(
            "code", "same_as"
        )
    )

    assert same and all(code == same_as for code, same_as in same.items())


def test_version_2_declares_relationship_and_diagnostics_the_same_as_version_1():
    mapped = Question.objects.filter(part__questionnaire__version=2).exclude(same_as="")

    assert {q.part.kind for q in mapped} == {"relationship", "diagnostic"}
    assert not mapped.filter(code__startswith="lm-").exists()


def test_the_history_page_names_the_version_of_each_year(client, admin):
    answer(admin, 2025, version(1), relationship=3, maturity=3)
    answer(admin, 2026, version(2), relationship=3, maturity=4)
    client.force_login(admin.user)

    html = client.get(history_url(admin.organisation_id)).content.decode()

    assert 'id="history-version-note"' in html
