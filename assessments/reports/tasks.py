"""Drawing in a worker: a report's PDF for the page that waits for it, and a
submitted response's charts before anyone asks for them."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_tasks import task

from assessments.answering import answer_scoring
from assessments.answering import numbers as numbers_service
from assessments.history.since import response_since
from assessments.jobs import queue
from assessments.models import Job, Response
from assessments.questionnaire.data import questionnaire_data
from assessments.reports import page_charts, pdf


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


def response_charts_submit(*, response) -> Job:
    """Queue the drawing of a just-submitted response's charts, in every language,
    so that its first view is as fast as a repeat one."""
    return queue.job_submit(
        kind=Job.Kind.CHARTS,
        key=f"response-charts:{response.pk}",
        task=draw_response_charts,
        payload={"response": response.pk},
        total=len(settings.LANGUAGES),
    )


@task()
def draw_response_charts(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=draw_response_charts, work=_draw_charts)


def _draw_charts(job: Job) -> dict:
    response = Response.objects.select_related(
        "round__organisation", "round__questionnaire"
    ).get(pk=job.payload["response"])
    data = questionnaire_data(response.round.questionnaire)
    numbers = numbers_service.response_numbers(response)
    result = answer_scoring.response_result(
        response=response, data=data, numbers=numbers
    )
    since = response_since(response=response, data=data, result=result)
    for done, (language, _name) in enumerate(settings.LANGUAGES, start=1):
        with translation.override(language):
            chart = page_charts.response_chart(
                response=response, result=result, since=since
            )
            chart.svg()
            chart.compact_svg_file()
        queue.job_progress(job, done=done)
    return {"response": response.pk}
