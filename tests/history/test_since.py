"""The "Since" section of the result and team pages: last year's point, the arrow
and the change in words (change.py, since.py, since_texts.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Part, Question, Questionnaire
from assessments.questionnaire import versions
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.history.helpers import (
    admin,  # noqa: F401 - a fixture
    history_url,
    two_years,
)
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]


# The "Since <year>" section.


def result_html(client, response):
    return client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()


def test_result_page_shows_last_years_point_the_arrow_and_the_change(client, admin):
    data = questionnaire_data(Questionnaire.objects.get(version=1))
    first = answers_for(relationship=2, maturity=2)
    second = answers_for(relationship=2, maturity=2) | {"rel-01": 4, "rel-02": 1}
    _year_one, year_two = two_years(admin, first=first, second=second)
    client.force_login(admin.user)
    html = result_html(client, year_two)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'id="lmm-point-past-', svg)) == 1
    assert re.findall(r'id="(lmm-trail-arrow-\d)"', svg) == ["lmm-trail-arrow-1"]
    assert 'id="lmm-cell"' in svg
    assert f"{admin.organisation.name} · 2026" in svg
    since = html[html.index('id="since"') :]
    since = since[: since.index("</section>")]
    assert "Since 2025" in since
    assert "same person's response in 2025" in since
    assert "Marketing–sales relationship: unchanged at 2 Defined." in since
    assert "Stage: unchanged at 4 Optimized." in since
    assert "Verdict: still on the path." in since
    labels = data.choices["rel-01"]
    up = since[since.index("lmm-moves-up") :]
    assert data.questions["rel-01"].text in up
    assert f"Rose from {labels[2].label} (2) to {labels[4].label} (4)." in up
    down = since[since.index("lmm-moves-down") :]
    assert data.questions["rel-02"].text in down
    assert f"Fell from {labels[2].label} (2) to {labels[1].label} (1)." in down
    assert history_url(admin.organisation_id) in since
    assert "the hollow point marked 2025 is that year" in since
    assert "position (x = 1.00, y = 1.00)" in since


def test_the_first_year_says_there_is_nothing_to_compare(client, admin):
    response = make_response(
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
        submitted=True,
    )
    client.force_login(admin.user)
    html = result_html(client, response)
    assert 'id="since-none"' in html
    assert "lmm-point-past" not in html
    page = client.get(reverse("assessments:round-detail", args=[response.round_id]))
    assert 'id="since-none"' in page.content.decode()


def test_levels_stage_verdict_distance_and_flips_are_put_in_words(client, admin):
    first = answers_for(relationship=2, maturity=2, diagnostics={"diag-4": 0})
    second = answers_for(relationship=4, maturity=2, diagnostics={"diag-4": 1})
    _one, year_two = two_years(admin, first=first, second=second)
    client.force_login(admin.user)
    html = result_html(client, year_two)
    assert (
        "Marketing–sales relationship: up 2 levels, from 2 Defined to 4 Integrated."
        in html
    )
    assert "(x 1.00 → 3.00)" in html
    assert "Stage: from 3 Managed to 4 Optimized." in html
    assert "Verdict: from on the path to below the path." in html
    assert "Distance to the ideal path: 0.00 then, 2.00 now: further away." in html
    question = questionnaire_data(questionnaire_current()).questions[
        "diag-4"
    ]  # any version
    assert f"<strong>{question.text}</strong> Was No, now Yes." in html


def test_a_respondent_is_compared_with_their_own_response_not_the_team(client, admin):
    colleague = make_membership(organisation=admin.organisation, role="sales")
    round_one = make_round(organisation=admin.organisation, year=2025)
    make_response(
        round=round_one,
        respondent=admin.user,
        answers=answers_for(relationship=2),
        submitted=True,
    )
    make_response(
        round=round_one,
        respondent=colleague.user,
        role="sales",
        answers=answers_for(relationship=5),
        submitted=True,
    )
    year_two = make_response(
        round=make_round(organisation=admin.organisation, year=2026),
        respondent=admin.user,
        answers=answers_for(relationship=2),
        submitted=True,
    )
    client.force_login(admin.user)
    html = result_html(client, year_two)
    # Own: x 1.00 then and now; the team's 2025 x was 2.50.
    assert "(x 1.00 → 1.00)" in html
    assert "2.50" not in html[html.index('id="since"') :]
    team_html = client.get(
        reverse("assessments:round-detail", args=[year_two.round_id])
    ).content.decode()
    assert "The team's combined result compared with the team's in 2025." in team_html
    assert "(x 2.50 → 1.00)" in team_html


def test_a_colleague_without_an_earlier_response_has_nothing_to_compare(client, admin):
    two_years(admin)
    colleague = make_membership(organisation=admin.organisation, role="sales")
    response = make_response(
        round=admin.organisation.rounds.get(year=2026),
        respondent=colleague.user,
        role="sales",
        submitted=True,
    )
    client.force_login(colleague.user)
    assert 'id="since-none"' in result_html(client, response)


def test_the_team_change_is_private_while_a_year_is_one_other_persons(client, admin):
    two_years(admin)
    plain = make_membership(organisation=admin.organisation, role="sales")
    make_response(
        round=admin.organisation.rounds.get(year=2026),
        respondent=plain.user,
        role="sales",
        submitted=True,
    )
    url = reverse(
        "assessments:round-detail", args=[admin.organisation.rounds.get(year=2026).pk]
    )
    client.force_login(plain.user)
    html = client.get(url).content.decode()
    assert 'id="since-private"' in html
    assert "lmm-point-past" not in html
    client.force_login(admin.user)
    html = client.get(url).content.decode()
    assert 'id="since-private"' not in html and "Since 2025" in html
    wide = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'id="lmm-point-past-', wide)) == 1


def test_result_page_queries_stay_fixed_with_an_earlier_year(
    client, admin, django_assert_num_queries
):
    _one, year_two = two_years(admin)
    for year in (2022, 2023):
        make_response(
            round=make_round(organisation=admin.organisation, year=year),
            respondent=admin.user,
            submitted=True,
        )
    client.force_login(admin.user)
    url = reverse("assessments:response-result", args=[year_two.pk])
    client.get(url)
    # Session, user, response, its answers, the earlier response, and the answers of
    # both again for the comparison; the numbers; the action plan's membership,
    # previous round, actions, earlier response and both answer sets: not one more
    # per earlier year.
    with django_assert_num_queries(7 + 1 + 6):
        client.get(url)


def test_change_compares_statements_across_questionnaire_versions(client, admin):
    """Year two answers a later version without one statement and with a new one."""
    old = questionnaire_current()
    new = versions.questionnaire_new_version(source=old)
    dropped, kept = "rel-01", "rel-02"
    Question.objects.filter(part__questionnaire=new, code=dropped).delete()
    relationship = Part.objects.get(questionnaire=new, kind="relationship")
    added = Question.objects.create(
        part=relationship,
        code="rel-new",
        text="A statement new in this version.",
        position=99,
    )
    for value, label in enumerate(
        ("Never", "Rarely", "Sometimes", "Often", "Always"), 1
    ):
        added.choices.create(value=value, label=label, position=value)
    first = answers_for(relationship=2, questionnaire=old)
    second = answers_for(relationship=2, questionnaire=new) | {kept: 4, "rel-new": 5}
    make_response(
        round=make_round(organisation=admin.organisation, year=2025, questionnaire=old),
        respondent=admin.user,
        answers=first | {dropped: 5},
        submitted=True,
    )
    year_two = make_response(
        round=make_round(organisation=admin.organisation, year=2026, questionnaire=new),
        respondent=admin.user,
        answers=second,
        submitted=True,
    )
    client.force_login(admin.user)
    html = result_html(client, year_two)
    since = html[html.index('id="since"') :]
    new_data = questionnaire_data(new)
    assert new_data.questions[kept].text in since
    assert "A statement new in this version." not in since
    old_text = questionnaire_data(old).questions[dropped].text
    assert old_text not in since


def test_team_page_queries_do_not_grow_with_earlier_years(client, admin):
    def team_year(year):
        round_ = make_round(organisation=admin.organisation, year=year)
        for role in ("marketing", "sales"):
            make_response(round=round_, role=role, submitted=True)
        return round_

    team_year(2024)
    current = team_year(2026)
    client.force_login(admin.user)
    url = reverse("assessments:round-detail", args=[current.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_earlier:
        client.get(url)
    for year in (2021, 2022, 2023, 2025):
        team_year(year)
    client.get(url)
    with CaptureQueriesContext(connection) as five_earlier:
        page = client.get(url)
    assert "Since 2025" in page.content.decode()
    assert len(five_earlier) == len(one_earlier)
