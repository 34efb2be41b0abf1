"""Next year's review of last year's actions on the result and team pages
(plan_review.py)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.answering import answer_scoring
from assessments.plans import review
from assessments.questionnaire.data import questionnaire_data
from tests.factories import answers_for, make_action, make_response, make_round
from tests.plans.helpers import (
    admin,  # noqa: F401 - a fixture
    first_statement,
    frozen_today,  # noqa: F401 - an autouse fixture
    member,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


def label(round_, code, value):
    return questionnaire_data(round_.questionnaire).choices[code][value].label


# Next year's result: how last year's actions went


@pytest.fixture
def two_years(member):
    """A 2025 round and a 2026 round of the same organisation."""
    return (
        make_round(organisation=member.organisation, year=2025),
        make_round(organisation=member.organisation, year=2026),
    )


def test_next_years_result_says_the_action_is_done_and_the_rating_rose(
    client, member, two_years
):
    first, second = two_years
    code = first_statement(first).code
    make_response(
        round=first,
        respondent=member.user,
        answers=answers_for() | {code: 2},
        submitted=True,
    )
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    response = make_response(
        round=second,
        respondent=member.user,
        answers=answers_for() | {code: 4},
        submitted=True,
    )
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert "Actions adopted since 2025" in html
    expected = (
        f"Done, and the rating rose from {label(first, code, 2)} "
        f"to {label(second, code, 4)}."
    )
    assert expected in html


def test_a_fallen_or_unchanged_rating_is_said_plainly(member, two_years):
    first, second = two_years
    code = first_statement(first).code
    make_response(
        round=first,
        respondent=member.user,
        answers=answers_for() | {code: 4},
        submitted=True,
    )
    fell = make_action(owner=member, round=first, year=2025, source_code=code)
    response = make_response(
        round=second,
        respondent=member.user,
        answers=answers_for() | {code: 3},
        submitted=True,
    )
    section = review.response_plan_section(
        response=response,
        result=answer_scoring.response_result(response=response),
        viewer=member.user,
    )
    assert [item.action for item in section.review] == [fell]
    assert section.review[0].sentence == (
        f"Open, and the rating fell from {label(first, code, 4)} "
        f"to {label(second, code, 3)}."
    )
    fell.status = "in_progress"
    assert (
        review.review_sentence(
            fell,
            before=3.0,
            after=3.0,
            data_before=questionnaire_data(first.questionnaire),
            data_after=questionnaire_data(second.questionnaire),
        )
        == f"In progress, and the rating stayed at {label(second, code, 3)}."
    )


def test_a_respondent_without_last_years_answers_sees_the_status_only(
    client, member, two_years
):
    first, second = two_years
    code = first_statement(first).code
    make_response(round=first, answers=answers_for() | {code: 1}, submitted=True)
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    response = make_response(round=second, respondent=member.user, submitted=True)
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    # Another person's 2025 answers are never compared with this respondent's.
    assert "Done; the statement was not rated in both years." in html


def test_the_team_page_compares_the_teams_combined_ratings(client, member, two_years):
    first, second = two_years
    code = first_statement(first).code
    for rating in (2, 3):
        make_response(
            round=first, answers=answers_for() | {code: rating}, submitted=True
        )
    for rating in (4, 4):
        make_response(
            round=second, answers=answers_for() | {code: rating}, submitted=True
        )
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    make_action(owner=member, year=2026, title="Adopted this year")
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:round-detail", args=[second.pk])
    ).content.decode()
    expected = (
        f"Done, and the rating rose from 2.5 ({label(first, code, 3)}) "
        f"to {label(second, code, 4)}."
    )
    assert expected in html
    assert "Adopted this year" not in html


def test_the_team_page_keeps_a_lone_respondents_rating_to_admins(
    client, admin, member, two_years
):
    first, second = two_years
    code = first_statement(first).code
    make_response(round=first, answers=answers_for() | {code: 2}, submitted=True)
    for _number in range(2):
        make_response(round=second, answers=answers_for() | {code: 4}, submitted=True)
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    url = reverse("assessments:round-detail", args=[second.pk])
    client.force_login(member.user)
    html = client.get(url).content.decode()
    assert escape(str(review.MISSING_TEAM) % {"status": "Done"}) in html
    assert "rose from" not in html
    client.force_login(admin.user)
    html = client.get(url).content.decode()
    assert (
        f"Done, and the rating rose from {label(first, code, 2)} "
        f"to {label(second, code, 4)}."
    ) in html


def test_a_one_response_team_page_offers_no_statements_to_adopt(client, member):
    round_ = make_round(organisation=member.organisation)
    response = make_response(round=round_, submitted=True)
    weakest = answer_scoring.response_result(response=response).upgrade.weakest
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()
    assert weakest
    assert not any(f"source={code}" in html for code in weakest)


def test_a_first_year_has_no_review_section(client, member):
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert 'id="plan-review"' not in html


def test_a_statement_not_asked_the_same_in_the_new_version_is_not_compared(
    client, member
):
    # 2025 answered with version 1, 2026 with version 2: rel-01 is declared the
    # same and compared; the lead-management statement lm-t1 is not asked in version
    # 2, so its action is judged by status alone and the change of version named.
    from assessments.models import Questionnaire

    v1 = Questionnaire.objects.get(version=1)
    first = make_round(organisation=member.organisation, year=2025, questionnaire=v1)
    second = make_round(organisation=member.organisation, year=2026)
    make_response(
        round=first,
        respondent=member.user,
        answers=answers_for(questionnaire=v1) | {"rel-01": 2},
        submitted=True,
    )
    for code in ("rel-01", "lm-t1"):
        make_action(
            owner=member, round=first, year=2025, source_code=code, status="done"
        )
    response = make_response(
        round=second,
        respondent=member.user,
        answers=answers_for() | {"rel-01": 4},
        submitted=True,
    )
    client.force_login(member.user)

    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()

    assert "Done, and the rating rose from" in html
    assert (
        "Done; the questionnaire changed (version 1, then 2) and this statement is "
        "not asked the same way, so its rating is not compared."
    ) in html
