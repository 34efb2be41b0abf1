"""Drawing a report's PDF in a worker, for the page that waits for it."""

from __future__ import annotations

from django_tasks import task

from assessments.jobs import queue
from assessments.models import Job
from assessments.reports import pdf


def report_submit(
    *, html: str, base_url: str, filename: str, source: str, owner
) -> Job:
    """The job that draws this page's PDF, one per person and distinct page: a
    second request while it runs (a double click, another tab) finds the same."""
    html, key = pdf.report_key(html)
    return queue.job_submit(
        kind=Job.Kind.REPORT,
        key=f"report:{owner.pk}:{key}",
        owner=owner,
        task=render_report,
        payload={
            "html": html,
            "base_url": base_url,
            "key": key,
            "filename": filename,
            "source": source,
        },
        total=1,
        again=lambda job: pdf.pdf_stored(key) is None,
    )


@task()
def render_report(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=render_report, work=_draw)


def _draw(job: Job) -> dict:
    payload = job.payload
    pdf.pdf_cached(payload["html"], base_url=payload["base_url"])
    return {
        "key": payload["key"],
        "filename": payload["filename"],
        "source": payload["source"],
    }
