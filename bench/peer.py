"""A benchmark peer: the survey page of django-survey-and-report (PyPI), served by
the same gunicorn and Django as the project, on this machine, in the same run.

The package is installed from PyPI into its own virtualenv at run time (kept in
bench/.peer/, which git ignores); none of its code is kept in this repository.
Around it a minimal Django project is written into a work dir: one published
survey of 10 radio questions with 5 choices each, all on one page, open to
anonymous users.

    .venv/bin/python -m bench.peer --seconds 5     # start it, wrk, stop it
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from bench import wrk
from bench.common import HOST, ROOT, log
from bench.server import children, free_port

PEER_PACKAGE = "django-survey-and-report"
PEER_VERSION = "1.5.0"
CACHE = ROOT / "bench" / ".peer"
QUESTIONS = 10
CHOICES = ("Never", "Rarely", "Sometimes", "Often", "Always")
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
INSTALL_TIMEOUT = 900.0

SETTINGS = """\
# Written by bench/peer.py for one benchmark run.
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = {secret_key!r}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "survey",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peer_site.urls"
WSGI_APPLICATION = "peer_site.wsgi.application"
TEMPLATES = [
    {{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {{
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        }},
    }}
]
# The project's own SQLite options, so both sides pay the same for the database.
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "peer.sqlite3",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {{
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }},
    }}
}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Plain storage: the page's static URLs need no manifest, so no collectstatic.
STATIC_URL = "/static/"
CSV_DIRECTORY = BASE_DIR / "csv"
TEX_DIRECTORY = BASE_DIR / "tex"
"""

URLS = """\
from django.urls import include, path

urlpatterns = [path("survey/", include("survey.urls"))]
"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
application = get_wsgi_application()
"""

# Run by the peer's Python: the survey through the package's own models, then one
# GET with Django's test client to count the page's SQL queries.
SEED = """\
import json
import sys
from datetime import date, timedelta

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from survey.models import Question, Survey

questions, choices = int(sys.argv[1]), sys.argv[2]
survey = Survey.objects.create(
    name="Benchmark survey",
    description="Ten questions, five choices each.",
    is_published=True,
    need_logged_user=False,
    editable_answers=True,
    display_method=Survey.ALL_IN_ONE_PAGE,
    publish_date=date.today(),
    expire_date=date.today() + timedelta(days=3650),
)
for order in range(1, questions + 1):
    Question.objects.create(
        survey=survey,
        text=f"Question {order}: how often does the team do this practice?",
        order=order,
        required=True,
        type=Question.RADIO,
        choices=choices,
    )
path = survey.get_absolute_url()
client = Client(HTTP_HOST="127.0.0.1")
client.get(path)
with CaptureQueriesContext(connection) as queries:
    status = client.get(path).status_code
