from unittest import mock

from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker


def run_jobs() -> None:
    """Run every task that is due, in this thread, as `manage.py db_worker --batch`.

    The worker drops connections Django thinks unusable between tasks; inside a
    test's transaction (autocommit off) that is every connection, which would end
    the test's transaction on PostgreSQL: here it keeps it."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        _worker().run()


def _worker():
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def fetch_report(client, url, **kwargs):
    """A report as a person gets it: the request queues it and sends them to its
    progress page, a worker draws it, the page then hands it over. A report drawn
    before comes at once."""
    from django.urls import resolve

    got = client.get(url, **kwargs)
    if got.status_code != 302 or resolve(got.url).url_name != "job-detail":
        return got
    run_jobs()
    job_id = resolve(got.url).kwargs["job_id"]
    page = client.get(got.url, **kwargs)
    assert page.status_code == 200
    assert 'data-status="done"' in page.content.decode()
    return client.get(reverse("assessments:job-download", args=[job_id]), **kwargs)
