"""The benchmark's report: the machine, the tables, the interpretation, and the
markdown page (docs/performance.md) with the sections other benchmarks keep."""

from __future__ import annotations

import os
import platform
import re
import shlex
import sqlite3
from importlib.metadata import version
from pathlib import Path

from bench.common import ENDPOINTS, HOST, QUIET_THRESHOLD
from bench.wrk import WrkRun


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": str(len(os.sched_getaffinity(0))),
        "cpu_model": model or platform.processor() or "unknown CPU",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": version("Django"),
        "gunicorn": version("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
    }


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def results_table(runs: dict[str, WrkRun], seed: dict) -> str:
    floor = runs["floor"].cpu_ms_per_request()
    lines = [
        "| Endpoint | Requests | req/s | p50 ms | p90 ms | p99 ms | Failed "
        "| SQL queries | Server CPU ms/request | × the floor's CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        cpu = run.cpu_ms_per_request()
        times = f"{cpu / floor:.1f}" if cpu and floor else "n/a"
        lines.append(
            f"| {ENDPOINTS[name]} | {run.requests} | {run.rate:.1f} | "
            f"{ms(run.latency_ms.get(50))} | {ms(run.latency_ms.get(90))} | "
            f"{ms(run.latency_ms.get(99))} | {run.failures} | "
            f"{seed['queries'][name]} | {ms(cpu)} | {times} |"
        )
    return "\n".join(lines)


def cpu_table(runs: dict[str, WrkRun], cpus: int) -> str:
    """CPU-seconds per wall second: workers, wrk, idle, steal, and the rest
    (other processes and kernel work not charged to either), which should be small."""

    def share(seconds: float | None, run: WrkRun) -> str:
        return "n/a" if seconds is None else f"{seconds / run.elapsed:.2f}"

    lines = [
        "| Endpoint | gunicorn workers | wrk | idle | steal | rest |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        rest = run.rest(cpus)
        lines.append(
            f"| {ENDPOINTS.get(name, name)} | {share(run.server_cpu, run)} "
            f"| {share(run.client_cpu, run)} | {share(run.idle_cpu, run)} "
            f"| {share(run.steal_cpu, run)} | {ms(rest) if rest is None else f'{rest:.2f}'} |"
        )
    return "\n".join(lines)


def peer_section(runs: dict[str, WrkRun], peer: dict | None) -> list[str]:
    """Our questionnaire step beside the peer's questionnaire page, one run."""
    if not peer:
        return []
    ours, theirs = runs["step"], peer["run"]
    described = peer["peer"]
    ours_cpu, their_cpu = ours.cpu_ms_per_request(), theirs.cpu_ms_per_request()
    lines = [
        "## Beside a peer: django-survey-and-report",
        "",
        f"{described['what']} Served like ours (gunicorn, same workers, SQLite in "
        "WAL mode, DEBUG off), measured in the same run with the same wrk settings, "
        "after our server was stopped.",
        "",
        "| Page | req/s | p50 ms | p99 ms | Server CPU ms/request |",
        "|---|---:|---:|---:|---:|",
        f"| LMM questionnaire step 1 (10 questions) | {ours.rate:.1f} | "
        f"{ms(ours.latency_ms.get(50))} | {ms(ours.latency_ms.get(99))} | "
        f"{ms(ours_cpu)} |",
        f"| {described['page']} | {theirs.rate:.1f} | "
        f"{ms(theirs.latency_ms.get(50))} | {ms(theirs.latency_ms.get(99))} | "
        f"{ms(their_cpu)} |",
        "",
    ]
    if theirs.rate and ours_cpu and their_cpu:
        lines.append(
            f"Our step page serves **{ours.rate / theirs.rate:.1f}×** the peer's "
            f"requests per second, at {ours_cpu / their_cpu:.2f}× its CPU per "
            "request (the goal: at least 3× its rate)."
        )
        lines.append("")
    return lines


def interpretation(runs, seed, args, info) -> list[str]:
    floor, step, result = runs["floor"], runs["step"], runs["result"]
    cpus = int(info["cpus"])
    single = seed["single_request_ms"]
    notes = [
        f"- The floor ({floor.rate:.0f} req/s) is Django's full middleware stack, "
        "URL resolution and a two-byte `HttpResponse`: no database, no template. "
        "It is the ceiling of this deployment on this machine; the CPU column says "
        "how many floors of work each page costs.",
        f"- A questionnaire step costs {ms(step.cpu_ms_per_request())} ms of server "
        f"CPU ({seed['queries']['step']} queries), the result page "
        f"{ms(result.cpu_ms_per_request())} ms ({seed['queries']['result']}); both "
        "query counts are fixed (`tests/answering/test_step_pages.py`, "
        "`tests/results/test_result_page.py`). The step renders its "
        f"{seed['step_questions']} radio groups with a plain template "
        "(templates/assessments/answering/_question.html) and loads the response "
        "with `select_related` in one query.",
        "- Charts and PDFs come from the drawn-chart store (assessments/charts/"
        "store.py: a database table shared by the workers, as no REDIS_URL is set, "
        "with each worker's own `charts-local` cache in front), where the seed step "
        "left them, so the timed run never draws one. For scale, one request in a "
        "single process (the seed step, Django's test client, no server): result "
        f"page {single['result']['cold']:.0f} ms for the first view (draws the "
        f"chart, compiles the templates), {single['result']['warm']:.0f} ms after; "
        f"step {single['step']['cold']:.0f} ms cold, {single['step']['warm']:.0f} ms "
        "warm.",
        f"- wrk runs on the same {cpus} CPU(s) as the server; during the floor run "
        f"it used {ms(floor.client_cpu / floor.elapsed if floor.client_cpu else None)} "
        "CPU-seconds per second (table above), little beside a Python client. "
        "gunicorn's sync worker closes the connection after each response, so every "
        "request includes a loopback TCP connect.",
    ]
    rests = {name: run.rest(cpus) for name, run in runs.items()}
    disturbed = {
        name: rest
        for name, rest in rests.items()
        if rest is not None and rest >= QUIET_THRESHOLD
    }
    if disturbed:
        names = ", ".join(f"{ENDPOINTS[n]} {r:.2f}" for n, r in disturbed.items())
        notes.append(
            "- **Other activity on the machine** took CPU during some runs even "
            f"after the repeats ('rest', CPU-seconds per second: {names}). Those "
            "figures are depressed by it; rerun on a quiet machine before comparing."
        )
    notes.append(
        "- SQLite on local disk: every query is an in-process call. With PostgreSQL "
        "each query is a round trip to the database server, which weighs more on "
        "the pages with more queries."
    )
    if any(run.failures for run in runs.values()):
        notes.insert(0, "- **Some requests failed; these figures are not valid.**")
    return notes


def markdown(runs, seed, args, info, code, started_at, repeated, peer, memory) -> str:
    workers = "sync" if args.threads == 1 else "gthread"
    repeats = [f"{ENDPOINTS[n]} {k} time(s)" for n, k in repeated.items() if k]
    all_runs = {**runs, **({"peer": peer["run"]} if peer else {})}
    parts = [
        "# Performance",
        "",
        "Measured with `bench/run.py` (see `bench/README.md`); the script rewrites "
        "this file. Reproduce with `.venv/bin/python bench/run.py`.",
        "",
        f"- Date: {started_at:%Y-%m-%d %H:%M} UTC",
        f"- Command: `{shlex.join(['.venv/bin/python', 'bench/run.py', *args.argv])}`",
        f"- Code: {code}",
        f"- Machine: {info['cpus']} CPU(s) available ({info['cpu_model']}), "
        f"{info['os']}; Python {info['python']}, Django {info['django']}, "
        f"gunicorn {info['gunicorn']}, SQLite {info['sqlite']}",
        f"- Server: `gunicorn lmm_site.wsgi --workers {args.workers} --threads "
        f"{args.threads}` ({workers} workers) on {HOST}, "
        "`DJANGO_SETTINGS_MODULE=bench.bench_settings` (the project's settings plus "
        "the floor view and a worker-PID response header), `DJANGO_DEBUG=0`, "
        "SQLite database in a temp dir, seeded through the app's own services",
        f"- Load: `wrk -t{args.wrk_threads} -c{args.connections} "
        f"-d{args.seconds:g}s --latency` with a logged-in session, after a wrk "
        f"warm-up of {args.warmup:g} s repeated until every worker had served the "
        f"page, and a wait (up to {args.quiet_wait:g} s) for a one-second sample "
        f"with under {QUIET_THRESHOLD} CPU busy. A run during which other processes "
        f"took {QUIET_THRESHOLD} CPU-seconds per second or more ('rest' below) is "
        f"measured again, up to {args.retries} times; repeated here: "
        + (", ".join(repeats) or "none")
        + ". Failed counts non-2xx/3xx answers and socket errors.",
        "",
        "## Results",
        "",
        results_table(runs, seed),
        "",
        f"CPU use during each timed run, in CPU-seconds per second (the machine "
        f"has {info['cpus']}; idle and steal are machine-wide, from /proc/stat; "
        "rest is whatever else ran):",
        "",
        cpu_table(all_runs, int(info["cpus"])),
        "",
        *peer_section(runs, peer),
        "## Interpretation",
        "",
        *interpretation(runs, seed, args, info),
        "",
    ]
    return "\n".join(parts) + memory_markdown(memory)


def kept_sections(path: Path) -> str:
    """The sections other benchmarks (bench/bulk.py, bench/pdf.py) keep in the file."""
    if not path.exists():
        return ""
    sections = re.finditer(
        r"<!-- bench\.(\w+) (\w+) start -->.*?<!-- bench\.\1 \2 end -->",
        path.read_text(),
        flags=re.S,
    )
    return "".join("\n" + match.group(0) + "\n" for match in sections)


def memory_markdown(workers: list[dict]) -> str:
    """The gunicorn workers' memory after serving every page above."""
    if not workers:
        return ""
    lines = [
        "",
        "## Worker memory",
        "",
        "Each gunicorn worker after the page loops (it served every page above, the "
        "charts and the PDF from the shared drawn-chart table, where the seed step "
        "left them): resident memory now and at its peak, and whether matplotlib "
        "or WeasyPrint's Pango was loaded into it.",
        "",
        "| Worker | RSS MB | peak RSS MB | matplotlib loaded | Pango loaded |",
        "|---|---:|---:|---|---|",
    ]
    for number, worker in enumerate(workers, 1):
        lines.append(
            f"| {number} | {worker['rss_mb']:.1f} | {worker['peak_mb']:.1f} | "
            f"{'yes' if worker['matplotlib'] else 'no'} | "
            f"{'yes' if worker['pango'] else 'no'} |"
        )
    return "\n".join(lines) + "\n"
