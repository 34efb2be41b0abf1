"""`/healthz`: is this instance able to serve? For load balancers and monitoring."""

import logging
import os
import socket
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# One key per process: instances probing at the same moment never read each
# other's value.
_PROBE_KEY = f"lmm:healthz:{socket.gethostname()}:{os.getpid()}"


def _database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_ok() -> bool:
    token = uuid.uuid4().hex
    cache.set(_PROBE_KEY, token, 30)
    return cache.get(_PROBE_KEY) == token


CHECKS = {"database": _database_ok, "cache": _cache_ok}


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache answer, else 503 naming what failed.

    Touches neither the session nor the user, so a probe creates no session and
    needs no log-in; the details of a failure go to the log, not to the caller.
    """
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("health check %s failed", name)
            results[name] = "error"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results},
        status=200 if healthy else 503,
    )