print(json.dumps({"path": path, "status": status, "queries": len(queries)}))
"""

VERSIONS = """\
import json, sys
from importlib.metadata import version
names = ("django-survey-and-report", "Django", "gunicorn")
print(json.dumps({"python": sys.version.split()[0], **{n: version(n) for n in names}}))
"""


@dataclass
class Peer:
    """A running peer: GET `url_path` on 127.0.0.1:`port` with `cookie`."""

    url_path: str
    port: int
    cookie: str
    pids: list[int]
    versions: dict[str, str] = field(default_factory=dict)
    queries: int | None = None
    proc: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def worker_pids(self) -> list[int]:
        """The gunicorn workers (the master, first in `pids`, serves nothing)."""
        return self.pids[1:]

    def describe(self) -> dict[str, str]:
        """What the report says of the peer and of its page."""
        return {
            "what": f"{PEER_PACKAGE} {PEER_VERSION} from PyPI (Django "
            f"{self.versions.get('Django', '?')}), in its own virtualenv, with one "
            f"survey of {QUESTIONS} radio questions of {len(CHOICES)} choices on one "
            f"page, open to anonymous visitors ({self.queries} SQL queries per view).",
            "page": f"peer's survey page `{self.url_path}` ({QUESTIONS} questions)",
        }

    def stop(self) -> None:
        """SIGTERM the master (it stops its workers), SIGKILL after a bound."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        # A worker left behind is ours only while it still serves our address: its
        # PID may have gone to another process since.
        for pid in self.pids:
            if pid != proc.pid and f"{HOST}:{self.port}" in _cmdline(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


# ------------------------------------------------------------------------ install


def requirements() -> list[str]:
    """The peer, and the project's own pins of Django and gunicorn."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        pins[name.strip().lower()] = version.strip()
    return [
        f"{PEER_PACKAGE}=={PEER_VERSION}",
        f"Django=={pins['django']}",
        f"gunicorn=={pins['gunicorn']}",
    ]


def peer_python(cache: Path) -> Path:
    """The peer virtualenv's Python, (re)built when its stamp does not match."""
    venv = cache / "venv"
    python = venv / "bin" / "python"
    wanted = "\n".join([sys.version, sys.base_prefix, *requirements()]) + "\n"
    stamp = venv / "bench-peer-stamp.txt"
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "lock", "w") as lock:
        # Two benchmark runs at once would otherwise build the same venv together.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if python.exists() and stamp.exists() and stamp.read_text() == wanted:
            return python
        shutil.rmtree(venv, ignore_errors=True)
        started = time.perf_counter()
        _run([sys.executable, "-m", "venv", str(venv)], "peer venv")
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
        _run([*pip, "--no-input", *requirements()], "peer install", env=clean_env())
        stamp.write_text(wanted)
        log(f"peer venv built in {time.perf_counter() - started:.1f} s")
    return python


def _run(argv: list[str], what: str, **kwargs) -> str:
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, **kwargs
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench.peer: {what} failed (exit {done.returncode})")
    return done.stdout


# ------------------------------------------------------------------------ project


def write_project(workdir: Path) -> None:
    site = workdir / "peer_site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "__init__.py").write_text("")
    settings = SETTINGS.format(secret_key=secrets.token_urlsafe(50))
    (site / "settings.py").write_text(settings)
    (site / "urls.py").write_text(URLS)
    (site / "wsgi.py").write_text(WSGI)
    (workdir / "peer_seed.py").write_text(SEED)


def clean_env() -> dict[str, str]:
    """The calling shell's environment less what would point at the project's
    settings or packages (DJANGO_*, PYTHONPATH, VIRTUAL_ENV)."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTHON", "VIRTUAL_ENV"))
    }


def peer_env(workdir: Path) -> dict[str, str]:
    env = clean_env()
    env.update(
        DJANGO_SETTINGS_MODULE="peer_site.settings",
        PYTHONPATH=str(workdir),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def build_site(python: Path, workdir: Path, env: dict[str, str]) -> dict:
    """Migrate, make the survey, and return its page path and SQL query count."""
    run = {"env": env, "cwd": workdir}
    _run([str(python), "-m", "django", "migrate", "--noinput"], "peer migrate", **run)
    out = _run(
        [str(python), "peer_seed.py", str(QUESTIONS), ",".join(CHOICES)],
        "peer seed",
        **run,
    )
    seeded = json.loads(out.strip().splitlines()[-1])
    if seeded["status"] != 200:
        raise SystemExit(f"bench.peer: test client got {seeded['status']}")
    return seeded


# ----------------------------------------------------------------------- gunicorn


def start_peer(
    workdir: Path,
    *,
    workers: int = 2,
    port: int | None = None,
    cache: Path | None = None,
) -> Peer:
    """Install (or reuse) the peer, build its site in workdir, serve it."""
    workdir = Path(workdir)
    python = peer_python(cache or CACHE)
    write_project(workdir)
    env = peer_env(workdir)
    seeded = build_site(python, workdir, env)
    port = port or free_port()
    argv = [str(python), "-m", "gunicorn", "peer_site.wsgi"]
    argv += ["--workers", str(workers), "--worker-class", "sync"]
    argv += ["--bind", f"{HOST}:{port}", "--error-logfile", "-"]
    # Workers get less time to finish than stop() gives the master.
    argv += ["--graceful-timeout", str(int(STOP_TIMEOUT / 2))]
    # gunicorn 27 would otherwise open a control socket in ~/.gunicorn/.
    argv += ["--no-control-socket"]
    with open(workdir / "gunicorn.log", "ab") as logfile:
        proc = subprocess.Popen(
            argv,
            env=env,
            cwd=workdir,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    peer = Peer(seeded["path"], port, "", [proc.pid], queries=seeded["queries"])
    peer.proc = proc
    try:
        peer.cookie = wait_for_page(peer, workdir)
        peer.pids = [proc.pid, *wait_for_workers(proc, workers)]
        peer.versions = json.loads(_run([str(python), "-c", VERSIONS], "versions"))
    except BaseException:
        peer.stop()
        raise
    return peer


def wait_for_page(peer: Peer, workdir: Path) -> str:
    """Poll the page until it answers 200, check it, return its CSRF cookie."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if peer.proc.poll() is not None:
            sys.stderr.write((workdir / "gunicorn.log").read_text()[-4000:])
            raise SystemExit(f"bench.peer: gunicorn exited ({peer.proc.returncode})")
        answer = _get(peer.port, peer.url_path)
        if answer is not None and answer[0] == 200:
            check_page(answer[1])
            return csrf_cookie(answer[2])
        time.sleep(0.2)
    raise SystemExit(f"bench.peer: no 200 from {peer.url_path} in {START_TIMEOUT} s")


