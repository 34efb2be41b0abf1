from unittest import mock

from django.urls import reverse

from assessments.jobs.workers import database_worker


def run_jobs() -> None:
    """Run every task that is due, in this thread, as `manage.py db_worker --batch`.

    The worker drops connections Django thinks unusable between tasks; inside a
    test's transaction (autocommit off) that is every connection, which would end
    the test's transaction on PostgreSQL: here it keeps it."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        database_worker(worker_id="test-worker").run()


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
