"""Bulk import and export at scale: time, SQL queries and peak memory.

    .venv/bin/python -m bench.bulk --sizes 1000,10000          # SQLite in a temp dir
    .venv/bin/python -m bench.bulk --sizes 1000 --postgres postgres://lmm:lmm@127.0.0.1:5432/lmm_h_bench

For each size N it makes a fresh database (SQLite file in a temp dir, or the named
PostgreSQL database dropped and created again), migrates it, writes a JSON file of N
records (organisations of 5 respondents, one round each) and runs, each in its own
child process so that peak memory is its own:

- `import_answers FILE` (the check of every record, then the bulk write);
- `export_results --format csv` of the N responses into /dev/null;
- `export_results --rounds --format csv`;
- with `--action-sizes`, `export_results --actions --format csv` of that many plan
  actions (in a database of their own).

Each child reports wall time, SQL queries and its peak RSS (VmHWM, reset through
/proc/self/clear_refs once Django is loaded) together with the RSS right after
Django was loaded: the import's peak is the command's own, reading and parsing its
file included, and "beyond" is peak minus that baseline. Prints a Markdown table; `--json` prints
the raw figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESPONDENTS_PER_ROUND = 5


def _records(count: int) -> list[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lmm_site.settings")
    import django

    django.setup()
    from assessments.answering import answer_scoring
    from assessments.questionnaire.data import questionnaire_current, questionnaire_data

    data = questionnaire_data(questionnaire_current())
    answers = {}
    while missing := answer_scoring.missing_codes(data, answers):
        for code in missing:
            values = sorted(data.choices[code])
            answers[code] = values[len(values) // 2]
    roles = ("marketing", "sales", "leadership")
    return [
        {
            "organisation": f"Bulk {n // RESPONDENTS_PER_ROUND:06d}",
            "year": 2025,
            "respondent": f"p{n}@bulk.test",
            "role": roles[n % len(roles)],
            "answers": answers,
        }
        for n in range(count)
    ]


def _rss_mb(field: str = "VmRSS:") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


def _server_cpu(connection):
    """A function giving the CPU seconds of the PostgreSQL backend serving
    `connection` (when the server runs on this machine), else 0: SQLite works in
    this process, whose own CPU time counts it."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    if not stat.exists():
        return lambda: 0.0

    def seconds() -> float:
        # Fields 14 and 15 (utime, stime), counted after the ")" closing field 2.
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return seconds


