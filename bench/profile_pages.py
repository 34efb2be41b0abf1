#!/usr/bin/env python
"""CPU per request of the consultant-scale pages against the floor, in one process,
and where it goes (cProfile).

Usage (the project's virtualenv):

    .venv/bin/python bench/profile_pages.py [--repeat 30] [--profile team|history|submit]

In a temp dir removed at the end: a SQLite database, migrated, the static
manifest collected (DEBUG is off, as in production); a team round of 50
respondents with 30 drafts waiting for their final submit in the same round, and
an organisation with 10 years of rounds (5 respondents each). Workers are
external (`LMM_TASK_WORKER=external`) and run here between the measurements, so
the timings hold only what the request does. Each page is requested once to warm
the process (templates, questionnaire, stored results), then `--repeat` times;
the figure is the median thread CPU per request (`time.thread_time`), beside the
floor view's (`/bench/floor/`, the full middleware stack and nothing else)
measured the same way in the same process. Prints a table; nothing is written.
"""

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def submit_drafts(round_path: str, count: int, answers: dict) -> list[dict]:
    """`count` members of the team round, each with every page but the last saved
    complete: their final submit is one POST each."""
    from django.contrib.auth import get_user_model

    from assessments.answering import responses
    from assessments.models import Membership, Round
    from assessments.questionnaire import data as questionnaire_data
    from bench.seed import ready_to_submit

    round_ = Round.objects.get(pk=int(round_path.strip("/").split("/")[-1]))
    data = questionnaire_data.questionnaire_data(round_.questionnaire)
    drafts = []
    for number in range(count):
        user = get_user_model().objects.create_user(
            username=f"late{number}@bench.test", email=f"late{number}@bench.test"
        )
        Membership.objects.create(
            organisation=round_.organisation, user=user, role="sales"
        )
        response = responses.response_get_or_create(
            round=round_, respondent=user, role="sales"
        )
        drafts.append({"user": user, **ready_to_submit(response, data, answers)})
    return drafts


def cpu_ms(request, expect: int, *, count: bool = False) -> tuple[float, int]:
    """Thread CPU of one request (ms), and its SQL queries when `count` (counting
    costs CPU of its own: such a request's time is not used)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        if not count:
            connection.force_debug_cursor = False
        started = time.thread_time()
        response = request()
        spent = (time.thread_time() - started) * 1000
    assert response.status_code == expect, response.status_code
    return spent, len(queries) if count else 0


def measure_get(client, path: str, repeat: int) -> dict:
    cpu_ms(lambda: client.get(path), 200)  # warm: templates, caches
    runs = [cpu_ms(lambda: client.get(path), 200) for _ in range(repeat)]
    return {
        "cpu": statistics.median(spent for spent, _ in runs),
        "queries": cpu_ms(lambda: client.get(path), 200, count=True)[1],
    }


def measure_submits(client, drafts: list[dict]) -> dict:
    from bench.jobs import run_jobs

    runs = []
    for number, draft in enumerate(drafts):
        client.force_login(draft["user"])
        runs.append(
            cpu_ms(
                lambda d=draft: client.post(d["url"], d["form"]),
                302,
                count=number == len(drafts) - 1,
            )
        )
    run_jobs(worker_id="bench")
    # The first submit also warms the code path, the last counts its queries.
    return {
        "cpu": statistics.median(spent for spent, _ in runs[1:-1]),
        "queries": runs[-1][1],
    }


def profiled(request, repeat: int) -> None:
    profile = cProfile.Profile()
    for _ in range(repeat):
        profile.enable()
        request()
        profile.disable()
    stats = pstats.Stats(profile).sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["BENCH_STATIC_ROOT"] = str(workdir / "static")
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["LMM_TASK_WORKER"] = "external"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bench_settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--submits", type=int, default=15)
    parser.add_argument(
        "--profile",
        action="append",
        choices=("team", "history", "submit"),
        help="after the table, where this request's time goes (repeatable)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lmm-profile-"))
    try:
        setup(workdir)
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.utils import timezone

        from assessments.models import Questionnaire
        from assessments.questionnaire import data as questionnaire_data
        from bench.jobs import run_jobs
        from bench.scenarios import HISTORY_YEARS, history_organisation, team_round
        from bench.seed import complete_answers

        year = timezone.now().year
        user = get_user_model().objects.create_user(
            "bench@example.com", "bench@example.com"
        )
        data = questionnaire_data.questionnaire_data(
            Questionnaire.objects.filter(is_published=True).latest("version")
        )
        answers = complete_answers(data)
        team = team_round(user, year, answers)
        history = history_organisation(user, year, answers)
        drafts = submit_drafts(team, args.submits + 1, answers)
        # Stored results and charts, as the workers leave them.
        run_jobs(worker_id="bench")

        client = Client()
        client.force_login(user)
        floor = measure_get(client, "/bench/floor/", args.repeat * 3)
        figures = {
            "floor (bare Django view)": floor,
            "team round page, 50 respondents": measure_get(client, team, args.repeat),
            f"history, {HISTORY_YEARS} years": measure_get(
                client, history, args.repeat
            ),
            "final submit (team of 50)": measure_submits(client, drafts[1:]),
        }
        print("| Request | CPU ms (median) | × the floor | SQL queries |")
        print("|---|---:|---:|---:|")
        for name, figure in figures.items():
            print(
                f"| {name} | {figure['cpu']:.1f} | {figure['cpu'] / floor['cpu']:.1f} "
                f"| {figure['queries']} |"
            )
        for what in args.profile or []:
            print(f"\n## cProfile: {what}")
            if what == "submit":
                draft = drafts[0]
                client.force_login(draft["user"])
                profiled(lambda d=draft: client.post(d["url"], d["form"]), 1)
            else:
                client.force_login(user)
                path = team if what == "team" else history
                profiled(lambda p=path: client.get(p), args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
