"""On a file SQLite database a log-in made while import_answers writes 10,000
records waits for the import's write lock and succeeds (gunicorn, a real process).

On a busy machine the write can outlast the busy timeout (DJANGO_SQLITE_TIMEOUT):
the log-in then gets the documented answer, a 503 page asking to send it again
with Retry-After, and sent again it succeeds. Any other answer fails the test."""

import http.client
import sqlite3
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from tests.servers import HOST, ROOT, Gunicorn, app_env, wait_for

RECORDS = 10_000
EMAIL = "eve@login.test"
PASSWORD = "a-long-enough-password-42"
CSRF = "c" * 32

SEED = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
get_user_model().objects.create_user({EMAIL!r}, {EMAIL!r}, {PASSWORD!r})
"""


def python(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
        **kwargs,
    )


def write_locked(path) -> bool:
    """Whether another process holds the database's write lock right now."""
    connection = sqlite3.connect(path, timeout=0)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return "locked" in str(error)
    else:
        connection.rollback()
        return False
    finally:
        connection.close()


def log_in(port):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    body = urlencode(
        {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": CSRF}
    )
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Cookie": f"csrftoken={CSRF}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    answer = connection.getresponse()
    body = answer.read().decode()
    connection.close()
    return {
        "status": answer.status,
        "location": answer.getheader("Location"),
        "cookies": answer.getheader("Set-Cookie") or "",
        "retry_after": answer.getheader("Retry-After"),
        "body": body,
    }


@pytest.mark.slow
def test_a_log_in_during_a_large_import_waits_for_it_and_succeeds(tmp_path):
    env = app_env(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    python(env, "manage.py", "migrate", "--noinput", "-v0")
    python(env, "-c", SEED)
    records = tmp_path / "records.json"
    with open(records, "w") as out:
        python(env, "-m", "bench.bulk", "--make", str(RECORDS), stdout=out)

    server = Gunicorn("login", tmp_path, env, workers=1)
    importer = None
    try:
        importer = subprocess.Popen(
            [sys.executable, "manage.py", "import_answers", str(records)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The plan is printed when every record is checked; the write follows.
        for line in importer.stdout:
            if line.endswith("existing accounts joining.\n"):
                break
        # The log-in must arrive while the import holds SQLite's write lock.
        wait_for(
            lambda: write_locked(tmp_path / "db.sqlite3"),
            timeout=120,
            what="the import's write lock",
            process=importer,
        )
        first = log_in(server.port)
        output, errors = importer.communicate(timeout=300)
        logged_in = first
        if first["status"] == 503:
            # Waited past the busy timeout: the person is told to send it again.
            assert first["retry_after"] == "10"
            assert "Busy for a moment: please try again" in first["body"]
            assert "sessionid=" not in first["cookies"]
            logged_in = log_in(server.port)
    finally:
        if importer is not None and importer.poll() is None:
            importer.kill()
            importer.wait(timeout=30)
        server.stop()
    assert importer.returncode == 0, errors
    assert f"Imported {RECORDS} submitted responses" in output
    assert (logged_in["status"], logged_in["location"]) == (302, "/"), first["status"]
    assert "sessionid=" in logged_in["cookies"]
