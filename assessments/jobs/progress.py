"""How far a job that writes in one long transaction got, readable meanwhile by
every process (the page that follows it may be served by another one).

The value goes to the `shared` cache (settings: Redis with REDIS_URL, else the
database table `lmm_shared`), never to the job's transaction:

- Redis is outside any transaction by nature.
- The table is written through a connection of its own (a short-lived thread's)
  while this thread's connection is in a transaction: on PostgreSQL the row is
  then committed and seen by every process at once, where a row written inside
  the import's transaction would stay invisible until its end.
- On SQLite that connection would queue behind the import's own write lock, so
  the value goes to files next to the database instead: every process that opens
  the database file is on this machine and can write its directory (WAL needs it).
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from pathlib import Path

from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import DEFAULT_DB_ALIAS, connection, connections

SHARED = "shared"


def progress_set(key: str, value, timeout: float) -> None:
    """Store `value` under `key` where every process reads it at once."""
    _outside_transaction(lambda: _store().set(key, value, timeout))


def progress_get(key: str):
    """The value stored by `progress_set` (None: not stored, or expired)."""
    return _outside_transaction(lambda: _store().get(key))


def _store() -> BaseCache:
    shared = caches[SHARED]
    if isinstance(shared, DatabaseCache) and connection.vendor == "sqlite":
        return _beside_database()
    return shared


_files: dict[str, FileBasedCache] = {}


def _beside_database() -> FileBasedCache:
    name = str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
    if name.startswith(("file:", ":memory:")) or name == "":
        # An in-memory database (tests) lives in one process; so may its progress.
        digest = hashlib.sha256(name.encode()).hexdigest()[:12]
        location = Path(tempfile.gettempdir()) / f"lmm-progress-{digest}"
    else:
        location = Path(f"{name}-progress")
    key = str(location)
    if key not in _files:
        _files[key] = FileBasedCache(key, {"OPTIONS": {"MAX_ENTRIES": 1000}})
    return _files[key]


def _outside_transaction(work):
    store = caches[SHARED]
    uses_database = isinstance(store, DatabaseCache) and connection.vendor != "sqlite"
    if not (uses_database and connection.in_atomic_block):
        return work()
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as error:  # handed to the caller's thread below
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="lmm-progress")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
