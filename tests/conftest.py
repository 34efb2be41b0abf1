import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Charts and questionnaires are cached under database ids, which a rolled-back
    test hands on to the next one: start every test with an empty cache."""
    from django.core.cache import cache

    cache.clear()
