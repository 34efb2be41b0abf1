#!/usr/bin/env python
"""Throughput, latency and CPU per request of LMM Assessment pages served by
gunicorn, measured with wrk, beside a bare Django view and a peer survey app.

Usage (from anywhere; use the project's virtualenv; Debian's `wrk` must be there):

    .venv/bin/python bench/run.py [--seconds 15] [--connections 4] [--workers 2]

Steps, all on 127.0.0.1 and in a temp dir that is removed at the end:

1. A throwaway SQLite database: `manage.py migrate` (which loads the
   questionnaire), `manage.py collectstatic` (DEBUG is off, so templates need
   the static manifest) and `python -m bench.seed` (a user, two organisations,
   a submitted and a draft response, a team of 50, 50 clients for a consultant).
2. gunicorn serves `lmm_site.wsgi` with DJANGO_SETTINGS_MODULE=bench.bench_settings
   (the project's settings, plus the floor view /bench/floor/) on a free port,
   DEBUG off, a generated secret key, no SSL redirect. The runner logs in like a
   browser (the login form with its CSRF token) and hands wrk the cookies.
3. The peer, django-survey-and-report from PyPI (bench/peer.py), is served the
   same way in its own virtualenv, with a survey of 10 questions of 5 choices:
   its questionnaire page is measured in the same run as our step page.
4. For each endpoint: wrk until every gunicorn worker has served the page, a
   wait (--quiet-wait) for the machine to be idle, then wrk for --seconds with
   --connections connections. CPU per request comes from /proc; a run disturbed
   by other processes is measured again, up to --retries times.
5. Writes under load (bench/writes.py), then the figures to stdout and to
   docs/performance.md (--output).

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

from bench import pdf_load, peer, writes  # noqa: E402
from bench import wrk as wrk_tool  # noqa: E402
from bench.common import ENDPOINTS, HOST, QUIET_THRESHOLD, ROOT, log  # noqa: E402
from bench.report import kept_sections, machine, markdown  # noqa: E402
from bench.server import (  # noqa: E402
    bench_env,
    children,
    code_description,
    export_ref,
    free_port,
    log_in,
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
    parser.add_argument("--connections", type=positive_int, default=4)
    parser.add_argument("--workers", type=positive_int, default=2)
    parser.add_argument("--threads", type=positive_int, default=1)
    parser.add_argument(
        "--submits",
        type=positive_int,
        default=40,
        help="drafts submitted at once by the client threads (default 40)",
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
        "--portfolio-clients",
        type=positive_int,
        default=50,
        help="clients of the consultant whose portfolio is measured (default 50)",
    )
    parser.add_argument("--wrk-threads", type=positive_int, default=2)
    parser.add_argument(
        "--no-peer",
        action="store_true",
        help="leave out the peer survey app (bench/peer.py)",
    )
    parser.add_argument(
        "--ref", help="benchmark this git commit instead of the working tree"
    )
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    return args


def stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(f"bench: stopped by signal {signum}")


def prepare(args, tmp: Path, password: str) -> tuple[Path, dict, dict, dict, str]:
    """The code, its environment, the seeded database and the drafts for writes."""
    src, commit = ROOT, None
    if args.ref:
        src = tmp / "src"
        commit = export_ref(args.ref, src)
    code = code_description(args.ref, commit)
    env = bench_env(tmp, src, password)
    env["BENCH_PORTFOLIO_CLIENTS"] = str(args.portfolio_clients)
    python = sys.executable
    log(f"temp dir {tmp}; code: {code}")
    run_step("migrate", [python, "manage.py", "migrate", "--noinput"], env, src)
    run_step(
        "collectstatic", [python, "manage.py", "collectstatic", "--noinput"], env, src
    )
    seeded = run_step("seed", [python, "-m", "bench.seed"], env, src)
    seed = json.loads(seeded.splitlines()[-1])
    log(f"seeded: {seed}")
    drafts = run_step(
        "seed writes",
        [python, "-m", "bench.writes", str(args.connections), str(args.submits)],
        env,
        src,
    )
    return src, env, seed, json.loads(drafts.splitlines()[-1]), code


def measure(
    args, port, path, cookie, pids, *, named_workers=True
) -> tuple[wrk_tool.WrkRun, int]:
    """A warm-up that reaches every worker, then the timed wrk run, repeated while
    other processes disturb it; the run and how often it was repeated."""
    wrk_tool.warm_up(
        port,
        path,
        cookie,
        seconds=args.warmup,
        connections=args.connections,
        pids=pids if named_workers else None,
    )
    for repeat in range(args.retries + 1):
        busy = wait_for_quiet(args)
        if busy is not None and busy >= QUIET_THRESHOLD:
            log(f"warning: machine still busy ({busy:.2f} CPU/s)")
        log(f"measuring {path} for {args.seconds:g} s")
        run = wrk_tool.measure(
            port,
            path,
            cookie,
            seconds=args.seconds,
            connections=args.connections,
            threads=args.wrk_threads,
            server_pids=pids,
        )
        rest = run.rest(args.cpus)
        if rest is None or rest < QUIET_THRESHOLD:
            return run, repeat
        log(f"other activity took {rest:.2f} CPU/s during the run; measuring again")
    return run, args.retries


def wait_for_quiet(args) -> float | None:
    return wrk_tool.wait_for_quiet(args.quiet_wait, QUIET_THRESHOLD)


def measure_peer(args, tmp: Path) -> dict | None:
    """The peer's questionnaire page, served and measured like ours."""
    if args.no_peer:
        return None
    server = peer.start_peer(tmp / "peer", workers=args.workers)
    try:
        run, repeated = measure(
            args,
            server.port,
            server.url_path,
            server.cookie,
            server.worker_pids,
            named_workers=False,
        )
        return {"run": run, "repeated": repeated, "peer": server.describe()}
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the `finally` below stops gunicorn.
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    if not wrk_tool.available():
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")
    started_at = datetime.now(UTC)
    info = machine()
    args.cpus = int(info["cpus"])
    password = secrets.token_urlsafe(16)
    tmp = Path(tempfile.mkdtemp(prefix="lmm-bench-"))
    gunicorn = None
    try:
        src, env, seed, prepared_writes, code = prepare(args, tmp, password)
        ENDPOINTS["portfolio"] = (
            "portfolio (/admin/portfolio/, consultant, "
            f"{seed['portfolio_clients']:,} clients)"
        )
        port = free_port()
        with open(tmp / "gunicorn.log", "wb") as logfile:
            gunicorn = start_gunicorn(args, env, src, port, logfile)
        log(f"gunicorn PID {gunicorn.pid} on {HOST}:{port}")
        wait_until_up(gunicorn, port)
        pids = children(gunicorn.pid)
        if len(pids) != args.workers:
            raise SystemExit(f"bench: expected {args.workers} workers: {pids}")
        cookie = log_in(port, password)
        runs, repeated = {}, {}
        for name, path in seed["paths"].items():
            log(f"{name}: {path}")
            runs[name], repeated[name] = measure(args, port, path, cookie, pids)
        memory = worker_memory(pids)
        wait_for_quiet(args)
        log(f"PDFs under load: {len(seed['pdf_load_paths'])} uncached PDFs")
        pdf_load_figures = pdf_load.measure(
            args,
            port,
            cookie,
            pids,
            env,
            src,
            seed["paths"]["step"],
            seed["pdf_load_paths"],
        )
        wait_for_quiet(args)
        log(f"writes: step saves for {args.seconds:g} s, then {args.submits} submits")
        write_runs = writes.measure(HOST, port, prepared_writes, seconds=args.seconds)
        if set(children(gunicorn.pid)) != set(pids):
            log("warning: gunicorn replaced a worker during the run")
        stop_gunicorn(gunicorn)
        peer_figures = measure_peer(args, tmp)
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

    report = markdown(
        runs, seed, args, info, code, started_at, repeated, peer_figures, memory
    )
    report += writes.markdown(write_runs, args.connections)
    report += pdf_load.markdown(pdf_load_figures)
    print(report)
    if not args.no_output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report + kept_sections(args.output))
        log(f"wrote {args.output}")
    failed = any(run.failures for run in runs.values()) or any(
        run.failures for run in write_runs.values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
