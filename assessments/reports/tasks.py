"""Drawing in a worker: a report's PDF for the page that waits for it, and a
submitted response's charts before anyone asks for them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.utils import translation
from django_tasks import task

from assessments.answering import answer_scoring
from assessments.answering import numbers as numbers_service
from assessments.history import timeline
from assessments.history.since import response_since, round_since
from assessments.jobs import queue
from assessments.models import Job, Membership, Response, Round
from assessments.organisations import access
from assessments.questionnaire.data import questionnaire_data
from assessments.reports import page_charts, pdf
from assessments.teams import anonymity, round_store
from assessments.teams import results as team_results


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


def response_submitted(*, response) -> Job:
    """Queue, as one job, everything a final submit leaves to a worker: the result's
    charts in every language, the round's stored result and `TeamResult` row, the
    team page's and history's charts. The request then writes the response, this one
    job and the webhooks' deliveries (queued by `responses.submit` itself, so that
    imports and the API tell them alike), and nothing else."""
    return queue.job_submit(
        kind=Job.Kind.CHARTS,
        key=f"submitted:{response.pk}:{response.submitted_at.timestamp()}",
        task=after_submit,
        payload={"response": response.pk},
        total=3,
    )


@task()
def after_submit(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=after_submit, work=_after_submit)


def _after_submit(job: Job) -> dict:
    response = Response.objects.select_related(
        "round__organisation", "round__questionnaire"
    ).get(pk=job.payload["response"])
    _draw_response_charts(response)
    queue.job_progress(job, done=1)
    round_store.round_refresh(round=response.round)
    queue.job_progress(job, done=2)
    charts = _draw_round_and_history(response.round)
    queue.job_progress(job, done=3)
    return {"response": response.pk, "charts": charts}


def _draw_response_charts(response) -> None:
    data = questionnaire_data(response.round.questionnaire)
    numbers = numbers_service.response_numbers(response)
    result = answer_scoring.response_result(
        response=response, data=data, numbers=numbers
    )
    since = response_since(response=response, data=data, result=result)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            chart = page_charts.response_chart(
                response=response, result=result, since=since
            )
            chart.svg()
            chart.compact_svg_file()


def round_charts_submit(*, round) -> Job:  # noqa: A002
    """Queue the drawing of a round's team chart and its organisation's history
    chart, for every reader and language, after a submission, closing or
    reopening: the first view of either page then draws nothing."""
    state = "closed" if round.is_closed else "open"
    return queue.job_submit(
        kind=Job.Kind.CHARTS,
        key=f"round-charts:{round_store.round_key(round)}:{state}",
        task=draw_round_charts,
        payload={"round": round.pk},
        total=1,
    )


@task()
def draw_round_charts(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=draw_round_charts, work=_draw_round_charts)


def _draw_round_charts(job: Job) -> dict:
    round_ = Round.objects.select_related("organisation", "questionnaire").get(
        pk=job.payload["round"]
    )
    return {"round": round_.pk, "charts": _draw_round_and_history(round_)}


# Rounds refreshed by one job after a bulk write: a failure retries at most these,
# and several workers share a large import's rounds.
ROUNDS_PER_JOB = 100


def rounds_changed(*, round_ids) -> list[Job]:
    """Queue, for rounds a bulk write (an import) added submissions to, what a
    submission or a round's closing queues for one: the round's stored result and
    `TeamResult` row, and every reader's team and history chart in every language.
    One job per `ROUNDS_PER_JOB` rounds rather than two per round: an import of
    10,000 records touches 2,000 rounds."""
    ids = sorted(set(round_ids))
    batch = uuid.uuid4().hex
    return [
        queue.job_submit(
            kind=Job.Kind.CHARTS,
            key=f"rounds-changed:{batch}:{start}",
            task=refresh_rounds,
            payload={"rounds": ids[start : start + ROUNDS_PER_JOB]},
            total=len(ids[start : start + ROUNDS_PER_JOB]),
        )
        for start in range(0, len(ids), ROUNDS_PER_JOB)
    ]


@task()
def refresh_rounds(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=refresh_rounds, work=_refresh_rounds)


def _refresh_rounds(job: Job) -> dict:
    rounds = (
        Round.objects.select_related("organisation", "questionnaire")
        .filter(pk__in=job.payload["rounds"])
        .order_by("pk")
    )
    charts = 0
    done = 0
    # A round deleted since the import is simply not there any more.
    for done, round_ in enumerate(rounds, start=1):
        round_store.round_refresh(round=round_)
        charts += _draw_round_and_history(round_)
        queue.job_progress(job, done=done)
    return {"rounds": done, "charts": charts}


def _draw_round_and_history(round_) -> int:
    """Every reader's team and history chart of the round, in every language; how
    many distinct charts there were."""
    organisation = round_.organisation
    # What a chart shows depends on who reads it (admin, a role's only respondent,
    # one person of an anonymous round, the consultant); readers who see the same
    # chart share its stored drawing, so each distinct chart is drawn once.
    readers = [(None, access.ConsultantViewer())] + [
        (membership.user_id, membership)
        for membership in Membership.objects.filter(organisation=organisation)
    ]
    stored = round_store.round_result_stored(round=round_)
    drawn = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for user_id, reader in readers:
                for chart in _reader_charts(round_, stored, user_id, reader):
                    _draw_once(chart, drawn)
    return len(drawn)


def _reader_charts(round_, stored, user_id, reader):
    combined = anonymity.for_reader(stored, round=round_, user_id=user_id)
    roles = team_results.visible_roles(combined, viewer=reader)
    since = round_since(round=round_, combined=combined, viewer=reader)
    yield page_charts.round_chart(
        round_=round_, combined=combined, roles=roles, since=since
    )
    viewer = timeline.Viewer(
        organisation=round_.organisation,
        user_id=user_id,
        sees_everything=reader.is_admin,
        is_admin=reader.is_admin and user_id is not None,
    )
    yield page_charts.history_chart(
        organisation=round_.organisation,
        years=timeline.organisation_years(viewer=viewer),
    )


def _draw_once(chart, drawn: set) -> None:
    if chart is None:
        return
    signature = (chart.key, repr(chart.chart.fingerprint()))
    if signature in drawn:
        return
    drawn.add(signature)
    chart.svg()
    chart.compact_svg_file()
