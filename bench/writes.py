"""Writes under concurrent load: questionnaire step saves and final submits.

`python -m bench.writes CONCURRENCY SUBMITS` (run by bench/run.py before gunicorn
starts, with the benchmark's environment) makes one writer per client thread, each
with a draft response of its own, and SUBMITS drafts whose every step but the last is
answered; it prints their sessions, URLs and form data as JSON. `measure` then

- saves step 1 again and again from every thread at once, alternating the answers
  so that each save really writes, for the given seconds;
- submits the prepared drafts, the client threads sharing them out, all at once.

Every answer that is not 2xx/3xx counts as a failure; the share must be 0. SQLite
serialises writers: IMMEDIATE transactions and the busy timeout make them queue
instead of failing with "database is locked".
"""

from __future__ import annotations

import http.client
import json
import math
import queue
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF = "b" * 32  # a CSRF secret the runner sets as cookie and form field alike
REQUEST_TIMEOUT = 60.0


def seed(concurrency: int, submits: int) -> dict:
    import django

    django.setup()

    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from assessments.answering import responses
    from assessments.answering import steps as answering_steps
    from assessments.organisations import create, rounds
    from assessments.questionnaire import data as questionnaire_data
    from bench.seed import complete_answers, ready_to_submit

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    def draft(number: int, kind: str):
        user = get_user_model().objects.create_user(
            username=f"{kind}{number}@bench.test", email=f"{kind}{number}@bench.test"
        )
        organisation = create.organisation_create(
            creator=user, name=f"Bench {kind} {number}", revenue_team_size=10
        )
        round_ = rounds.round_get_or_create(
            organisation=organisation, year=timezone.now().year
        )
        response = responses.response_get_or_create(
            round=round_, respondent=user, role="marketing"
        )
        return user, round_, response

    writers = []
    for number in range(concurrency):
        user, round_, _response = draft(number, "writer")
        data = questionnaire_data.questionnaire_data(round_.questionnaire)
        codes = answering_steps.response_steps(data)[0].codes
        writers.append(
            {
                "session": session_for(user),
                "url": f"/rounds/{round_.pk}/steps/1/",
                "forms": [
                    {code: sorted(data.choices[code])[i] for code in codes}
                    | {"next": "1"}
                    for i in (1, 3)
                ],
            }
        )
    submitters = []
    for number in range(submits):
        user, round_, response = draft(number, "submitter")
        data = questionnaire_data.questionnaire_data(round_.questionnaire)
        submitters.append(
            {
                "session": session_for(user),
                **ready_to_submit(response, data, complete_answers(data)),
            }
        )
    return {"writers": writers, "submitters": submitters}


@dataclass
class WriteRun:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    elapsed: float = 0.0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def failures(self) -> int:
        return sum(n for s, n in self.statuses.items() if not 200 <= s < 400)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _post(conn, url: str, session: str, form: dict) -> int:
    conn.request(
        "POST",
        url,
        body=urlencode(form | {"csrfmiddlewaretoken": CSRF}),
        headers={
            "Cookie": f"csrftoken={CSRF}; sessionid={session}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status


def _threads(host: str, port: int, work, count: int) -> WriteRun:
    """Run `work(conn, record)` in `count` threads at once; `record(status, s)`."""
    run = WriteRun()
    lock = threading.Lock()
    start = threading.Barrier(count)

    def record(status: int, seconds: float) -> None:
        with lock:
            run.statuses[status] += 1
            run.latencies.append(seconds)

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
        start.wait()
        try:
            work(index, conn, record)
        finally:
            conn.close()

    threads = [
        threading.Thread(target=client, args=(i,), daemon=True) for i in range(count)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    run.elapsed = time.perf_counter() - began
    if any(thread.is_alive() for thread in threads):
        raise SystemExit("bench: write client threads did not stop")
    return run


def _timed(conn, record, url, session, form) -> None:
    began = time.perf_counter()
    try:
        status = _post(conn, url, session, form)
    except (OSError, http.client.HTTPException):
        status = 0  # no answer at all: a failure too
        conn.close()
    record(status, time.perf_counter() - began)


def measure(host: str, port: int, prepared: dict, *, seconds: float) -> dict:
    """Step saves for `seconds` from every writer at once, then every submit."""
    writers, submitters = prepared["writers"], prepared["submitters"]

    def save_steps(index, conn, record):
        writer = writers[index]
        deadline = time.perf_counter() + seconds
        turn = 0
        while time.perf_counter() < deadline:
            form = writer["forms"][turn % 2]
            turn += 1
            _timed(conn, record, writer["url"], writer["session"], form)

    todo: queue.Queue = queue.Queue()
    for submitter in submitters:
        todo.put(submitter)

    def submit(index, conn, record):
        while True:
            try:
                job = todo.get_nowait()
            except queue.Empty:
                return
            _timed(conn, record, job["url"], job["session"], job["form"])

    return {
        "step save": _threads(host, port, save_steps, len(writers)),
        "final submit": _threads(host, port, submit, len(writers)),
    }


def markdown(runs: dict[str, WriteRun], concurrency: int) -> str:
    lines = [
        "",
        "## Writes under concurrent load",
        "",
        f"{concurrency} client threads write at once, each as its own user: step 1 "
        "saved again and again (answers alternating, so every save writes), then "
        "the final step of prepared drafts saved and submitted. Any answer that is "
        "not 2xx/3xx is a failure.",
        "",
        "| Write | requests | per second | p50 | p95 | non-2xx/3xx | share |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        share = run.failures / run.requests if run.requests else 0.0
        lines.append(
            f"| {name} | {run.requests} | {run.requests / run.elapsed:.1f} | "
            f"{run.percentile(50):.0f} ms | {run.percentile(95):.0f} ms | "
            f"{run.failures} | {share:.1%} |"
        )
    statuses = "; ".join(
        f"{name}: " + ", ".join(f"{s}×{n}" for s, n in sorted(run.statuses.items()))
        for name, run in runs.items()
    )
    lines += ["", f"Statuses: {statuses}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(seed(int(sys.argv[1]), int(sys.argv[2]))))
