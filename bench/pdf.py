#!/usr/bin/env python
"""Time to a report PDF: the first one drawn, and a repeat download from the cache.

Usage (the project's virtualenv):

    .venv/bin/python bench/pdf.py [--repeat 5]

In a temp dir that is removed at the end: a SQLite database, migrated; one
organisation with three submitted responses (a team view) and last year's round; then,
with Django's test client, for the result, team and history reports: the first PDF in
a fresh process (WeasyPrint and its fonts load, the chart is drawn), the first PDF of
another response in the warm process, and the cached PDF (median of `--repeat`). Prints
the figures; nothing is written.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed():
    from tests.factories import (
        answers_for,
        make_membership,
        make_organisation,
        make_response,
        make_round,
    )

    admin = make_membership(
        is_admin=True, role="leadership", organisation=make_organisation(name="Acme")
    )
    earlier = make_round(organisation=admin.organisation, year=2025)
    make_response(
        round=earlier,
        respondent=admin.user,
        role="leadership",
        submitted=True,
        answers=answers_for(relationship=1, maturity=1, ownership=0),
    )
    round_ = make_round(organisation=admin.organisation, year=2026)
    responses = []
    for role, rating in (("leadership", 2), ("marketing", 3), ("sales", 1)):
        member = (
            admin
            if role == "leadership"
            else make_membership(organisation=admin.organisation, role=role)
        )
        responses.append(
            make_response(
                round=round_,
                respondent=member.user,
                role=role,
                submitted=True,
                answers=answers_for(relationship=rating, maturity=3, ownership=0),
            )
        )
    return admin, round_, responses


def timed(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.jobs import follow

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        # An uncached PDF: the request queues it, the job runs here, as a worker's.
        response = follow(client, url)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lmm-pdf-"))
    try:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_DEBUG", "1")
        os.environ["DJANGO_SETTINGS_MODULE"] = "lmm_site.settings"
        # Jobs run in this process when asked (bench/jobs.py), not in a thread.
        os.environ["LMM_TASK_WORKER"] = "external"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        from assessments.reports import pdf

        call_command("migrate", verbosity=0)
        setup_test_environment()
        admin, round_, responses = seed()
        client = Client()
        client.force_login(admin.user)
        drawn = []
        real = pdf.render_pdf

        def counting(html, **kwargs):
            drawn.append(1)
            return real(html, **kwargs)

        pdf.render_pdf = counting

        first = timed(
            client, reverse("assessments:response-report", args=[responses[0].pk])
        )
        other = timed(
            client, reverse("assessments:response-report", args=[responses[1].pk])
        )
        rows = [("result, first in the process", first), ("result, another", other)]
        for name, url in (
            ("result", reverse("assessments:response-report", args=[responses[0].pk])),
            ("team", reverse("assessments:round-report", args=[round_.pk])),
            (
                "history",
                reverse("assessments:history-report", args=[admin.organisation_id]),
            ),
        ):
            if name != "result":
                rows.append((f"{name}, first", timed(client, url)))
            before = len(drawn)
            cached = [timed(client, url) for _ in range(args.repeat)]
            assert len(drawn) == before, "a cached report was drawn again"
            median = statistics.median(t for t, _q, _b in cached)
            rows.append(
                (f"{name}, cached (median of {args.repeat})", (median, *cached[0][1:]))
            )
        print("| Report | time | queries | PDF size |")
        print("|---|---:|---:|---:|")
        for name, (seconds, queries, size) in rows:
            print(
                f"| {name} | {seconds * 1000:.0f} ms | {queries} | {size // 1024} KB |"
            )
        print(f"PDFs drawn: {len(drawn)}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