def _child(argv: list[str]) -> None:
    """Run one command in this process and print its figures as JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # As in production. DEBUG keeps the SQL of up to 9,000 queries: megabytes the
    # commands themselves never hold.
    settings.DEBUG = False

    kind, *rest = argv
    if kind == "seed-actions":
        _seed_actions(int(rest[0]))
        return
    connection.ensure_connection()
    # Reset the peak: a forked child starts with its parent's high-water mark.
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    baseline = _rss_mb()
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    server = _server_cpu(connection)
    server_started = server()
    cpu_started = time.process_time()
    started = time.perf_counter()
    with connection.execute_wrapper(count), open(os.devnull, "w") as sink:
        if kind == "import":
            call_command("import_answers", rest[0], stdout=sink)
        elif kind == "export":
            call_command("export_results", "--format", "csv", stdout=sink)
        elif kind == "rounds":
            call_command("export_results", "--rounds", "--format", "csv", stdout=sink)
        elif kind == "actions":
            call_command("export_results", "--actions", "--format", "csv", stdout=sink)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started + server() - server_started
    peak = _rss_mb("VmHWM:")
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                "cpu_seconds": round(cpu, 2),
                "queries": queries,
                "baseline_mb": round(baseline, 1),
                "peak_mb": round(peak, 1),
                "beyond_mb": round(peak - baseline, 1),
            }
        )
    )


def _seed_actions(count: int) -> None:
    """`count` plan actions over 100 organisations, written in batches."""
    import datetime

    from assessments.models import Action, Organisation

    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Plans {n:03d}") for n in range(100)
    )
    due = datetime.date(2026, 6, 30)
    batch = 5000
    for start in range(0, count, batch):
        Action.objects.bulk_create(
            Action(
                organisation=organisations[n % 100],
                year=2025 + n % 2,
                title=f"Write down what a qualified lead is ({n})",
                source="statement",
                source_code="lm-01",
                due_date=due,
                status="open",
            )
            for n in range(start, min(count, start + batch))
        )


def _run_child(env: dict, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bulk", "--child", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode:
        sys.exit(f"bench.bulk child {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fresh_database(workdir: Path, postgres: str | None) -> str:
    if not postgres:
        path = workdir / "bulk.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = postgres.rsplit("/", 1)[1]
    admin = postgres.rsplit("/", 1)[0] + "/postgres"
    import psycopg2

    connection = psycopg2.connect(admin)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    return postgres


def _env(workdir: Path, postgres: str | None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lmm_site.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=_fresh_database(workdir, postgres),
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    return env


def measure_actions(size: int, postgres: str | None, workdir: Path) -> dict:
    env = _env(workdir, postgres)
    subprocess.run(
        [sys.executable, "-m", "bench.bulk", "--child", "seed-actions", str(size)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=1800,
    )
    return {"size": size, "actions": _run_child(env, "actions")}


def measure(size: int, postgres: str | None, workdir: Path) -> dict:
    env = _env(workdir, postgres)
    records_file = workdir / f"records-{size}.json"
    if not records_file.exists():
        # Straight into the file: held in this process, the text would raise the
        # starting peak of every child forked after it.
        with open(records_file, "w") as out:
            subprocess.run(
                [sys.executable, "-m", "bench.bulk", "--make", str(size)],
                cwd=ROOT,
                env=env,
                stdout=out,
                check=True,
                timeout=600,
            )
    return {
        "size": size,
        "file_mb": round(records_file.stat().st_size / 2**20, 1),
        "import": _run_child(env, "import", str(records_file)),
        "export": _run_child(env, "export"),
        "rounds": _run_child(env, "rounds"),
    }


def report(results: list[dict], database: str) -> str:
    lines = [
        f"Database: {database}. Rounds of {RESPONDENTS_PER_ROUND} respondents; "
        "'beyond' is peak RSS minus the RSS after Django loaded (the import's peak "
        "includes reading and parsing its file); "
        "'CPU s' is the CPU time of the command plus, on PostgreSQL, of the server "
        "process serving it: what the step costs whatever else the machine runs "
        "(waits for the disk not included).",
        "",
        "| Records | Step | Seconds | CPU s | SQL queries | Peak RSS MB "
        "| Beyond baseline MB |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        for step, label in (
            ("import", "import_answers"),
            ("export", "export_results (csv)"),
            ("rounds", "export_results --rounds"),
            ("actions", "export_results --actions (csv)"),
        ):
            if step not in result:
                continue
            figures = result[step]
            lines.append(
                f"| {result['size']:,} | {label} | {figures['seconds']} | "
                f"{figures['cpu_seconds']} | "
                f"{figures['queries']:,} | {figures['peak_mb']} | {figures['beyond_mb']} |"
            )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--make":
        json.dump(_records(int(sys.argv[2])), sys.stdout)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument(
        "--postgres",
        help="postgres://… URL of a database to drop and create for each size",
    )
    parser.add_argument(
        "--action-sizes",
        default="",
        help="numbers of plan actions for `export_results --actions`, e.g. 4000,400000",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--output",
        type=Path,
        help="Markdown file (docs/performance.md) whose bulk section to replace",
    )
    options = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="lmm-bulk-") as workdir:
        for size in (int(s) for s in options.sizes.split(",") if s):
            results.append(measure(size, options.postgres, Path(workdir)))
            print(json.dumps(results[-1]), file=sys.stderr)
        for size in (int(s) for s in options.action_sizes.split(",") if s):
            results.append(measure_actions(size, options.postgres, Path(workdir)))
            print(json.dumps(results[-1]), file=sys.stderr)
    database = "PostgreSQL" if options.postgres else "SQLite"
    if options.json:
        print(json.dumps(results, indent=2))
        return
    text = report(results, database)
    print(text)
    if options.output:
        section_write(options.output, database, text, options)


SECTION_START = "<!-- bench.bulk {database} start -->"
SECTION_END = "<!-- bench.bulk {database} end -->"


def section_write(path: Path, database: str, table: str, options) -> None:
    """Put the figures into `path` between this database's markers (bench/run.py
    keeps these sections when it rewrites the file)."""
    import platform
    from datetime import UTC, datetime

    start = SECTION_START.format(database=database)
    end = SECTION_END.format(database=database)
    load = os.getloadavg()
    command = " ".join(["python -m bench.bulk", *sys.argv[1:]])
    section = "\n".join(
        [
            start,
            f"### Bulk import and export, {database}",
            "",
            f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; command: `{command}`",
            f"- Machine: {os.cpu_count()} CPU(s), {platform.platform()}, Python "
            f"{platform.python_version()}; load average at the end "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (other work shared the "
            "CPUs: the times are upper bounds)",
            "",
            table,
            end,
        ]
    )
    text = path.read_text() if path.exists() else ""
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
