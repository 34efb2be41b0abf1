"""Where drawn charts and report PDFs are kept once made.

Drawing a chart costs 0.1–0.5 s and a PDF about a second, so each is drawn once and
kept in the cache named `charts` (settings.CACHES): Redis when REDIS_URL is set, else
a database table. Either way it is shared by every worker process and every
instance, and survives restarts.

Their keys are hashes of everything drawn, so a key never names two different
drawings: the process's own `charts-local` cache (bounded, least recently used out
first) sits in front of the shared one and saves the round trip, and for the
database table the query, on repeat views.
"""

from __future__ import annotations

from django.core.cache import caches

SHARED = "charts"
LOCAL = "charts-local"


def get(key: str) -> str | bytes | None:
    """The drawing stored under `key`, or None."""
    value = caches[LOCAL].get(key)
    if value is None:
        value = caches[SHARED].get(key)
        if value is not None:
            caches[LOCAL].set(key, value, None)
    return value


def set(key: str, value: str | bytes, timeout: int) -> None:  # noqa: A001 - cache API
    """Store a drawing for `timeout` seconds in the shared cache, and here."""
    caches[SHARED].set(key, value, timeout)
    caches[LOCAL].set(key, value, None)
