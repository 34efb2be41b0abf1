import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Charts are cached under keys made of row ids, which repeat across tests whose
    database is rolled back: start each test with an empty cache."""
    from django.core.cache import cache

    cache.clear()
