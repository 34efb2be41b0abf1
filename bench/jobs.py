"""Background jobs in the benchmark's own processes (seed, single-request figures):
a PDF request queues a job; these run it here, as a worker would."""

from __future__ import annotations


def run_jobs(worker_id: str = "bench-seed") -> None:
    """Run every queued task that is due, in this process (`db_worker --batch`)."""
    from assessments.jobs.workers import database_worker

    database_worker(worker_id=worker_id).run()


def follow(client, path: str):
    """GET `path`; when it sends to a job's page (an uncached PDF), run the job and
    ask again, as a person whose progress page hands the PDF over."""
    page = client.get(path)
    if page.status_code == 302 and "/jobs/" in page.url:
        run_jobs()
        page = client.get(path)
    return page
