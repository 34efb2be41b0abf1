"""Real server processes for tests: redis-server and gunicorn on 127.0.0.1.

Every process is started here, bound to 127.0.0.1, waited for with a deadline and
stopped by its PID. A missing redis-server is a skip outside CI and a failure under
CI=true, where .ci/run installs it.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, reason: str) -> None:
    """Skip with `reason` outside CI; fail under CI=true, where nothing may be missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this is a failure, not a skip)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: the process exited ({process.returncode})")
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not ready after {timeout:.0f} s")


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM the process by its PID, then SIGKILL if it does not exit in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def redis_server_path() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )


@contextmanager
def redis_server(workdir: Path):
    """A throw-away redis-server on a free port; yields its redis:// URL."""
    binary = redis_server_path()
    require(
        binary is not None,
        "redis-server is not installed (apt-get install redis-server)",
    )
    import redis

    for _attempt in range(3):
        port = free_port()
        log = open(workdir / f"redis-{port}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [
                binary,
                "--bind", HOST,
                "--port", str(port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(workdir),
                "--daemonize", "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        client = redis.Redis(host=HOST, port=port, socket_connect_timeout=0.5)

        def answers(client=client):
            try:
                return client.ping()
            except redis.exceptions.ConnectionError:
                return False

        try:
            wait_for(answers, timeout=10, what="redis-server", process=process)
        except AssertionError:
            stop(process)
            log.close()
            continue  # the port was taken between probing and binding
        try:
            yield f"redis://{HOST}:{port}/0"
        finally:
            client.close()
            stop(process)
            log.close()
        return
    raise AssertionError("redis-server did not start on a free port in 3 attempts")


class Gunicorn:
    """One gunicorn instance of the app with the project's gunicorn.conf.py.

    It binds port 0 and reads the port the OS gave it from its own log, so two
    instances never race for a port. stdout holds the JSON access log, stderr
    gunicorn's messages and the app's log.
    """

    def __init__(self, name: str, workdir: Path, env: dict[str, str], workers=2):
        self.name = name
        self.stdout_path = workdir / f"gunicorn-{name}.out"
        self.stderr_path = workdir / f"gunicorn-{name}.err"
        self._stdout = open(self.stdout_path, "w")  # noqa: SIM115
        self._stderr = open(self.stderr_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn",
                "--config", str(ROOT / "gunicorn.conf.py"),
                "--bind", f"{HOST}:0",
                "--workers", str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=self._stdout,
            stderr=self._stderr,
        )  # fmt: skip
        self.port = None
        wait_for(
            self._listening, timeout=60, what=f"gunicorn {name}", process=self.process
        )
        self.url = f"http://{HOST}:{self.port}"

    def _listening(self) -> bool:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", self.stderr())
        if found:
            self.port = int(found.group(1))
        return self.port is not None

    def access_log(self, at_least: int) -> list[dict]:
        """The access log's lines as dicts, once it has `at_least` of them: gunicorn
        writes a line after the response has gone out."""
        wait_for(
            lambda: len(self.stdout().splitlines()) >= at_least,
            timeout=10,
            what=f"{at_least} access-log lines from gunicorn {self.name}",
        )
        # Without SMTP the app's emails (console backend) share stdout with it.
        return [
            json.loads(line)
            for line in self.stdout().splitlines()
            if line.startswith("{")
        ]

    def stdout(self) -> str:
        self._stdout.flush()
        return self.stdout_path.read_text()

    def stderr(self) -> str:
        self._stderr.flush()
        return self.stderr_path.read_text()

    def stop(self) -> None:
        stop(self.process)
        self._stdout.close()
        self._stderr.close()


class TaskWorker:
    """A background worker of the app (`manage.py db_worker`), as on a worker machine."""

    def __init__(self, name: str, workdir: Path, env: dict[str, str]):
        self.log_path = workdir / f"worker-{name}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable, "manage.py", "db_worker",
                "--queue-name", "*", "--no-reload", "--interval", "0.2",
                "--no-startup-delay", "--worker-id", f"test-{name}",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(
            lambda: "Starting worker" in self.log(),
            timeout=60,
            what=f"worker {name}",
            process=self.process,
        )

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        stop(self.process)
        self._log.close()


def app_env(**overrides: str) -> dict[str, str]:
    """The environment for a server of the app: this one without DJANGO_* or test
    settings, plus `overrides`."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "REDIS_URL", "DATABASE_URL"))
    }
    return {**base, "DJANGO_SETTINGS_MODULE": "lmm_site.settings", **overrides}


@contextmanager
def sso_provider(workdir: Path, redirect_uri: str):
    """The test OpenID provider (tests/sso_provider) in a process of its own, with its
    people and an application whose redirect URI is `redirect_uri`; yields its
    issuer URL once its discovery document answers."""
    import requests

    workdir.mkdir(parents=True, exist_ok=True)
    log = open(workdir / "provider.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sso_provider.serve", str(workdir), redirect_uri],
        cwd=ROOT,
        env=app_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    issuer_file = workdir / "issuer"

    def answers() -> bool:
        if not issuer_file.exists():
            return False
        url = issuer_file.read_text() + "/.well-known/openid-configuration"
        try:
            return requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_for(answers, timeout=60, what="OpenID provider", process=process)
        yield issuer_file.read_text()
    finally:
        stop(process)
        log.close()
