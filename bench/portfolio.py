#!/usr/bin/env python
"""Server time of the consultant's portfolio with many clients.

Usage (the project's virtualenv):

    .venv/bin/python bench/portfolio.py [--clients 1000] [--repeat 5]

In a temp dir that is removed at the end: a SQLite database, migrated; `--clients`
organisations with two years of stored team results each, all assigned to one
consultant; then, with Django's test client, the floor (a bare Django view through
the whole middleware stack, bench/urls.py), the portfolio page cold (the chart is
drawn) and warm (the chart comes from the cache), sorted by the change, and the CSV
download, each with its SQL query count and its CPU time in this process (SQLite
runs in it, so the database's work is counted). Prints the figures; nothing is
written.
"""

import argparse
import cProfile
import gc
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed(count: int):
    """A consultant of `count` clients, each with two years of stored team results
    (the same clients as bench/run.py's portfolio scenario)."""
    from django.contrib.auth import get_user_model

    from bench.scenarios import consultant_with_clients

    consultant = get_user_model().objects.create_user("clara", "clara@example.com")
    consultant_with_clients(consultant, 2026, count)
    return consultant


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.process_time()
            response = client.get(url)
            times.append(time.process_time() - start)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print where the warm page's CPU goes (cProfile, top 30 by own time)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lmm-portfolio-"))
    try:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_DEBUG", "1")
        # The test client's host; no test environment, whose template signals
        # would copy every context and weigh on the page, not the floor.
        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        call_command("migrate", verbosity=0)
        consultant = seed(args.clients)
        client = Client()
        client.force_login(consultant)
        url = reverse("admin-portfolio:portfolio")
        timed(client, "/bench/floor/", args.repeat)
        floor, _ = timed(client, "/bench/floor/", args.repeat * 10)
        cold, queries = timed(client, url, 1)
        # The cold view drew the chart (matplotlib): its garbage is collected here,
        # not during the warm views that follow.
        gc.collect()
        warm, _ = timed(client, url, args.repeat)
        by_change, change_queries = timed(client, url + "?o=-change", args.repeat)
        csv_times, csv_queries = timed(
            client, reverse("admin-portfolio:csv") + "?industry=Retail", args.repeat
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [client.get(url) for _ in range(args.repeat)])
            pstats.Stats(profiler).sort_stats(
                os.environ.get("BENCH_SORT", "tottime")
            ).print_stats(int(os.environ.get("BENCH_TOP", "30")))
        floor_ms = statistics.median(floor) * 1000
        page_ms = statistics.median(warm) * 1000
        print(f"portfolio with {args.clients} clients (two years each), CPU ms:")
        print(f"  floor (bare view):   {floor_ms:7.1f} ms (median of {len(floor)})")
        print(f"  page, chart drawn:   {cold[0] * 1000:7.1f} ms, {queries} queries")
        print(
            f"  page, chart cached:  {page_ms:7.1f} ms "
            f"(median of {args.repeat}), {page_ms / floor_ms:.1f}x the floor"
        )
        change_ms = statistics.median(by_change) * 1000
        print(
            f"  sorted by change:    {change_ms:7.1f} ms, {change_queries} queries, "
            f"{change_ms / floor_ms:.1f}x the floor"
        )
        print(
            f"  CSV, one industry:   {statistics.median(csv_times) * 1000:7.1f} ms, "
            f"{csv_queries} queries"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
