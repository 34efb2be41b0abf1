"""The benchmark's client side: CPU sampling, waiting for a quiet machine, logging
in like a browser, and the timed load loop with its warm-up."""

from __future__ import annotations

import http.client
import math
import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.common import EMAIL, HOST, REQUEST_TIMEOUT, WORKER_HEADER, log

# ------------------------------------------------------------------------- machine


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
