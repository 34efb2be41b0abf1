"""The team result is computed when it changes, by a worker, not on every view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Job, TeamResult
from assessments.teams import results as team_results
from assessments.teams import round_store
from tests.answering.helpers import member, start  # noqa: F401
from tests.answering.test_step_flow import last_step, post_step
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def combining(monkeypatch):
    """Counts the rounds combined from their responses."""
    combined = []
    real = team_results.round_result

    def counting(*, round):  # noqa: A002
        combined.append(round.pk)
        return real(round=round)

    monkeypatch.setattr(team_results, "round_result", counting)
    return combined


def team(size=3):
    admin = make_membership(is_admin=True, role="leadership")
    round_ = make_round(organisation=admin.organisation)
    for n in range(size):
        make_response(
            round=round_,
            role="sales" if n % 2 else "marketing",
            submitted=True,
            answers=answers_for(relationship=1 + n % 5, maturity=2),
        )
    return admin, round_


def test_a_submission_queues_the_refresh_and_views_then_read_the_stored_result(
    client,
    member,
    combining,  # noqa: F811
):
    _page, round_ = start(client, member)
    for number in range(1, last_step(round_) + 1):
        page = post_step(client, round_, number)
    assert page.url.startswith("/responses/")
    job = Job.objects.get(key__startswith="submitted:")
    assert job.status == Job.Status.QUEUED
    assert combining == []  # nothing combined in the submit request
    run_jobs()
    assert combining == [round_.pk]
    assert TeamResult.objects.get(round=round_).respondents == 1
    url = reverse("assessments:round-detail", args=[round_.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert combining == [round_.pk]


def test_a_new_submission_is_a_new_result(client, combining):
    admin, round_ = team(size=2)
    client.force_login(admin.user)
    url = reverse("assessments:round-detail", args=[round_.pk])
    assert len(client.get(url).context["combined"].respondents) == 2
    assert len(client.get(url).context["combined"].respondents) == 2
    assert combining == [round_.pk]
    make_response(round=round_, role="sales", submitted=True)
    assert len(client.get(url).context["combined"].respondents) == 3
    assert combining == [round_.pk, round_.pk]


def test_closing_and_reopening_queue_a_refresh(client):
    admin, round_ = team()
    client.force_login(admin.user)
    client.post(
        reverse("assessments:round-close", args=[round_.pk]), {"confirm": "yes"}
    )
    job = Job.objects.get(key__startswith="round-refresh:")
    assert job.key == f"round-refresh:{round_store.round_key(round_)}"
    run_jobs()
    assert TeamResult.objects.get(round=round_).respondents == 3
    # Nothing changed in the submissions: the stored result stands, no new job.
    client.post(reverse("assessments:round-reopen", args=[round_.pk]))
    assert Job.objects.filter(key__startswith="round-refresh:").count() == 1


def test_the_team_page_costs_the_same_queries_at_any_team_size(client):
    admin, round_ = team(2)
    client.force_login(admin.user)
    url = reverse("assessments:round-detail", args=[round_.pk])

    def warm_queries():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = warm_queries()
    for _n in range(18):
        make_response(round=round_, role="sales", submitted=True)
    assert warm_queries() == small
