"""With REDIS_URL set and Redis unreachable, pages keep working without the cache
(slower, logged): sessions come from the database, charts are drawn again."""

import pytest
from django.urls import reverse

from lmm_site.cache import DegradingRedisCache
from tests.factories import make_membership, make_response, make_round
from tests.servers import free_port

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def redis_down(settings):
    dead = {
        # As lmm_site/settings.py configures REDIS_URL, on a port nobody listens on.
        "BACKEND": "lmm_site.cache.DegradingRedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "KEY_PREFIX": "lmm",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    settings.CACHES = {**settings.CACHES, "default": dead, "charts": dead}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_every_page_of_a_member_works_and_the_session_holds(client, redis_down, caplog):
    admin = make_membership(is_admin=True, role="leadership")
    round_ = make_round(organisation=admin.organisation)
    response = make_response(round=round_, respondent=admin.user, submitted=True)
    logged_in = client.post(
        reverse("login"), {"username": admin.user.username, "password": PASSWORD}
    )
    assert logged_in.status_code == 302
    for url in [
        reverse("assessments:home"),
        reverse("assessments:round-detail", args=[round_.pk]),
        reverse("assessments:response-result", args=[response.pk]),
        reverse("assessments:response-chart", args=[response.pk, "svg"]),
        reverse("assessments:organisation-history", args=[admin.organisation_id]),
        reverse("assessments:plan-detail", args=[admin.organisation_id]),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert page.wsgi_request.user == admin.user, url
    assert "cache unreachable" in caplog.text
    health = client.get("/healthz")
    assert (health.status_code, health.json()["cache"]) == (200, "degraded")


def test_each_cache_call_degrades_to_a_miss():
    cache = DegradingRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.delete("k") is False
    assert cache.get_or_set("k", lambda: 7) == 7
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.is_reachable() is False
