"""Production-mode gunicorn with two workers on a file SQLite database: 20 parallel
final submits, sign-ups with one email and accepts of one invitation give no 500 and
exactly one submitted response, user and membership."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = 20
CSRF = "c" * 32

SEED = """
import json, sys, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from assessments.organisations import invitations
from tests.factories import (
    answers_for,
    confirm_all_steps_but_last,
    make_membership,
    make_response,
    make_user,
)

def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

admin = make_membership(is_admin=True)
response = make_response(respondent=admin.user)
answers = answers_for()
steps = confirm_all_steps_but_last(response, answers)
last = steps[-1]
invitation = invitations.invitation_create(
    organisation=admin.organisation, created_by=admin.user, role="sales"
)
print(json.dumps({
    "response": response.pk,
    "submit_url": f"/rounds/{response.round_id}/steps/{len(steps)}/",
    "submit_data": {c: answers[c] for c in last.codes if c in answers}
    | {"next": "1"},
    "submitter": session_for(admin.user),
    "invitation_url": f"/invitations/{invitation.token}/",
    "invitation": invitation.pk,
    "joiners": [session_for(make_user()) for _ in range(int(sys.argv[1]))],
}))
"""

COUNT = """
import json, sys, django
django.setup()
from django.contrib.auth import get_user_model
from assessments.models import Invitation, Membership, Response
seed = json.loads(sys.argv[1])
invitation = Invitation.objects.get(pk=seed["invitation"])
print(json.dumps({
    "submitted": Response.objects.filter(pk=seed["response"], status="submitted").count(),
    "users": get_user_model().objects.filter(email="same@example.com").count(),
    "joined": Membership.objects.filter(organisation=invitation.organisation_id, role="sales").count(),
    "invitation_used": invitation.used_by_id is not None,
}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrency")
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    base.pop("DATABASE_URL", None)
    env = {
        **base,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "concurrency-test-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "lmm_site.settings",
    }

    def python(*args, **kwargs):
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=180,
            **kwargs,
        ).stdout

    python("manage.py", "migrate", "--noinput")
    python("manage.py", "collectstatic", "--noinput")
    seed = json.loads(python("-c", SEED, str(PARALLEL)).strip().splitlines()[-1])
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lmm_site.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "gunicorn.log", "w"),  # noqa: SIM115
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/accounts/login/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield {
            "port": port,
            "seed": seed,
            "count": lambda: json.loads(
                python("-c", COUNT, json.dumps(seed)).strip().splitlines()[-1]
            ),
            "log": folder / "gunicorn.log",
        }
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)


def request(port, method, path, data=None, session=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    cookies = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    headers = {"Cookie": cookies, "Host": "127.0.0.1"}
    body = None
    if data is not None:
        body = urlencode(data | {"csrfmiddlewaretoken": CSRF})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    status, text = answer.status, answer.read().decode("utf-8", "replace")
    connection.close()
    return status, text


def in_parallel(calls):
    barrier = Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [status for status, _text in pool.map(run, calls)]


def test_twenty_parallel_final_submits_submit_once_without_a_500(server):
    seed = server["seed"]
    statuses = in_parallel(
        [
            lambda: request(
                server["port"],
                "POST",
                seed["submit_url"],
                seed["submit_data"],
                seed["submitter"],
            )
        ]
        * PARALLEL
    )
    assert 500 not in statuses, server["log"].read_text()[-3000:]
    assert set(statuses) <= {302}
    assert server["count"]()["submitted"] == 1


def test_twenty_parallel_sign_ups_with_one_email_make_one_user(server):
    data = {
        "email": "same@example.com",
        "password1": "a-long-concurrent-password",
        "password2": "a-long-concurrent-password",
    }
    statuses = in_parallel(
        [lambda: request(server["port"], "POST", "/signup/", data)] * PARALLEL
    )
    assert 500 not in statuses, server["log"].read_text()[-3000:]
    assert statuses.count(302) == 1
    assert set(statuses) <= {200, 302}
    assert server["count"]()["users"] == 1


def test_twenty_parallel_accepts_of_one_invitation_make_one_membership(server):
    seed = server["seed"]
    statuses = in_parallel(
        [
            (
                lambda session=session: request(
                    server["port"], "POST", seed["invitation_url"], {}, session
                )
            )
            for session in seed["joiners"]
        ]
    )
    assert 500 not in statuses, server["log"].read_text()[-3000:]
    assert set(statuses) <= {302, 410}
    counts = server["count"]()
    assert counts["joined"] == 1 and counts["invitation_used"]
