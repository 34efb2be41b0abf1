"""A job's progress, written inside its long transaction, is read at once by any
other connection or process: not from the process's own cache, nor from a row of
the transaction that only commits at the end."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections, transaction

from assessments.jobs import progress

pytestmark = pytest.mark.django_db


def elsewhere(work):
    """`work()` on another thread: another connection to the database, and none of
    this thread's transaction (as another gunicorn worker would be)."""
    seen = {}

    def run():
        try:
            seen["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return seen.get("value")


def shared_rows(key):
    """The shared table's rows for `key`, read by another connection."""

    def count():
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM lmm_shared WHERE cache_key LIKE %s",
                [f"%{key}"],
            )
            return cursor.fetchone()[0]

    return elsewhere(count)


def test_progress_set_in_a_transaction_is_read_by_another_connection_meanwhile():
    key = "test-progress:seen-meanwhile"
    with transaction.atomic():
        progress.progress_set(key, 7, 60)
        # This process's own caches forget everything: the value is not in them.
        for alias in ("default", "charts-local", "fragments"):
            caches[alias].clear()
        assert elsewhere(lambda: progress.progress_get(key)) == 7
        if connection.vendor == "postgresql":
            # In the shared table, committed by a connection of its own.
            assert shared_rows(key) == 1
    assert progress.progress_get(key) == 7


def test_progress_outlives_a_rolled_back_transaction_but_not_its_timeout():
    key = "test-progress:rollback"
    with pytest.raises(RuntimeError), transaction.atomic():
        progress.progress_set(key, 3, 60)
        raise RuntimeError
    assert progress.progress_get(key) == 3
    progress.progress_set(key, 4, -1)
    assert progress.progress_get(key) is None


def test_on_sqlite_the_progress_sits_beside_the_database_file(settings, tmp_path):
    # A second connection would wait for the import's own write lock: the value
    # goes to files next to the database, which every process on the machine opens.
    name = tmp_path / "db.sqlite3"
    settings_dict = {**connections["default"].settings_dict, "NAME": str(name)}
    real = connections["default"].settings_dict
    connections["default"].settings_dict = settings_dict
    try:
        store = progress._beside_database()
    finally:
        connections["default"].settings_dict = real
    store.set("k", 1, 60)
    assert (tmp_path / "db.sqlite3-progress").is_dir()
    assert any((tmp_path / "db.sqlite3-progress").iterdir())
