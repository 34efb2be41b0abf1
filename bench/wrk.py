"""Page load with wrk (Debian's `wrk`), an established C load generator: requests per
second and latency percentiles from wrk itself, CPU per request from /proc.

wrk needs far less CPU than a Python client, so on this one machine it leaves the
CPUs to the server. The server's CPU time per request is the gunicorn workers'
user + system time over the run (from /proc/<pid>/stat) divided by the requests wrk
completed; the client's is wrk's own (a child process: getrusage). A run with other
activity on the machine ('rest': neither workers, nor wrk, nor idle) is repeated.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import HOST, log

LATENCY = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
WORKERS_SCRIPT = Path(__file__).resolve().parent / "lua" / "workers.lua"


def available() -> bool:
    return shutil.which("wrk") is not None


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
    """Sample the machine's busy CPU over one second, repeatedly, until it is below
    `threshold` CPU-seconds per second or `limit` seconds pass; the last sample."""
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


@dataclass
class WrkRun:
    """One wrk run against one path, and the CPU the machine spent meanwhile."""

    requests: int
    rate: float
    latency_ms: dict[int, float]
    failures: int
    elapsed: float
    server_cpu: float | None = None
    client_cpu: float | None = None
    idle_cpu: float | None = None
    steal_cpu: float | None = None

    def cpu_ms_per_request(self) -> float | None:
        if self.server_cpu is None or not self.requests:
            return None
        return 1000 * self.server_cpu / self.requests

    def rest(self, cpus: int) -> float | None:
        """CPU-seconds per second charged to neither workers, wrk, idle nor steal."""
        known = (self.server_cpu, self.client_cpu, self.idle_cpu, self.steal_cpu)
        if None in known or not self.elapsed:
            return None
        return (cpus * self.elapsed - sum(known)) / self.elapsed


def _wrk(path, cookie, port, *, seconds, connections, threads, script=None):
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "30s",
    ]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    if script:
        argv += ["-s", str(script)]
    done = subprocess.run(
        [*argv, f"http://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"bench: wrk failed on {path}: {done.stderr.strip()[:400]}")
    return done.stdout


def parse(out: str) -> dict:
    """wrk's report as figures."""
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "failures": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in errors.groups()) if errors else 0),
        "latency_ms": {
            int(percent): round(float(value) * UNITS[unit], 2)
            for percent, value, unit in LATENCY.findall(out)
        },
    }


def measure(
    port: int,
    path: str,
    cookie: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    server_pids: list[int],
) -> WrkRun:
    """wrk against `path` for `seconds`, with the server's and wrk's CPU time."""
    cpu_before = cpu_seconds(server_pids)
    machine_before = proc_stat()
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = _wrk(
        path, cookie, port, seconds=seconds, connections=connections, threads=threads
    )
    elapsed = time.perf_counter() - started
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_after = cpu_seconds(server_pids)
    machine_after = proc_stat()
    run = WrkRun(elapsed=elapsed, **parse(out))
    run.client_cpu = (client_after.ru_utime + client_after.ru_stime) - (
        client_before.ru_utime + client_before.ru_stime
    )
    if cpu_before is not None and cpu_after is not None:
        run.server_cpu = cpu_after - cpu_before
    if machine_before is not None and machine_after is not None:
        run.idle_cpu = machine_after[1] - machine_before[1]
        run.steal_cpu = machine_after[2] - machine_before[2]
    return run


def warm_up(
    port: int,
    path: str,
    cookie: str,
    *,
    seconds: float,
    connections: int,
    pids: list[int] | None = None,
) -> None:
    """wrk against `path` until every worker in `pids` has served it (at most ten
    rounds): per-process caches (compiled templates, the questionnaire) are then
    warm. Without `pids` (a server that does not name its worker), one round."""
    seen: set[str] = set()
    for _attempt in range(10):
        out = _wrk(
            path,
            cookie,
            port,
            seconds=seconds,
            connections=connections,
            threads=1,
            script=WORKERS_SCRIPT,
        )
        figures = parse(out)
        if figures["failures"]:
            raise SystemExit(
                f"bench: warm-up of {path}: {figures['failures']} failed requests"
            )
        seen.update(re.findall(r"^worker (\S+) \d+$", out, re.M))
        if pids is None or seen >= {str(pid) for pid in pids}:
            return
    raise SystemExit(f"bench: warm-up of {path} reached only workers {sorted(seen)}")
