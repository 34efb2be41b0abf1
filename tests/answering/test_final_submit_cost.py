"""The final submit writes the response and one job, and nothing else: the charts,
the team's stored result and the history's chart come from a worker (issue 20: the
submit under 15x the floor's CPU). The webhooks' deliveries are queued by the submit
service itself, so that the pages, the API and the imports tell them alike; a worker
sends them."""

import pytest

from assessments.models import Job, TeamResult, Webhook, WebhookDelivery
from tests.answering.test_step_flow import (  # noqa: F401
    answers,
    last_step,
    member,
    post_step,
    start,
    step_url,
)
from tests.factories import make_response
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db

# The session and user, the draft and its answers (read, saved), the response locked
# and submitted, whether any webhook listens, one job queued: with the test's
# savepoints.
SUBMIT_QUERIES = 27


def last_page(client, round_):
    number = last_step(round_)
    for earlier in range(1, number):
        post_step(client, round_, earlier)
    codes = client.get(step_url(round_, number)).context["step"].codes
    given = answers()
    return step_url(round_, number), {c: given[c] for c in codes} | {"next": "1"}


def test_the_final_submit_runs_a_fixed_number_of_queries_at_any_team_size(
    client,
    member,  # noqa: F811
    django_assert_num_queries,
):
    _page, round_ = start(client, member)
    for _n in range(12):
        make_response(round=round_, role="sales", submitted=True)
    url, form = last_page(client, round_)
    with django_assert_num_queries(SUBMIT_QUERIES):
        assert client.post(url, form).status_code == 302


def test_the_submit_leaves_the_team_result_to_one_job_and_sends_no_webhook_itself(
    client,
    member,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _page, round_ = start(client, member)
    Webhook.objects.create(
        organisation=round_.organisation,
        url="https://hooks.example.com/lmm",
        secret="s" * 32,
        events=["response.submitted"],
    )
    url, form = last_page(client, round_)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, form).status_code == 302
    submitted = Job.objects.get(key__startswith="submitted:")
    assert submitted.status == Job.Status.QUEUED
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "response.submitted"
    assert delivery.status != WebhookDelivery.Status.DELIVERED
    assert not TeamResult.objects.filter(round=round_).exists()
    with django_capture_on_commit_callbacks(execute=True):
        run_jobs()
    assert Job.objects.get(key__startswith="submitted:").status == Job.Status.DONE
    assert TeamResult.objects.get(round=round_).respondents == 1
