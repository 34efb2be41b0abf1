"""The team page's combined result, kept once computed and refreshed by a worker
when it changes (a submission, closing or reopening the round).

Combining a round re-scores every submitted response: 0.1 s at 50 respondents. The
result depends only on the round's submissions, so it is kept in the shared store
under a key made of their signature (count and last submission) and the
questionnaire: a page reads it with one aggregate query, whatever the team's size.
A change queues a job that computes the new result, refreshes the round's stored
`TeamResult` row (portfolio and benchmarks) and keeps both before anyone asks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.db.models import Count, Max
from django_tasks import task

from assessments.charts import store
from assessments.jobs import queue
from assessments.models import Job, Response, Round
from assessments.teams import results as team_results
from assessments.teams.stored_results import (
    rounds_with_submissions,
    team_results_refresh,
)

CACHE_PREFIX = "lmm:round-result:"
# Bump when RoundResult changes shape: old and new code never read each other's.
RESULT_VERSION = "2"
CACHE_TIMEOUT = 60 * 60 * 24 * 30
# Results this process has read, as objects: unpickling a round of 50 respondents
# from a cache (even the process's own locmem one) cost more than rendering the
# page. The keys name one state of the submissions, so a kept result never goes
# stale; the bound only limits memory (a round of 50 is about 1 MB as objects).
KEPT_ROUNDS = 16
_kept: OrderedDict[str, team_results.RoundResult] = OrderedDict()
_kept_lock = threading.Lock()


def round_key(round_: Round) -> str:
    """The key of the round's combined result as its submissions stand now."""
    signature = Response.objects.filter(
        round=round_, status=Response.Status.SUBMITTED
    ).aggregate(count=Count("pk"), last=Max("submitted_at"))
    return _key(round_, signature["count"], signature["last"])


def round_key_from(round_: Round, submitted) -> str:
    """`round_key` from the round's submitted responses already loaded: no query."""
    last = max((r.submitted_at for r in submitted), default=None)
    return _key(round_, len(submitted), last)


def _key(round_: Round, count: int, last) -> str:
    return (
        f"{CACHE_PREFIX}{RESULT_VERSION}:{round_.pk}:{round_.questionnaire_id}:"
        f"{count}:{last.isoformat() if last else '-'}"
    )


def round_result_kept(key: str) -> team_results.RoundResult | None:
    """The combined result stored under `key` (see `round_key_from`), if a worker
    or a page has computed it; None otherwise. Never computes."""
    with _kept_lock:
        combined = _kept.get(key)
        if combined is not None:
            _kept.move_to_end(key)
            return combined
    combined = store.get(key)
    if combined is not None:
        _keep(key, combined)
    return combined


def _keep(key: str, combined: team_results.RoundResult) -> None:
    with _kept_lock:
        _kept[key] = combined
        while len(_kept) > KEPT_ROUNDS:
            _kept.popitem(last=False)


def round_result_stored(*, round: Round) -> team_results.RoundResult:  # noqa: A002
    """`team_results.round_result`, computed once per state of the submissions."""
    key = round_key(round)
    combined = round_result_kept(key)
    if combined is None:
        combined = team_results.round_result(round=round)
        store.set(key, combined, CACHE_TIMEOUT)
        _keep(key, combined)
    return combined


def kept_clear() -> None:
    """Forget the results this process keeps (tests: row ids repeat after a
    rollback, and with them the keys)."""
    with _kept_lock:
        _kept.clear()


def round_changed(*, round: Round) -> Job:  # noqa: A002
    """Queue the refresh of a round whose submissions or state changed."""
    return queue.job_submit(
        kind=Job.Kind.CHARTS,
        key=f"round-refresh:{round_key(round)}",
        task=refresh_round,
        payload={"round": round.pk},
        total=1,
    )


@task()
def refresh_round(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=refresh_round, work=_refresh)


def _refresh(job: Job) -> dict:
    round_ = Round.objects.select_related("questionnaire", "organisation").get(
        pk=job.payload["round"]
    )
    round_refresh(round=round_)
    return {"round": round_.pk}


def round_refresh(*, round: Round) -> None:  # noqa: A002
    """Compute and keep the round's combined result as its submissions stand, and
    refresh its stored `TeamResult` row (in a worker: see `round_changed`)."""
    round_result_stored(round=round)
    team_results_refresh(rounds_with_submissions(Round.objects.filter(pk=round.pk)))
