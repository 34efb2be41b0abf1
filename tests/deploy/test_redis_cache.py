"""The app on a real redis-server: sessions, charts, the questionnaire and /healthz."""

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from assessments import charts
from assessments.charts import render
from assessments.questionnaire import data
from tests.factories import make_membership
from tests.servers import redis_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_url(settings, tmp_path):
    with redis_server(tmp_path) as url:
        redis = {
            "BACKEND": "lmm_site.cache.DegradingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "lmm",
        }
        # As lmm_site/settings.py does with REDIS_URL: drawn charts in Redis too.
        settings.CACHES = {**settings.CACHES, "default": redis, "charts": redis}
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        yield url


def stored_keys(url):
    client = redis.Redis.from_url(url)
    try:
        return {key.decode() for key in client.scan_iter("lmm:*")}
    finally:
        client.close()


def test_a_session_lives_in_redis_and_survives_a_flushed_cache(client, redis_url):
    member = make_membership()
    client.force_login(member.user)
    home = reverse("assessments:home")
    assert client.get(home).status_code == 200
    session_key = client.session.session_key
    assert any(key.endswith(session_key) for key in stored_keys(redis_url))
    assert Session.objects.filter(session_key=session_key).exists()

    cache.clear()
    assert client.get(home).status_code == 200
    # Read back from the database, the session is in Redis again.
    assert any(key.endswith(session_key) for key in stored_keys(redis_url))


def test_a_chart_is_drawn_once_and_then_read_from_redis(redis_url, monkeypatch):
    drawn = []
    draw = render.grid_svg
    monkeypatch.setattr(
        render, "grid_svg", lambda *a, **k: drawn.append(1) or draw(*a, **k)
    )
    point = [charts.PlotPoint(1.5, 2.5, "Your organisation")]
    first = charts.grid_svg_cached("response:1:v1:en", charts.GridChart(point))
    assert charts.grid_svg_cached("response:1:v1:en", charts.GridChart(point)) == first
    assert drawn == [1]
    assert any(":lmm:chart:" in key for key in stored_keys(redis_url))


def test_a_process_new_to_a_questionnaire_takes_it_from_redis(
    redis_url, monkeypatch, django_assert_num_queries
):
    questionnaire = data.questionnaire_current()
    monkeypatch.setattr(data, "_published_data", {})
    loaded = data.questionnaire_data(questionnaire)
    assert any(":lmm:questionnaire:" in key for key in stored_keys(redis_url))

    # Another process: nothing in its memory, the questionnaire in Redis.
    monkeypatch.setattr(data, "_published_data", {})
    with django_assert_num_queries(0):
        shared = data.questionnaire_data(questionnaire)
        texts = {code: q.text for code, q in shared.questions.items()}
        kinds = [q.part.kind for q in shared.questions.values()]
        choices = {
            code: [c.label for c in values.values()]
            for code, values in shared.choices.items()
        }
    assert texts == {code: q.text for code, q in loaded.questions.items()}
    assert kinds == [q.part.kind for q in loaded.questions.values()]
    assert choices == {
        code: [c.label for c in values.values()]
        for code, values in loaded.choices.items()
    }


def test_when_redis_goes_away_pages_and_sessions_keep_working_and_health_says_so(
    client, redis_url
):
    admin = make_membership(is_admin=True)
    client.force_login(admin.user)
    assert client.get("/healthz").json()["cache"] == "ok"
    server = redis.Redis.from_url(redis_url)
    try:
        server.shutdown(nosave=True)
    except redis.exceptions.ConnectionError:
        pass  # the server closed the connection as it stopped
    finally:
        server.close()
    page = client.get("/healthz")
    assert page.status_code == 200
    assert page.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}
    home = client.get(reverse("assessments:home"))
    assert home.status_code == 200
    assert home.wsgi_request.user == admin.user
