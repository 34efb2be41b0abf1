#!/usr/bin/env python
"""Throughput and latency of LMM Assessment pages served by gunicorn.

Usage (from anywhere; use the project's virtualenv):

    .venv/bin/python bench/run.py [--seconds 15] [--concurrency 4] [--workers 2]

Steps, all on 127.0.0.1 and in a temp dir that is removed at the end:

1. A throwaway SQLite database: `manage.py migrate` (which loads the
   questionnaire), `manage.py collectstatic` (DEBUG is off, so templates need
   the static manifest) and `python -m bench.seed` (a user, two organisations,
   a submitted and a draft response, made through assessments.services).
2. gunicorn serves `lmm_site.wsgi` with DJANGO_SETTINGS_MODULE=bench.bench_settings
   (the project's settings, plus the floor view /bench/floor/) on a free port,
   DEBUG off, a generated secret key, no SSL redirect.
3. The runner logs in like a browser (GET the login form, POST it with the CSRF
   token) and sends the session and CSRF cookies itself (they are Secure; this
   is plain HTTP on loopback).
4. For each endpoint -- floor, questionnaire step 1, result page -- a warm-up
   that must reach every gunicorn worker (charts are cached per process), a
   wait (--quiet-wait) for the machine to be idle, then N client threads, each
   with one http.client connection, request the page for --seconds or until
   --max-requests, whichever comes first. Any status other than 200, or a
   failed request, counts as an error. A loop disturbed by other processes is
   measured again, up to --retries times.
5. The figures go to stdout and to docs/performance.md (--output).

gunicorn is stopped by its PID in a `finally`; the exit status is 1 when any
measured request failed.

`--ref REV` benchmarks a commit instead of the working tree: `git archive REV`
is unpacked into the temp dir (with this bench/ directory copied in) and served
from there, so uncommitted edits elsewhere in the checkout don't leak in.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import writes  # noqa: E402
from bench import wrk as wrk_tool  # noqa: E402

HOST = "127.0.0.1"
EMAIL = "bench@example.com"
WORKER_HEADER = "X-Bench-Worker"  # set by bench.middleware
REQUEST_TIMEOUT = 10.0
QUIET_THRESHOLD = 0.25  # busy CPU-seconds per second that count as "quiet"
ENDPOINTS = {
    "floor": "floor (bare Django view)",
    "step": "questionnaire step 1",
    "result": "result page",
    "round": "team round page, 50 respondents",
    "portfolio": "portfolio (/admin/portfolio/, consultant, 50 clients)",
    "pdf": "result PDF (/responses/<id>/report.pdf)",
}


# --------------------------------------------------------------------------- setup


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_env(tmp: Path, src: Path, password: str) -> dict[str, str]:
    """The environment of every child process: nothing inherited that the
    settings read (DJANGO_*, DATABASE_URL), everything the benchmark needs."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.bench_settings",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        BENCH_EMAIL=EMAIL,
        BENCH_PASSWORD=password,
        PYTHONPATH=str(src),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_step(what: str, argv: list[str], env: dict[str, str], cwd: Path) -> str:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench: {what} failed (exit {done.returncode})")
    log(f"{what}: {time.perf_counter() - started:.1f} s")
    return done.stdout


def export_ref(ref: str, src: Path) -> str:
    """Unpack `git archive REF` into src, with the current bench/ copied in."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    src.mkdir()
    archive = subprocess.Popen(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, stdout=subprocess.PIPE
    )
    subprocess.run(["tar", "-x", "-C", str(src)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait() != 0:
        raise SystemExit(f"bench: git archive {commit} failed")
    shutil.rmtree(src / "bench", ignore_errors=True)
    shutil.copytree(
        ROOT / "bench", src / "bench", ignore=shutil.ignore_patterns("__pycache__")
    )
    return commit


def code_description(ref: str | None, commit: str | None) -> str:
    git = ["git", "-C", str(ROOT)]
    if commit:
        return f"`{commit[:10]}` (`git archive {ref}`, run with the current bench/)"
    head = subprocess.run(
        [*git, "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    status = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    dirty = sorted(
        line[3:]
        for line in status
        if not line[3:].startswith("bench/") and line[3:] != "docs/performance.md"
    )
    if not dirty:
        return f"working tree at `{head}`, no uncommitted changes outside bench/"
    return f"working tree at `{head}` with uncommitted changes in " + ", ".join(
        f"`{name}`" for name in dirty
    )


# ------------------------------------------------------------------------ gunicorn


def start_gunicorn(args, env, cwd: Path, port: int, logfile) -> subprocess.Popen:
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "lmm_site.wsgi",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--bind",
        f"{HOST}:{port}",
        "--error-logfile",
        "-",
        # gunicorn 27 would otherwise open a control socket in ~/.gunicorn/.
        "--no-control-socket",
    ]
    return subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=logfile, stderr=subprocess.STDOUT
    )


def stop_gunicorn(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_until_up(proc: subprocess.Popen, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited with status {proc.returncode}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/bench/floor/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise SystemExit(f"bench: gunicorn did not answer within {timeout:.0f} s")


def children(pid: int) -> list[int]:
    """PIDs whose parent is pid (Linux /proc), i.e. the gunicorn workers."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float | None:
    """User + system CPU time of the processes, from /proc/<pid>/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def proc_stat() -> tuple[float, float, float] | None:
    """Machine-wide CPU seconds so far: (all, idle + iowait, steal), /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    values = [int(value) for value in fields[1:9]]  # user .. steal
    values += [0] * (8 - len(values))
    return sum(values) / ticks, (values[3] + values[4]) / ticks, values[7] / ticks


