"""The worker that runs inside a web process when no separate worker is set up.

With `TASK_WORKER = "embedded"` (the default: `bin/serve`, one machine) the first
job a process queues starts a daemon thread that runs the same database worker as
`manage.py db_worker`: the work stays off the request path, and nothing more has to
be started. Production sets `TASK_WORKER = "external"` and runs workers of its own.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.conf import settings
from django.db import close_old_connections

from assessments.jobs.workers import database_worker

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_worker = None


def ensure_started() -> bool:
    """Start this process's worker thread unless it runs or workers are external."""
    global _thread
    if settings.TASK_WORKER != "embedded":
        return False
    with _lock:
        if _thread is not None and _thread.is_alive():
            return True
        _thread = threading.Thread(
            target=_work, name="lmm-embedded-worker", daemon=True
        )
        _thread.start()
    return True


def stop(timeout: float = 10) -> None:
    """Let the thread finish its job and end (for tests and a clean shutdown)."""
    global _thread
    with _lock:
        thread, _thread = _thread, None
    if thread is None:
        return
    if _worker is not None:
        _worker.running = False
    thread.join(timeout)


def _work() -> None:
    global _worker
    _worker = worker = database_worker(
        worker_id=f"embedded-{os.getpid()}-{threading.get_ident()}",
        interval=settings.TASK_WORKER_INTERVAL,
        batch=False,
    )
    while worker.running:
        try:
            worker.run()
        except Exception:
            # A database that is away for a moment must not end the thread.
            logger.exception("embedded worker stopped; starting again")
            close_old_connections()
            time.sleep(settings.TASK_WORKER_INTERVAL)
        else:
            return
