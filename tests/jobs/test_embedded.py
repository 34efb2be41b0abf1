"""With embedded workers, a web process runs queued jobs in a thread from its start;
a command's process only queues them (its thread would die with it, mid-job)."""

import subprocess
import sys
import threading

import pytest

from assessments.jobs import embedded, queue
from assessments.models import Job
from tests.jobs import tasks
from tests.servers import ROOT, app_env

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread_runs(settings, monkeypatch):
    """Embedded workers, with a thread that only says it ran."""
    settings.TASK_WORKER = "embedded"
    started = threading.Event()
    monkeypatch.setattr(embedded, "_work", started.set)
    monkeypatch.setattr(embedded, "_serving", False)
    yield started
    embedded.stop()


def test_a_command_queues_but_starts_no_worker_thread(thread_runs):
    job = queue.job_submit(kind=Job.Kind.REPORT, key="k", task=tasks.flaky, total=1)
    assert embedded._thread is None
    assert not thread_runs.is_set()
    # The job waits for a serving process's worker (or `manage.py db_worker`).
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED


def test_a_serving_process_starts_its_worker_at_once(thread_runs):
    assert embedded.serving() is True
    assert thread_runs.wait(timeout=30)


def test_external_workers_start_no_thread_in_a_web_process(thread_runs, settings):
    settings.TASK_WORKER = "external"
    assert embedded.serving() is False
    assert embedded._thread is None


def test_the_wsgi_application_marks_its_process_as_serving(tmp_path):
    probe = (
        "import lmm_site.wsgi\n"
        "from assessments.jobs import embedded\n"
        "print(embedded._serving, embedded._thread is not None)\n"
    )
    env = app_env(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LMM_TASK_WORKER="embedded",
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.split() == ["True", "True"]