def _get(port: int, path: str) -> tuple[int, str, list[str]] | None:
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode()
        return response.status, body, response.headers.get_all("Set-Cookie") or []
    except OSError:
        return None
    finally:
        conn.close()


def check_page(html: str) -> None:
    """The survey form itself: 10 radio groups of 5, not an error or login page."""
    radios = len(re.findall(r'type="radio"', html))
    groups = len(set(re.findall(r'type="radio" name="(question_\d+)"', html)))
    if radios != QUESTIONS * len(CHOICES) or groups != QUESTIONS or "<form" not in html:
        raise SystemExit(
            f"bench.peer: the page has {radios} radio inputs in {groups} groups, "
            f"not {QUESTIONS * len(CHOICES)} in {QUESTIONS}"
        )


def csrf_cookie(set_cookies: list[str]) -> str:
    """The CSRF cookie a browser would send back on its next visit, as ours does."""
    jar = SimpleCookie()
    for header in set_cookies:
        jar.load(header)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


def wait_for_workers(proc: subprocess.Popen, workers: int) -> list[int]:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = children(proc.pid)
        if len(found) >= workers:
            return found
        time.sleep(0.1)
    raise SystemExit(f"bench.peer: {workers} gunicorn workers did not start")


# --------------------------------------------------------------------------- main


def measure(peer: Peer, seconds: float, connections: int) -> wrk.WrkRun:
    """wrk against the page after a short warm-up; server CPU from /proc."""
    wrk.warm_up(
        peer.port, peer.url_path, peer.cookie, seconds=1, connections=connections
    )
    return wrk.measure(
        peer.port,
        peer.url_path,
        peer.cookie,
        seconds=seconds,
        connections=connections,
        threads=2,
        server_pids=peer.worker_pids,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl-C, so the `finally` below stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not wrk.available():
        raise SystemExit("bench.peer: wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as tmp:
        started = time.perf_counter()
        peer = start_peer(Path(tmp), workers=args.workers)
        try:
            log(f"peer up in {time.perf_counter() - started:.1f} s: {peer.versions}")
            log(f"GET {peer.url_path}: {peer.queries} SQL queries (test client)")
            figures = measure(peer, args.seconds, args.connections)
        finally:
            peer.stop()
    cpu = figures.cpu_ms_per_request()
    print(
        f"peer {PEER_PACKAGE} {PEER_VERSION}: {figures.rate:.1f} req/s, "
        f"p50 {figures.latency_ms.get(50)} ms, p99 {figures.latency_ms.get(99)} ms, "
        f"server CPU {cpu if cpu is None else round(cpu, 2)} ms/request, "
        f"{figures.requests} requests, {figures.failures} failed"
    )
    return 1 if figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
