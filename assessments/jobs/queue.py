"""Submitting a job and running it: once, with retries and back-off.

The queue (django-tasks, database backend) hands each queued task to one worker:
its worker claims the row under a lock. A job adds what the queue does not: the
same work asked for twice finds one job (its `key` is unique), a job is claimed by
one conditional UPDATE so that it never runs twice at once (not even when a task
for it was enqueued twice, or a worker died and the job is taken up again after
its lease), and a failure is retried later, each time twice as late.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from assessments.jobs import embedded
from assessments.models import Job

logger = logging.getLogger(__name__)

# A job whose worker stopped answering is taken up again after this long.
LEASE = timedelta(minutes=10)


def job_submit(
    *,
    kind: str,
    key: str,
    task,
    owner=None,
    payload: dict | None = None,
    total: int = 0,
    again: Callable[[Job], bool] | None = None,
) -> Job:
    """The job for `key`, queued unless it exists already. A failed job is queued
    again; a finished one too when `again(job)` says its result is gone."""
    with transaction.atomic():
        job, created = Job.objects.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "owner": owner,
                "payload": payload or {},
                "total": total,
            },
        )
        if not created:
            job = Job.objects.select_for_update().get(pk=job.pk)
            restart = job.status == Job.Status.FAILED or (
                job.status == Job.Status.DONE and again is not None and again(job)
            )
            if not restart:
                return job
            job.status = Job.Status.QUEUED
            job.attempts = job.done = 0
            job.total = total
            job.payload = payload or {}
            job.result = {}
            job.error = ""
            job.save()
        # In the same transaction: the queue's row and the job commit together.
        _enqueue(task, job.pk)
    return job


def job_enqueue(job: Job, task) -> None:
    """Queue a job made by its feature (e.g. with a payload too large to key)."""
    _enqueue(task, job.pk)


def _enqueue(task, job_id: int, *, delay: float = 0) -> None:
    if delay:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(job_id)
    embedded.ensure_started()


def job_run(*, job_id: int, task, work: Callable[[Job], dict]) -> None:
    """Run `work(job)` if this worker wins the job; store its result, or retry."""
    job = _claim(job_id)
    if job is None:
        logger.info("job %s is done or running elsewhere: skipped", job_id)
        return
    try:
        result = work(job)
    except Exception as exc:
        _failed(job, task, exc)
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        result=result or {},
        # The input (a page's HTML, a file's records) is not needed any more.
        payload={},
        done=F("total"),
        lease_until=None,
        error="",
        updated_at=timezone.now(),
    )


def _claim(job_id: int) -> Job | None:
    now = timezone.now()
    waiting = Q(status=Job.Status.QUEUED) | Q(
        status=Job.Status.RUNNING, lease_until__lt=now
    )
    claimed = (
        Job.objects.filter(waiting, pk=job_id).update(
            status=Job.Status.RUNNING,
            attempts=F("attempts") + 1,
            lease_until=now + LEASE,
            updated_at=now,
        )
        == 1
    )
    return Job.objects.get(pk=job_id) if claimed else None


def backoff_seconds(attempt: int) -> float:
    """How long the retry after the `attempt`-th failure waits: doubling."""
    return settings.JOB_RETRY_BACKOFF * 2 ** (attempt - 1)


def _failed(job: Job, task, exc: Exception) -> None:
    logger.exception("job %s failed (attempt %s)", job.pk, job.attempts)
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if job.attempts < settings.JOB_MAX_ATTEMPTS:
        with transaction.atomic():
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.QUEUED, error=error, lease_until=None
            )
            _enqueue(task, job.pk, delay=backoff_seconds(job.attempts))
    else:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=error, lease_until=None
        )


def job_progress(job: Job, *, done: int, total: int | None = None) -> None:
    """Record how far a running job got, for its progress page."""
    changes = {"done": done, "lease_until": timezone.now() + LEASE}
    if total is not None:
        changes["total"] = total
    Job.objects.filter(pk=job.pk).update(**changes)
