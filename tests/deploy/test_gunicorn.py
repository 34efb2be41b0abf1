"""gunicorn.conf.py: workers from the CPU count, and an access log of JSON lines."""

import runpy
import urllib.error
import urllib.request

import pytest

from tests.servers import ROOT, Gunicorn, app_env


def config(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_workers_follow_the_cpu_count_unless_web_concurrency_says(monkeypatch):
    conf = config(monkeypatch)
    assert conf["workers"] == 2 * conf["cpu_count"]() + 1
    assert config(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_defaults_bind_to_loopback_with_a_timeout(monkeypatch):
    conf = config(monkeypatch)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["timeout"] == 30
    assert conf["accesslog"] == "-"
    assert conf["control_socket_disable"] is True
    assert config(monkeypatch, GUNICORN_BIND="0.0.0.0:9000")["bind"] == ["0.0.0.0:9000"]


@pytest.fixture
def server(tmp_path):
    # /healthz needs no tables: an empty SQLite file answers SELECT 1.
    env = app_env(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    instance = Gunicorn("solo", tmp_path, env, workers=1)
    yield instance
    instance.stop()


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_request_is_one_parseable_json_line(server):
    assert get(server.url + "/healthz")[0] == 200
    agent = 'curl/8 "quoted" \\ agent'
    assert (
        get(server.url + "/no/such/page/?q=%22x%22", **{"User-Agent": agent})[0] == 404
    )

    status, stylesheet = get(server.url + "/static/css/site.css")
    assert status == 200

    lines = server.access_log(at_least=3)
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/healthz", 200),
        ("GET", "/no/such/page/", 404),
        ("GET", "/static/css/site.css", 200),
    ]
    assert lines[2]["bytes"] == len(stylesheet)
    assert lines[1]["user_agent"] == agent
    assert lines[1]["query"] == "q=%22x%22"
    assert lines[0]["bytes"] > 0
    assert 0 < lines[0]["duration_ms"] < 20_000
    assert "Listening at: http://127.0.0.1:" in server.stderr()
