"""django-tasks-db's database worker, set up one way for every queue: the embedded
thread, and the batch runs of the benchmark and the tests."""

from __future__ import annotations


def database_worker(*, worker_id: str, interval: float = 0, batch: bool = True):
    """The worker `manage.py db_worker` would run on every queue of the default
    backend; with `batch` it stops once nothing is due."""
    # Imported here: its models need the app registry, which is ready by now.
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
