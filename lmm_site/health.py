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
    # The Redis cache serves misses while Redis is down (lmm_site/cache.py): ask it
    # directly whether Redis answers.
    if hasattr(cache, "is_reachable") and not cache.is_reachable():
        return False
    token = uuid.uuid4().hex
    cache.set(_PROBE_KEY, token, 30)
    return cache.get(_PROBE_KEY) == token


CHECKS = {"database": _database_ok, "cache": _cache_ok}
# Checks whose failure leaves the instance serving, only slower: it stays in the
# load balancer and says "degraded".
DEGRADABLE = {"cache"}


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, else 503; names what failed. Without the
    cache the instance still serves (slower): 200, "degraded".

    Touches neither the session nor the user, so a probe creates no session and
    needs no log-in; the details of a failure go to the log, not to the caller.
    """
    results = {}
    for name, check in CHECKS.items():
        try:
            passed = check()
        except Exception:
            logger.exception("health check %s failed", name)
            passed = False
        failed = "degraded" if name in DEGRADABLE else "error"
        results[name] = "ok" if passed else failed
    if "error" in results.values():
        status, code = "error", 503
    elif "degraded" in results.values():
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **results}, status=code)
