"""A task for the queue's tests: fails as often as its job's payload says."""

from django_tasks import task

from assessments.jobs import queue

calls: list[int] = []


@task()
def flaky(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=flaky, work=_work)


def _work(job):
    calls.append(job.pk)
    if job.attempts <= job.payload.get("fail", 0):
        raise RuntimeError(f"failure {job.attempts}")
    return {"attempts": job.attempts}
