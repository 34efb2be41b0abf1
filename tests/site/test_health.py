"""/healthz: 200 when the database answers, "degraded" without the cache, 503 naming
what is down."""

import json
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.urls import resolve

from tests.servers import ROOT, app_env, free_port

pytestmark = pytest.mark.django_db


def test_healthy_instance_answers_200_with_one_query_and_no_session(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        page = client.get("/healthz")
    assert page.status_code == 200
    assert page.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in page["Cache-Control"]
    assert not page.cookies
    assert not Session.objects.exists()


def test_head_is_answered_and_writes_are_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_a_probe_over_plain_http_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_the_health_url_takes_no_id_so_the_access_matrix_leaves_it_alone():
    match = resolve("/healthz")
    assert match.url_name == "healthz"
    assert match.kwargs == {}
    assert not match.route.count("<")


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.redis.RedisCache",
        "lmm_site.cache.DegradingRedisCache",
    ],
)
def test_a_cache_that_does_not_answer_is_degraded_not_down(client, settings, backend):
    """The instance still serves without its cache (tests/site/test_cache_degraded.py):
    it stays in the load balancer."""
    nobody_listens = free_port()
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": f"redis://127.0.0.1:{nobody_listens}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    page = client.get("/healthz")
    assert page.status_code == 200
    assert page.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}
    # The reason goes to the log, never to the caller.
    assert "Connection" not in page.content.decode()


def test_a_database_that_does_not_answer_makes_it_503():
    """A fresh process whose PostgreSQL is not there (nothing listens on the port)."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "page = Client().get('/healthz', HTTP_HOST='localhost');"
        "print(json.dumps([page.status_code, json.loads(page.content)]))"
    )
    url = f"postgres://lmm:lmm@127.0.0.1:{free_port()}/nowhere"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=app_env(DJANGO_DEBUG="1", DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    status, body = json.loads(done.stdout.splitlines()[-1])
    assert status == 503
    assert body == {"status": "error", "database": "error", "cache": "ok"}
    assert "health check database failed" in done.stderr
