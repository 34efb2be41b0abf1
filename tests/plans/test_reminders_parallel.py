"""Overlapping runs of send_reminders, in separate processes on one database, send
each reminder once: on a file SQLite database, and on PostgreSQL when the tests run
on it."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.servers import app_env

ROOT = Path(__file__).resolve().parents[2]
RUNS = 4

SEED = """
import datetime, django
django.setup()
from django.utils import timezone
from assessments.models import Response
from tests.factories import make_action, make_membership, make_response, make_round
admin = make_membership(is_admin=True)
colleague = make_membership(organisation=admin.organisation)
round_ = make_round(organisation=admin.organisation, year=2025)
response = make_response(round=round_, respondent=admin.user, submitted=True)
Response.objects.filter(pk=response.pk).update(
    submitted_at=timezone.now() - datetime.timedelta(days=400)
)
make_action(owner=colleague, due_date=timezone.localdate())
"""

# Each run computes what is pending, then waits until every run has (a barrier of
# files), so all of them try to send the same reminders at the same time.
RUN = """
import json, sys, django
from pathlib import Path
django.setup()
from assessments.plans import reminders
folder, number, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
pending = reminders.reminders_pending
def pending_then_wait(**kwargs):
    items = pending(**kwargs)
    (folder / f"ready-{number}").touch()
    while len(list(folder.glob("ready-*"))) < runs:
        pass
    return items
reminders.reminders_pending = pending_then_wait
sent = reminders.reminders_send()
print(json.dumps([[email.recipient.email, len(email.items)] for email in sent]))
"""


def database_urls():
    urls = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        urls.append("postgres")
    return urls


@pytest.fixture
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    import psycopg2

    parts = urlsplit(os.environ["DATABASE_URL"])
    name = f"lmm_reminders_{uuid.uuid4().hex[:8]}"
    # Only the path changes: a text replace would also hit a user named as the database.
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        admin.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
        admin.close()


def python(env, *args):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=180,
    ).stdout


@pytest.mark.parametrize("database", database_urls(), indirect=True)
def test_overlapping_runs_send_each_reminder_once(database, tmp_path):
    env = app_env(DJANGO_DEBUG="1", DATABASE_URL=database)
    python(env, "manage.py", "migrate", "--noinput")
    python(env, "-c", SEED)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RUN, str(tmp_path), str(number), str(RUNS)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(RUNS)
    ]
    sent = []
    for run in runs:
        out, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
        sent.extend(json.loads(out.strip().splitlines()[-1]))
    # Two members are due for this year's assessment; the colleague also owns an
    # action due today: two emails, three items, whichever runs sent them.
    assert sorted(email for email, _ in sent) == sorted({email for email, _ in sent}), (
        sent
    )
    assert len(sent) == 2
    assert sum(items for _, items in sent) == 3
    counts = python(
        env,
        "-c",
        "import django; django.setup();"
        "from assessments.models import Reminder; print(Reminder.objects.count())",
    )
    assert counts.strip().splitlines()[-1] == "3"
