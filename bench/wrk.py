"""Raw request rates from wrk (Debian's `wrk` package), beside the runner's own loop.

wrk is a C load generator: it needs far less CPU than the Python client threads,
so its floor rate is closer to what the server can do. It runs only when
installed (`apt-get install wrk`) and asked for with `bench/run.py --wrk`.
"""

from __future__ import annotations

import re
import shutil
import subprocess

LATENCY = re.compile(r"^\s*(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def available() -> bool:
    return shutil.which("wrk") is not None


def measure(host, port, path, cookie, *, seconds, connections, threads) -> dict:
    """One wrk run; requests, rate, latency percentiles (ms) and non-2xx/3xx."""
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            f"http://{host}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    return parse(done.stdout)


def parse(out: str) -> dict:
    """wrk's report as figures."""
    figures = {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "non_2xx_3xx": int(
            (re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out) or [0, 0])[1]
        ),
        "socket_errors": out.count("Socket errors"),
    }
    for percent, value, unit in LATENCY.findall(out):
        figures[f"p{percent}_ms"] = round(float(value) * UNITS[unit], 2)
    return figures


def markdown(results: dict[str, dict], labels: dict[str, str], args) -> str:
    if not results:
        return ""
    lines = [
        "",
        "## Raw rates with wrk",
        "",
        f"`wrk -t{args.wrk_threads} -c{args.concurrency} -d{args.seconds:g}s "
        "--latency`, same server and session, after the loops above. Non-2xx/3xx "
        "answers count as failures.",
        "",
        "| Endpoint | Requests | req/s | p50 ms | p90 ms | p99 ms | non-2xx/3xx |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in results.items():
        lines.append(
            f"| {labels[name]} | {figures['requests']} | {figures['rate']:.1f} | "
            f"{figures.get('p50_ms', 'n/a')} | {figures.get('p90_ms', 'n/a')} | "
            f"{figures.get('p99_ms', 'n/a')} | {figures['non_2xx_3xx']} |"
        )
    return "\n".join(lines) + "\n"


def cold_markdown(seed: dict, labels: dict[str, str]) -> str:
    cold = seed.get("cold_ms") or {}
    if not cold:
        return ""
    lines = [
        "",
        "## Pages whose chart is not cached, and the PDF drawn again",
        "",
        "One request at a time in the seed process (Django's test client, no "
        "server), every cache emptied before each request (the shared chart and "
        "PDF table and each process's copies too), so the chart or the PDF is drawn "
        "again: median and max of 5.",
        "",
        "| Page | median ms | max ms | warm ms (chart or PDF cached) |",
        "|---|---:|---:|---:|",
    ]
    for name, figures in cold.items():
        warm = seed["single_request_ms"].get(name, {}).get("warm")
        lines.append(
            f"| {labels[name]} | {figures['median_ms']} | {figures['max_ms']} | "
            f"{'n/a' if warm is None else f'{warm:.1f}'} |"
        )
    return "\n".join(lines) + "\n"
