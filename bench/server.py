"""The benchmark's server side: the throwaway environment and code, gunicorn
started on a free port and stopped by its PID, its worker processes, and a
logged-in session on it."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.common import EMAIL, HOST, REQUEST_TIMEOUT, ROOT, log

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
        # Jobs wait for a worker of their own (bench/pdf_load.py starts one), as in
        # production: the seed runs them in its own process (bench/jobs.py).
        LMM_TASK_WORKER="external",
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


def worker_memory(pids: list[int]) -> list[dict]:
    """Per worker: resident and peak resident memory (MB), and whether matplotlib
    and WeasyPrint's Pango are loaded (their shared libraries in /proc/PID/maps)."""
    found = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            maps = Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        found.append(
            {
                "pid": pid,
                "rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
                "peak_mb": int(fields["VmHWM"].split()[0]) / 1024,
                "matplotlib": "/matplotlib/" in maps,
                "pango": "libpango" in maps,
            }
        )
    return found


# ------------------------------------------------------------------------ session


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