def wait_for_quiet(limit: float, threshold: float) -> float | None:
    """Sample the machine's busy CPU (all but idle) over one second, repeatedly,
    until it is below `threshold` CPU-seconds per second or `limit` seconds pass.
    Called between loops, when gunicorn and the client are idle. Returns the
    last sample."""
    deadline = time.monotonic() + limit
    while True:
        before = proc_stat()
        time.sleep(1.0)
        after = proc_stat()
        if before is None or after is None:
            return None
        busy = (after[0] - before[0]) - (after[1] - before[1])
        if busy < threshold or time.monotonic() >= deadline:
            return busy
        log(f"machine busy ({busy:.2f} CPU-seconds per second); waiting")


# -------------------------------------------------------------------------- client


def set_cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(port: int, password: str) -> str:
    """Log in through the login form; return the Cookie header for later requests."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", "/accounts/login/")
        page = conn.getresponse()
        body = page.read().decode()
        csrf_cookie = set_cookies(page).get("csrftoken")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if page.status != 200 or not csrf_cookie or not token:
            raise SystemExit(f"bench: login form: status {page.status}, no CSRF token")
        form = urlencode(
            {
                "username": EMAIL,
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
                "next": "",
            }
        )
        conn.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Cookie": f"csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        answer = conn.getresponse()
        answer.read()
        cookies = {"csrftoken": csrf_cookie, **set_cookies(answer)}
        if answer.status != 302 or "sessionid" not in cookies:
            raise SystemExit(f"bench: login failed: status {answer.status}")
        # What a browser sends from now on: the session and the (rotated) CSRF cookie.
        return "; ".join(f"{name}={value}" for name, value in sorted(cookies.items()))
    finally:
        conn.close()


@dataclass
class Run:
    """One timed load loop against one path."""

    latencies: list[float] = field(default_factory=list)  # seconds, 200s only
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    connects: int = 0
    body_bytes: int = 0
    workers: Counter = field(default_factory=Counter)
    elapsed: float = 0.0
    capped: bool = False
    client_cpu: float = 0.0
    server_cpu: float | None = None
    idle_cpu: float | None = None  # whole machine, idle + iowait
    steal_cpu: float | None = None

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def load(
    port: int,
    path: str,
    cookie: str,
    *,
    seconds: float,
    concurrency: int,
    max_requests: int,
    server_pids: list[int],
) -> Run:
    """`concurrency` threads GET `path` until `seconds` pass or `max_requests`
    have been sent; each thread keeps one connection and reopens it when the
    server closes it (gunicorn's sync worker closes after every response)."""
    run = Run()
    lock = threading.Lock()
    quotas = [
        max_requests // concurrency + (i < max_requests % concurrency)
        for i in range(concurrency)
    ]
    headers = {"Cookie": cookie}

    def client(quota: int) -> None:
        latencies, errors, samples, connects, size = [], 0, [], 0, 0
        workers = Counter()
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        sent = 0
        try:
            while sent < quota and time.perf_counter() < deadline:
                sent += 1
                if conn.sock is None:
                    connects += 1
                started = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as error:
                    errors += 1
                    if len(samples) < 3:
                        samples.append(f"{type(error).__name__}: {error}")
                    conn.close()
                    continue
                elapsed = time.perf_counter() - started
                workers[response.getheader(WORKER_HEADER, "?")] += 1
                if response.status == 200:
                    latencies.append(elapsed)
                    size = len(body)
                else:
                    errors += 1
                    if len(samples) < 3:
                        samples.append(f"HTTP {response.status}")
        finally:
            conn.close()
            with lock:
                run.latencies.extend(latencies)
                run.errors += errors
                run.error_samples.extend(samples)
                run.connects += connects
                run.body_bytes = run.body_bytes or size
                run.workers.update(workers)

    threads = [
        threading.Thread(target=client, args=(quota,), daemon=True) for quota in quotas
    ]
    cpu_before = cpu_seconds(server_pids)
    machine_before = proc_stat()
    client_before = time.process_time()
    started = time.perf_counter()
    deadline = started + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 3 * REQUEST_TIMEOUT)
    run.elapsed = time.perf_counter() - started
    run.client_cpu = time.process_time() - client_before
    cpu_after = cpu_seconds(server_pids)
    machine_after = proc_stat()
    if cpu_before is not None and cpu_after is not None:
        run.server_cpu = cpu_after - cpu_before
    if machine_before is not None and machine_after is not None:
        run.idle_cpu = machine_after[1] - machine_before[1]
        run.steal_cpu = machine_after[2] - machine_before[2]
    run.capped = run.requests >= max_requests
    if any(thread.is_alive() for thread in threads):
        raise SystemExit(f"bench: client threads for {path} did not stop")
    return run


