"""A respondent's result page: checks, upgrade path, chart and queries
(views/results.py)."""

import pytest
from django.urls import reverse

from tests.answering.helpers import member  # noqa: F401 - a fixture
from tests.factories import answers_for, make_response, make_round

pytestmark = pytest.mark.django_db


def test_result_page_shows_checks_and_upgrade_path(client, member):
    member.organisation.revenue_team_size = 300
    member.organisation.save()
    answers = answers_for(relationship=4, maturity=2, diagnostics={"diag-4": 0})
    answers["lm-criteria"] = 1
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        answers=answers,
        submitted=True,
    )
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert "Below the path" in html
    assert "Scale:" in html
    assert "6–12 months" in html
    assert "In a joint workshop, agree what a qualified lead needs" in html


def test_result_chart_is_rendered_once(client, member, monkeypatch):
    from assessments.charts import render

    calls = []
    original = render.grid_svg
    monkeypatch.setattr(
        render, "grid_svg", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    url = reverse("assessments:response-result", args=[response.pk])
    client.get(url)
    # The wide chart only: phones ask for the compact one when they show it.
    assert len(calls) == 1
    client.get(url)
    assert len(calls) == 1


def test_result_page_query_count_is_fixed(client, member, django_assert_num_queries):
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    url = reverse("assessments:response-result", args=[response.pk])
    client.get(url)
    # Session, user, response with its round, answers, numbers, the same respondent's
    # earlier response (none here): the questionnaire is cached. The action plan adds
    # the viewer's membership, the previous round and the organisation's actions.
    with django_assert_num_queries(6 + 3):
        client.get(url)
