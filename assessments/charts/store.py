"""Where drawn charts and report PDFs are kept once made.

Drawing a chart costs 0.1–0.5 s and a PDF about a second, so each is drawn once and
kept in the cache named `charts` (settings.CACHES): Redis when REDIS_URL is set, else
a database table. Either way it is shared by every worker process and every
instance, and survives restarts.

Their keys are hashes of everything drawn, so a key never names two different
drawings: a small memory in each process sits in front of the shared cache and saves
the round trip (and, for the database table, the query) on repeat views.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.cache import caches

ALIAS = "charts"
# About a hundred charts and PDFs per worker process.
LOCAL_MAX_BYTES = 8 * 1024 * 1024

_local: OrderedDict[str, str | bytes] = OrderedDict()
_local_bytes = 0
_lock = threading.Lock()


def get(key: str) -> str | bytes | None:
    """The drawing stored under `key`, or None."""
    with _lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
            return value
    value = caches[ALIAS].get(key)
    if value is not None:
        _remember(key, value)
    return value


def set(key: str, value: str | bytes, timeout: int) -> None:  # noqa: A001 - cache API
    """Store a drawing for `timeout` seconds in the shared cache, and here."""
    caches[ALIAS].set(key, value, timeout)
    _remember(key, value)


def clear_local() -> None:
    """Forget this process's copies (tests; the shared cache keeps its own)."""
    global _local_bytes
    with _lock:
        _local.clear()
        _local_bytes = 0


def _remember(key: str, value: str | bytes) -> None:
    global _local_bytes
    size = len(value)
    if size > LOCAL_MAX_BYTES:
        return
    with _lock:
        previous = _local.pop(key, None)
        if previous is not None:
            _local_bytes -= len(previous)
        _local[key] = value
        _local_bytes += size
        while _local_bytes > LOCAL_MAX_BYTES:
            _evicted_key, evicted = _local.popitem(last=False)
            _local_bytes -= len(evicted)
