"""The worker that runs inside a web process when no separate worker is set up.

With `TASK_WORKER = "embedded"` (the default: `bin/serve`, one machine) each web
process runs a daemon thread with the same database worker as `manage.py
db_worker`, from its start (`lmm_site/wsgi.py` calls `serving`): the work stays off
the request path, nothing more has to be started, and jobs queued by a command
(`import_answers`, `send_reminders`) are run too. Production sets
`TASK_WORKER = "external"` and runs workers of its own.

Only a serving process runs the thread: a command's process ends with its own work,
and would take down with it a job its thread had claimed (left running until its
lease ends, its queue row for good). A command queues; the web processes run.
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
_serving = False


def serving() -> bool:
    """Mark this process as one that serves the site (the WSGI application, a test's
    live server) and start its worker thread if workers are embedded."""
    global _serving
    _serving = True
    return ensure_started()


def ensure_started() -> bool:
    """Start this process's worker thread unless it runs, workers are external or
    this process does not serve the site (a command)."""
    global _thread
    if settings.TASK_WORKER != "embedded" or not _serving:
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