def warm_up(port, path, cookie, args, server_pids) -> None:
    """Load the page until every worker has served it (and for --warmup seconds)."""
    seen: set[str] = set()
    for _attempt in range(10):
        run = load(
            port,
            path,
            cookie,
            seconds=args.warmup,
            concurrency=args.concurrency,
            max_requests=args.max_requests,
            server_pids=server_pids,
        )
        if run.errors:
            raise SystemExit(
                f"bench: warm-up of {path} failed: {run.errors} errors, "
                f"e.g. {', '.join(run.error_samples)}"
            )
        seen.update(run.workers)
        if seen >= {str(pid) for pid in server_pids}:
            return
    raise SystemExit(f"bench: warm-up of {path} reached only workers {sorted(seen)}")


# ------------------------------------------------------------------------- report


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
        "counted on a warm request; `tests/test_views.py` holds both to a fixed "
        "budget, so they do not grow with the number of questions) and renders a full template (the "
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
        "- The result page's chart is cached (Django's cache; LocMemCache, one copy "
        "per worker process). The warm-up ran until every gunicorn worker had served "
        "the page, so the timed run never draws a chart. For scale, one request in "
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


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- main


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=positive_float, default=15.0)
    parser.add_argument("--warmup", type=positive_float, default=2.0)
    parser.add_argument("--concurrency", type=positive_int, default=4)
    parser.add_argument("--workers", type=positive_int, default=2)
    parser.add_argument("--threads", type=positive_int, default=1)
    parser.add_argument(
        "--submits",
        type=positive_int,
        default=40,
        help="drafts submitted at once by the client threads (default 40)",
    )
    parser.add_argument(
        "--max-requests",
        type=positive_int,
        default=100_000,
        help="upper bound of requests per endpoint (default 100000)",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="before each timed loop, wait up to this many seconds for other "
        "processes to leave the CPU idle (default 60; 0 = just sample)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=2,
        help="repeat a timed loop, up to this many times, when other processes "
        f"took {QUIET_THRESHOLD} CPU-seconds per second or more during it (default 2)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "docs" / "performance.md",
        help="markdown report (default docs/performance.md)",
    )
    parser.add_argument("--no-output", action="store_true", help="stdout only")
    parser.add_argument(
        "--wrk",
        action="store_true",
        help="also measure every GET endpoint with wrk (Debian package wrk)",
    )
    parser.add_argument("--wrk-threads", type=positive_int, default=2)
    parser.add_argument(
        "--ref", help="benchmark this git commit instead of the working tree"
    )
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.max_requests < args.concurrency:
        parser.error("--max-requests must be at least --concurrency")
    return args


def stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(f"bench: stopped by signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the `finally` below stops gunicorn.
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    started_at = datetime.now(UTC)
    info = machine()
    password = secrets.token_urlsafe(16)
    tmp = Path(tempfile.mkdtemp(prefix="lmm-bench-"))
    gunicorn = None
    try:
        src = ROOT
        commit = None
        if args.ref:
            src = tmp / "src"
            commit = export_ref(args.ref, src)
        code = code_description(args.ref, commit)
        env = bench_env(tmp, src, password)
        python = sys.executable
        log(f"temp dir {tmp}; code: {code}")
        run_step("migrate", [python, "manage.py", "migrate", "--noinput"], env, src)
        run_step(
            "collectstatic",
            [python, "manage.py", "collectstatic", "--noinput"],
            env,
            src,
        )
        seed = json.loads(
            run_step("seed", [python, "-m", "bench.seed"], env, src).splitlines()[-1]
        )
        log(f"seeded: {seed}")
        prepared_writes = json.loads(
            run_step(
                "seed writes",
                [
                    python,
                    "-m",
                    "bench.writes",
                    str(args.concurrency),
                    str(args.submits),
                ],
                env,
                src,
            ).splitlines()[-1]
        )

        port = free_port()
        with open(tmp / "gunicorn.log", "wb") as logfile:
            gunicorn = start_gunicorn(args, env, src, port, logfile)
        log(f"gunicorn PID {gunicorn.pid} on {HOST}:{port}")
        wait_until_up(gunicorn, port)
        server_pids = children(gunicorn.pid)
        if len(server_pids) != args.workers:
            raise SystemExit(f"bench: expected {args.workers} workers: {server_pids}")
        cookie = log_in(port, password)

        runs: dict[str, Run] = {}
        repeated: dict[str, int] = {}
        cpus = int(info["cpus"])
        for name, path in seed["paths"].items():
            warm_up(port, path, cookie, args, server_pids)
            log(f"{name}: warmed up")
            repeated[name] = 0
            while True:
                busy = wait_for_quiet(args.quiet_wait, QUIET_THRESHOLD)
                if busy is not None and busy >= QUIET_THRESHOLD:
                    log(f"warning: machine still busy ({busy:.2f} CPU/s)")
                log(f"{name}: measuring {path} for {args.seconds:g} s")
                run = load(
                    port,
                    path,
                    cookie,
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                    max_requests=args.max_requests,
                    server_pids=server_pids,
                )
                rest = rest_cpu(run, cpus)
                if (
                    rest is None
                    or rest / run.elapsed < QUIET_THRESHOLD
                    or repeated[name] >= args.retries
                ):
                    break
                repeated[name] += 1
                log(
                    f"{name}: other activity took {rest / run.elapsed:.2f} CPU/s "
                    "during the loop; measuring again"
                )
            runs[name] = run
            if run.error_samples:
                log(f"{name}: errors, e.g. {', '.join(run.error_samples)}")
        wrk_runs = {}
        if args.wrk and wrk_tool.available():
            for name, path in seed["paths"].items():
                wait_for_quiet(args.quiet_wait, QUIET_THRESHOLD)
                log(f"{name}: wrk on {path} for {args.seconds:g} s")
                wrk_runs[name] = wrk_tool.measure(
                    HOST,
                    port,
                    path,
                    cookie,
                    seconds=args.seconds,
                    connections=args.concurrency,
                    threads=args.wrk_threads,
                )
        elif args.wrk:
            log("warning: --wrk given but wrk is not installed (apt-get install wrk)")
        busy = wait_for_quiet(args.quiet_wait, QUIET_THRESHOLD)
        log(f"writes: step saves for {args.seconds:g} s, then {args.submits} submits")
        write_runs = writes.measure(HOST, port, prepared_writes, seconds=args.seconds)
        if set(children(gunicorn.pid)) != set(server_pids):
            log("warning: gunicorn replaced a worker during the run")
    except BaseException:
        log_tail = tmp / "gunicorn.log"
        if gunicorn is not None and log_tail.exists():
            sys.stderr.write(log_tail.read_text(errors="replace")[-4000:])
        raise
    finally:
        if gunicorn is not None:
            stop_gunicorn(gunicorn)
            log(f"gunicorn stopped (exit {gunicorn.returncode})")
        shutil.rmtree(tmp, ignore_errors=True)

    report = markdown(runs, seed, args, info, code, started_at, repeated)
    report += wrk_tool.cold_markdown(seed, ENDPOINTS)
    report += wrk_tool.markdown(wrk_runs, ENDPOINTS, args)
    report += writes.markdown(write_runs, args.concurrency)
    print(report)
    if not args.no_output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report + kept_sections(args.output))
        log(f"wrote {args.output}")
    failed = any(run.errors for run in runs.values()) or any(
        run.failures for run in write_runs.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
