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
import json
import secrets
import shutil
import signal
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import writes  # noqa: E402
from bench import wrk as wrk_tool  # noqa: E402
from bench.common import ENDPOINTS, HOST, QUIET_THRESHOLD, ROOT, log  # noqa: E402
from bench.load import Run, load, log_in, wait_for_quiet, warm_up  # noqa: E402
from bench.report import (  # noqa: E402
    kept_sections,
    machine,
    markdown,
    memory_markdown,
    rest_cpu,
)
from bench.server import (  # noqa: E402
    bench_env,
    children,
    code_description,
    export_ref,
    free_port,
    run_step,
    start_gunicorn,
    stop_gunicorn,
    wait_until_up,
    worker_memory,
)

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
        memory = worker_memory(server_pids)
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
    report += memory_markdown(memory)
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
