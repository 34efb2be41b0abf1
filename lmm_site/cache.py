"""Django's Redis cache, degrading instead of failing when Redis is unreachable.

Nothing the app keeps in Redis exists only there: sessions are `cached_db` (the
database holds them), drawn charts and PDFs are drawn again, the questionnaire is
read from the database. So with Redis down a read is a miss and a write is dropped,
each logged, and pages are slower instead of answering 500. After a failure the
process leaves Redis alone for a few seconds, so a hung server does not cost every
call its socket timeout.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds a process skips Redis after a failed call.
RETRY_AFTER = 5.0


def _degrading(default):
    """Run the cache call; on a Redis error log it, remember the failure and return
    `default(*args)` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.down_until > time.monotonic():
                return default(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self.down_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "cache unreachable, served without it for %.0f s: %s",
                    RETRY_AFTER,
                    error,
                )
                return default(*args, **kwargs)

        return wrapper

    return decorate


def _nothing(*args, **kwargs):
    return None


def _not_done(*args, **kwargs):
    return False


def _the_default(key, default=None, version=None):
    return default


def _none_found(*args, **kwargs):
    return {}


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found")


def _all_failed(data, *args, **kwargs):
    return list(data)


class DegradingRedisCache(RedisCache):
    down_until = 0.0

    get = _degrading(_the_default)(RedisCache.get)
    get_many = _degrading(_none_found)(RedisCache.get_many)
    has_key = _degrading(_not_done)(RedisCache.has_key)
    add = _degrading(_not_done)(RedisCache.add)
    set = _degrading(_nothing)(RedisCache.set)
    set_many = _degrading(_all_failed)(RedisCache.set_many)
    touch = _degrading(_not_done)(RedisCache.touch)
    delete = _degrading(_not_done)(RedisCache.delete)
    delete_many = _degrading(_nothing)(RedisCache.delete_many)
    incr = _degrading(_missing)(RedisCache.incr)
    clear = _degrading(_not_done)(RedisCache.clear)

    def is_reachable(self) -> bool:
        """Whether Redis answers now, for /healthz; asks it even while skipping it."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError:
            return False
        self.down_until = 0.0
        return True

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's version reads the value back after adding it, which a dropped
        # write turns into None.
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            self.add(key, value, timeout=timeout, version=version)
        return value
