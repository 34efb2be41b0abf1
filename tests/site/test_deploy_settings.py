"""Settings for several instances: REDIS_URL switches the cache and the sessions."""

import json

from django.apps import apps
from django.db import models

from tests.site.test_settings import manage

SHOW = (
    "import json; from django.conf import settings as s;"
    "print(json.dumps([s.CACHES['default']['BACKEND'],"
    " s.CACHES['default'].get('LOCATION'), s.SESSION_ENGINE, str(s.STATIC_ROOT)]))"
)


def shown(**env):
    completed = manage(
        "shell", "-c", SHOW, **{"DJANGO_DEBUG": "1", "REDIS_URL": ""} | env
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])


def test_without_redis_url_the_local_setup_is_unchanged():
    backend, _location, sessions, _static = shown()
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert sessions == "django.contrib.sessions.backends.db"


def test_redis_url_shares_the_cache_and_puts_sessions_in_it_backed_by_the_database():
    backend, location, sessions, _static = shown(REDIS_URL="redis://10.0.0.7:6379/2")
    assert backend == "lmm_site.cache.DegradingRedisCache"
    assert location == "redis://10.0.0.7:6379/2"
    assert sessions == "django.contrib.sessions.backends.cached_db"


def test_static_files_can_be_collected_outside_the_project():
    assert shown(DJANGO_STATIC_ROOT="/srv/lmm/static")[3] == "/srv/lmm/static"


def test_production_with_redis_passes_the_deploy_check():
    completed = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x7!kq2p-n3v8r5t0w9y4z1a6b2c7d8e3f4g5h6j7k8m9p0qRsTuVwXyZ",
        DJANGO_ALLOWED_HOSTS="lmm.example.com",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DJANGO_PROXY_COUNT="1",
    )
    assert completed.returncode == 0, completed.stderr


def test_the_deploy_check_warns_behind_a_proxy_without_a_proxy_count():
    completed = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x7!kq2p-n3v8r5t0w9y4z1a6b2c7d8e3f4g5h6j7k8m9p0qRsTuVwXyZ",
        DJANGO_ALLOWED_HOSTS="lmm.example.com",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DJANGO_PROXY_COUNT="0",
    )
    assert completed.returncode != 0
    assert "lmm.W001" in completed.stderr and "DJANGO_PROXY_COUNT" in completed.stderr


def test_no_model_keeps_files_on_the_local_disk():
    """Uploads would tie a user to the instance that stored them."""
    file_fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField | models.FilePathField)
    ]
    assert file_fields == []
