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
from bench.load import Run


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


def ms(value: float) -> str:
    return f"{value:.1f}"


def results_table(runs: dict[str, Run]) -> str:
    lines = [
        "| Endpoint | Requests | req/s | p50 ms | p95 ms | p99 ms | max ms | Errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        lines.append(
            f"| {ENDPOINTS[name]} | {run.requests} | {run.rate:.1f} | "
            f"{ms(run.percentile(50))} | {ms(run.percentile(95))} | "
            f"{ms(run.percentile(99))} | {ms(run.percentile(100))} | {run.errors} |"
        )
    return "\n".join(lines)


def detail_table(runs: dict[str, Run], seed: dict) -> str:
    lines = [
        "| Endpoint | Path | SQL queries | Server CPU ms/request | Body bytes "
        "| Requests per worker | New connections |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for name, run in runs.items():
        cpu = (
            f"{1000 * run.server_cpu / run.requests:.2f}"
            if run.server_cpu is not None and run.requests
            else "n/a"
        )
        spread = " / ".join(str(count) for _pid, count in sorted(run.workers.items()))
        lines.append(
            f"| {ENDPOINTS[name]} | `{seed['paths'][name]}` | {seed['queries'][name]} "
            f"| {cpu} | {run.body_bytes} | {spread} | {run.connects} |"
        )
    return "\n".join(lines)


def rest_cpu(run: Run, cpus: int) -> float | None:
    """CPU-seconds of the run charged to neither workers nor client, nor idle."""
    known = (run.server_cpu, run.client_cpu, run.idle_cpu, run.steal_cpu)
    return None if None in known else cpus * run.elapsed - sum(known)


def cpu_table(runs: dict[str, Run], cpus: int) -> str:
    """CPU-seconds per wall second: workers, client, idle, steal, and the rest
    (other processes and kernel work not charged to either), which should be small."""

    def share(seconds: float | None, run: Run) -> str:
        return "n/a" if seconds is None else f"{seconds / run.elapsed:.2f}"

    lines = [
        "| Endpoint | gunicorn workers | load generator | idle | steal | rest |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, run in runs.items():
        rest = rest_cpu(run, cpus)
        lines.append(
            f"| {ENDPOINTS[name]} | {share(run.server_cpu, run)} "
            f"| {share(run.client_cpu, run)} | {share(run.idle_cpu, run)} "
            f"| {share(run.steal_cpu, run)} | {share(rest, run)} |"
        )
    return "\n".join(lines)


def ratios(runs: dict[str, Run]) -> list[str]:
    floor = runs["floor"].rate
    return [
        f"- {ENDPOINTS[name]}: {run.rate / floor:.2f}× the floor "
        f"({run.rate:.1f} vs {floor:.1f} req/s)"
        for name, run in runs.items()
        if name != "floor" and floor
    ]


def interpretation(runs, seed, args, info) -> list[str]:
    floor, step, result = runs["floor"], runs["step"], runs["result"]
    cpus = int(info["cpus"])

    def per_request(run: Run) -> str:
        if run.server_cpu is None or not run.requests:
            return "n/a"
        return f"{1000 * run.server_cpu / run.requests:.1f} ms"

    def per_second(seconds: float | None, run: Run) -> float | None:
        return None if seconds is None else seconds / run.elapsed

    single = seed["single_request_ms"]
    notes = [
        f"- The floor ({floor.rate:.0f} req/s) is Django's full middleware stack, "
        "URL resolution and a two-byte `HttpResponse`: no database, no template. "
        "It is the ceiling of this deployment on this machine; the ratios say how "
        "much of it each page's own work uses up.",
        f"- A questionnaire step runs at {step.rate / floor.rate:.2f}× the floor, the "
        f"result page at {result.rate / floor.rate:.2f}×. Each runs a fixed number "
        f"of SQL queries ({seed['queries']['step']} and {seed['queries']['result']}, "
        "counted on a warm request; `tests/answering/test_step_pages.py` and "
        "`tests/results/test_result_page.py` hold them to a fixed budget, so they do not grow "
        "with the number of questions) and renders a full template (the "
        f"step: {seed['step_questions']} radio-button questions, whose markup is "
        "rendered once per questionnaire version and language and then only filled "
        "in: assessments/step_markup.py). gunicorn CPU per request: floor "
        f"{per_request(floor)}, step "
        f"{per_request(step)}, result page {per_request(result)}.",
    ]
    pages = (step, result)
    busy = [per_second(run.server_cpu, run) for run in pages]
    idle = [per_second(run.idle_cpu, run) for run in pages]
    rest = {name: per_second(rest_cpu(run, cpus), run) for name, run in runs.items()}
    if None not in busy + idle and max(idle) < 0.1 * cpus:
        notes.append(
            "- The pages are CPU-bound: during their runs the machine had no idle "
            f"CPU to speak of (at most {max(idle):.2f} CPU-seconds per second), and "
            f"the {args.workers} gunicorn workers used {busy[0]:.2f} (step) and "
            f"{busy[1]:.2f} (result page) of the {cpus} CPU(s). More throughput "
            "needs less work per request or more cores, not more concurrency."
        )
    notes.append(
        "- Charts and PDFs come from the drawn-chart cache (assessments/drawn_cache.py:"
        " a database table shared by the workers, as no REDIS_URL is set, with a "
        "copy in each worker's memory), where the seed step left them, so the timed "
        "run never draws one. For scale, one request in "
        "a single process (the seed step, Django's test client, no server): result "
        f"page {single['result']['cold']:.0f} ms for the first view (draws the chart, "
        f"compiles the templates), {single['result']['warm']:.0f} ms after; step "
        f"{single['step']['cold']:.0f} ms cold, {single['step']['warm']:.0f} ms warm."
    )
    client = per_second(floor.client_cpu, floor)
    notes.append(
        f"- The load generator runs on the same {cpus} CPU(s) as the server. During "
        f"the floor run it used {client:.2f} CPU-seconds per second, so the floor is "
        "understated: with the client on another machine it would be higher and the "
        "ratios lower. During the page runs the client used little CPU (table "
        "above). gunicorn's sync worker closes the connection after each response, "
        "so every request includes a loopback TCP connect ('new connections')."
    )
    known_rest = {name: value for name, value in rest.items() if value is not None}
    disturbed = [name for name, value in known_rest.items() if value >= QUIET_THRESHOLD]
    if disturbed:
        names = ", ".join(
            f"{ENDPOINTS[name]} {known_rest[name]:.2f}" for name in disturbed
        )
        notes.append(
            "- **Other activity on the machine** took CPU during some loops even "
            f"after the repeats ('rest', CPU-seconds per second: {names}). Those "
            "figures are depressed by it, and a depressed floor also raises the "
            "ratios; rerun on a quiet machine before comparing."
        )
    elif known_rest:
        notes.append(
            "- The machine was otherwise quiet during the timed loops ('rest' at "
            f"most {max(known_rest.values()):.2f} CPU-seconds per second)."
        )
    notes.append(
        "- SQLite on local disk: every query is an in-process call. With PostgreSQL "
        "each query is a round trip to the database server, which weighs more on "
        "the pages with more queries."
    )
    if any(r.errors for r in runs.values()):
        notes.insert(0, "- **Some requests failed; these figures are not valid.**")
    if any(r.capped for r in runs.values()):
        notes.append(
            f"- At least one loop stopped at --max-requests ({args.max_requests}) "
            "before the time was up."
        )
    return notes


def markdown(runs, seed, args, info, code, started_at, repeated) -> str:
    workers = "sync" if args.threads == 1 else "gthread"
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
        "SQLite database in a temp dir, seeded through `assessments.services`",
        f"- Load: {args.concurrency} client threads on the same machine, one "
        f"http.client connection each, logged-in session; {args.seconds:g} s per "
        f"endpoint (at most {args.max_requests} requests) after a warm-up of at "
        f"least {args.warmup:g} s that reached every worker, and a wait (up to "
        f"{args.quiet_wait:g} s) for a one-second sample with under "
        f"{QUIET_THRESHOLD} CPU busy on the machine. A loop during which other "
        f"processes took {QUIET_THRESHOLD} CPU-seconds per second or more ('rest' "
        f"below) is measured again, up to {args.retries} times; repeated here: "
        + (
            ", ".join(f"{ENDPOINTS[n]} {k} time(s)" for n, k in repeated.items() if k)
            or "none"
        )
        + ". Only status 200 counts as success; latencies are of successful "
        "requests, nearest-rank percentiles.",
        "",
        "## Results",
        "",
        results_table(runs),
        "",
        "Throughput relative to the floor:",
        "",
        *ratios(runs),
        "",
        "Per request:",
        "",
        detail_table(runs, seed),
        "",
        f"CPU use during each timed run, in CPU-seconds per second (the machine "
        f"has {info['cpus']}; idle and steal are machine-wide, from /proc/stat; "
        "rest is whatever else ran: kernel work not charged to a process, other "
        "processes):",
        "",
        cpu_table(runs, int(info["cpus"])),
        "",
        "## Interpretation",
        "",
        *interpretation(runs, seed, args, info),
        "",
    ]
    return "\n".join(parts)


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
