import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Charts are cached under keys made of row ids, which repeat across tests whose
    database is rolled back: start each test with an empty cache."""
    from django.core.cache import cache, caches

    from assessments.consultants import benchmarks
    from assessments.teams import round_store

    cache.clear()
    benchmarks.index_kept_clear()
    caches["charts-local"].clear()
    caches["fragments"].clear()
    round_store.kept_clear()


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """django-ratelimit counts in a cache table that transactional tests do not empty,
    so sign-ups of many tests would add up; tests/accounts/test_throttling.py turns it on."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(autouse=True)
def _jobs_wait_for_the_test(settings):
    """Queued jobs stay queued until a test runs them (tests/jobs/helpers.py): a
    worker thread would not see the test's uncommitted rows."""
    settings.TASK_WORKER = "external"
