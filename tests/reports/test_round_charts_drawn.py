"""The team page's and the history page's charts are drawn by a worker when a
response is submitted or a round is closed or reopened, for every reader and
language: the first view of either page draws nothing."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse

from assessments.charts import render
from assessments.models import Job
from tests.answering.helpers import member, start  # noqa: F401
from tests.answering.test_step_flow import last_step, post_step
from tests.factories import (
    answers_for,
    make_consultant,
    make_membership,
    make_response,
    make_round,
)
from tests.jobs.helpers import run_jobs
from tests.reports.test_chart_layouts import drawings  # noqa: F401

pytestmark = pytest.mark.django_db


@contextmanager
def nothing_drawn():
    """Any drawing from here on fails the request that asks for it."""
    refuse = AssertionError("a chart was drawn in a web request")
    with (
        mock.patch.object(render, "grid_svg", side_effect=refuse),
        mock.patch.object(render, "grid_png", side_effect=refuse),
    ):
        yield


def team_with_last_year():
    admin = make_membership(is_admin=True, role="leadership")
    organisation = admin.organisation
    last_year = make_round(organisation=organisation, year=2025)
    make_response(round=last_year, respondent=admin.user, submitted=True)
    make_response(round=last_year, role="sales", submitted=True)
    round_ = make_round(organisation=organisation, year=2026)
    make_response(round=round_, respondent=admin.user, submitted=True)
    people = {"admin": admin.user}
    for name, role, level in (
        ("marketing", "marketing", 2),
        ("marketing2", "marketing", 4),
        ("sales", "sales", 1),
    ):
        response = make_response(
            round=round_,
            role=role,
            submitted=True,
            answers=answers_for(relationship=level, maturity=5 - level),
        )
        people[name] = response.respondent
    people["consultant"] = make_consultant(organisation)
    return round_, people


def pages(client, round_):
    """Every chart a reader is shown: the team page's and the history page's, inline
    and as the compact image phones load, in English and German."""
    history = reverse("assessments:organisation-history", args=[round_.organisation_id])
    team = reverse("assessments:round-detail", args=[round_.pk])
    for language in ("en", "de"):
        for url in (team, history):
            page = client.get(url, headers={"accept-language": language})
            assert page.status_code == 200
            assert "<svg" in page.content.decode()
            compact = client.get(
                page.context["chart_compact"]["url"],
                headers={"accept-language": language},
            )
            assert compact.status_code == 200


def test_closing_a_round_draws_every_readers_team_and_history_charts(
    client,
    drawings,  # noqa: F811
):
    round_, people = team_with_last_year()
    client.force_login(people["admin"])
    client.post(
        reverse("assessments:round-close", args=[round_.pk]), {"confirm": "yes"}
    )
    assert drawings() == []  # nothing drawn by the close itself
    assert Job.objects.filter(key__startswith="round-charts:").count() == 1
    run_jobs()
    assert drawings()
    with nothing_drawn():
        for user in people.values():
            client.force_login(user)
            pages(client, round_)

    # Reopening queues the drawing again (for the round as it now stands).
    client.force_login(people["admin"])
    client.post(reverse("assessments:round-reopen", args=[round_.pk]))
    assert Job.objects.filter(key__startswith="round-charts:").count() == 2
    run_jobs()
    with nothing_drawn():
        pages(client, round_)


def test_a_submission_draws_the_team_and_history_charts_before_the_first_view(
    client,
    member,  # noqa: F811
    drawings,  # noqa: F811
):
    _page, round_ = start(client, member)
    make_response(round=round_, role="sales", submitted=True)
    for number in range(1, last_step(round_) + 1):
        post_step(client, round_, number)
    assert drawings() == []
    run_jobs()
    with nothing_drawn():
        pages(client, round_)


def test_without_the_worker_the_first_view_would_draw(
    client,
    drawings,  # noqa: F811
):
    # The guard itself works: a team page whose charts no worker drew fails it.
    round_, people = team_with_last_year()
    client.force_login(people["admin"])
    with nothing_drawn(), pytest.raises(AssertionError, match="drawn in a web"):
        pages(client, round_)
