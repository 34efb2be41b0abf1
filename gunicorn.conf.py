"""gunicorn settings: `gunicorn -c gunicorn.conf.py` (see docs/deploy.md).

gunicorn also reads this file by itself when started from the project folder.
Command-line options win over it; the environment variables below tune it.
"""

import os


def cpu_count() -> int:
    """CPUs this process may run on (a container or `taskset` may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "lmm_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
proc_name = "lmm"

# Sync workers, each one request at a time. A page is mostly CPU (docs/performance.md)
# with short waits on PostgreSQL and Redis; gunicorn's 2 x CPUs + 1 keeps the cores
# busy through those waits. Each worker holds ~60 MB until it first draws a chart.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * cpu_count() + 1)
# The slowest request (drawing a chart) takes well under a second; a worker silent
# for 30 s is stuck and is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# The heartbeat file in memory: on a disk-backed /tmp a slow disk stalls workers.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# One JSON object per request on stdout; gunicorn's own messages on stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "lmm_site.gunicorn_logging.JsonAccessLogger"

# systemd manages the processes; several instances on one host would otherwise
# share one control socket in $HOME.
control_socket_disable = True
