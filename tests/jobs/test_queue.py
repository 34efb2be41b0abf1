"""Jobs run once, off the request, with retries that wait longer each time."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.jobs import queue
from assessments.models import Job
from tests.jobs import tasks
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calls():
    tasks.calls.clear()


def submit(key="job-1", **payload):
    return queue.job_submit(
        kind=Job.Kind.REPORT, key=key, task=tasks.flaky, payload=payload, total=1
    )


def test_the_same_work_asked_for_twice_is_one_job_and_one_task():
    first = submit()
    second = submit()
    assert first.pk == second.pk
    assert DBTaskResult.objects.count() == 1
    assert Job.objects.get().status == Job.Status.QUEUED
    run_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    assert job.percent == 100
    assert tasks.calls == [job.pk]


def test_a_job_queued_twice_runs_once():
    job = submit()
    tasks.flaky.enqueue(job.pk)
    run_jobs()
    assert tasks.calls == [job.pk]
    assert DBTaskResult.objects.successful().count() == 2


def test_a_running_job_is_not_claimed_again_until_its_lease_ends():
    job = submit()
    assert queue._claim(job.pk) is not None
    assert queue._claim(job.pk) is None
    Job.objects.filter(pk=job.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    again = queue._claim(job.pk)
    assert again is not None
    assert again.attempts == 2


def test_a_failure_is_retried_later_each_time_twice_as_late(settings):
    settings.JOB_RETRY_BACKOFF = 5
    job = submit(fail=2)
    before = timezone.now()
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert "failure 1" in job.error
    # Not due yet: the batch worker left it.
    assert not DBTaskResult.objects.ready().exists()
    waiting = DBTaskResult.objects.exclude(run_after=None).get(status="READY")
    assert waiting.run_after >= before + timedelta(seconds=5)
    waiting.run_after = timezone.now()
    waiting.save()
    run_jobs()
    second = DBTaskResult.objects.get(status="READY")
    assert second.run_after - waiting.run_after >= timedelta(seconds=10)
    second.run_after = timezone.now()
    second.save()
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result == {"attempts": 3}
    assert len(tasks.calls) == 3


def test_a_job_that_keeps_failing_stops_and_a_new_request_starts_it_again(settings):
    settings.JOB_MAX_ATTEMPTS = 2
    settings.JOB_RETRY_BACKOFF = 0
    job = submit(fail=5)
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert len(tasks.calls) == 2
    again = submit(fail=0)
    assert again.pk == job.pk
    assert again.status == Job.Status.QUEUED
    run_jobs()
    again.refresh_from_db()
    assert again.status == Job.Status.DONE


def test_backoff_doubles(settings):
    settings.JOB_RETRY_BACKOFF = 5
    assert [queue.backoff_seconds(n) for n in (1, 2, 3)] == [5, 10, 20]


def test_only_superusers_see_the_jobs_in_the_admin(client):
    from django.urls import reverse

    from tests.factories import make_consultant, make_user

    submit()
    url = reverse("admin:assessments_job_changelist")
    client.force_login(make_consultant())
    assert client.get(url).status_code == 403
    client.force_login(make_user(is_staff=True, is_superuser=True))
    page = client.get(url)
    assert page.status_code == 200
    assert "PDF report" in page.content.decode()
