"""PDFs under load: while wrk drives the questionnaire step page, 20 requests for
uncached PDFs arrive at once. Each is answered at once by a redirect to its
progress page; a separate worker process (`manage.py db_worker`) draws them.
Measured: the step page's latency beside them, `/healthz` sampled meanwhile, each
PDF request's own answer time, and how long until the last PDF is ready."""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import wrk as wrk_tool
from bench.common import HOST, log

HEALTHZ_EVERY = 0.1  # seconds between two /healthz samples
DONE_TIMEOUT = 600.0


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str, str, float]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        answer = connection.getresponse()
        body = answer.read().decode(errors="replace")
    finally:
        connection.close()
    elapsed = 1000 * (time.perf_counter() - started)
    return answer.status, answer.getheader("Location") or "", body, elapsed


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))
    return round(ordered[index], 1)


def measure(args, port, cookie, pids, env, src: Path, step_path, pdf_paths) -> dict:
    worker_log = open(Path(env["BENCH_STATIC_ROOT"]).parent / "worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable, "manage.py", "db_worker", "--queue-name", "*",
            "--no-reload", "--interval", "0.2", "--no-startup-delay",
        ],
        env=env,
        cwd=src,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        # As docs/deploy.md's unit runs it (Nice=10): on a machine shared with the
        # web processes, drawing waits for the CPU a request needs.
        preexec_fn=lambda: os.nice(10),
    )  # fmt: skip
    try:
        figures: dict = {}

        def drive() -> None:
            figures["step"] = wrk_tool.measure(
                port,
                step_path,
                cookie,
                seconds=args.seconds,
                connections=args.connections,
                threads=args.wrk_threads,
                server_pids=pids,
            )

        wrk_thread = threading.Thread(target=drive)
        wrk_thread.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(len(pdf_paths)) as pool:
            answers = list(pool.map(lambda p: _get(port, p, cookie), pdf_paths))
        healthz = []
        while wrk_thread.is_alive():
            healthz.append(_get(port, "/healthz")[3])
            time.sleep(HEALTHZ_EVERY)
        wrk_thread.join()
        pending = {location for _s, location, _b, _ms in answers}
        while pending and time.perf_counter() - started < DONE_TIMEOUT:
            for location in list(pending):
                if 'data-status="done"' in _get(port, location, cookie)[2]:
                    pending.discard(location)
            time.sleep(0.5)
        all_done = time.perf_counter() - started
        log(f"PDF load: {len(pdf_paths) - len(pending)} of {len(pdf_paths)} PDFs ready")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        worker_log.close()
    requests_ms = [ms for _s, _l, _b, ms in answers]
    return {
        "step": figures["step"],
        "pdf_requests": len(pdf_paths),
        "pdf_statuses": sorted({status for status, *_ in answers}),
        "pdf_request_ms": {
            "median": round(statistics.median(requests_ms), 1),
            "max": round(max(requests_ms), 1),
        },
        "healthz_ms": {
            "samples": len(healthz),
            "p50": _percentile(healthz, 50),
            "p99": _percentile(healthz, 99),
            "max": round(max(healthz), 1) if healthz else None,
        },
        "pdfs_ready": len(pdf_paths) - len(pending),
        "all_ready_s": round(all_done, 1),
    }


def markdown(result: dict | None) -> str:
    if not result:
        return ""
    step = result["step"]
    health = result["healthz_ms"]
    lines = [
        "",
        "## PDFs under load",
        "",
        f"While wrk drove the questionnaire step page, {result['pdf_requests']} "
        "requests for uncached PDFs (each another organisation's result report) "
        "came at once. Each was answered with a redirect to its progress page "
        f"(statuses {result['pdf_statuses']}); one `manage.py db_worker` process (at nice 10, as the documented unit) "
        "drew them.",
        "",
        "| What | Figure |",
        "|---|---:|",
        f"| step page p50 / p99 beside the PDFs | {step.latency_ms.get(50)} / "
        f"{step.latency_ms.get(99)} ms |",
        f"| step page requests/s, failed | {step.rate:.1f}, {step.failures} |",
        f"| /healthz p50 / p99 / max ({health['samples']} samples) | {health['p50']} / "
        f"{health['p99']} / {health['max']} ms |",
        f"| a PDF request's own answer, median / max | "
        f"{result['pdf_request_ms']['median']} / {result['pdf_request_ms']['max']} ms |",
        f"| PDFs ready, and when the last was | {result['pdfs_ready']} of "
        f"{result['pdf_requests']}, after {result['all_ready_s']} s |",
    ]
    return "\n".join(lines) + "\n"
