"""Two gunicorn instances behind one host name share PostgreSQL and Redis.

A person's requests land on either instance, as behind a load balancer: signing up,
answering, resuming, submitting and reading the result all work across the two; the
chart is drawn once for both; logging out on one ends the session on the other.
Both run with production settings (DEBUG off, TLS ended in front of them).
"""

import json
import os
import re
import secrets
import subprocess
import sys
import uuid
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import dj_database_url
import pytest
import redis

from tests.servers import (
    ROOT,
    Gunicorn,
    TaskWorker,
    app_env,
    redis_server,
    require,
    wait_for,
)

pytestmark = pytest.mark.postgres

SITE = "lmm.test"  # the public host name both instances answer to
MAX_STEPS = 20


# --------------------------------------------------------------------- servers


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    require(
        url.startswith(("postgres://", "postgresql://")),
        "needs PostgreSQL: run with DATABASE_URL=postgres://... (the .ci/run step does)",
    )
    return url


def admin_sql(url: str, statement: str) -> None:
    import psycopg2

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
        connect_timeout=10,
    )
    # CREATE and DROP DATABASE refuse to run inside a transaction.
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.fixture
def database():
    """A fresh, migrated PostgreSQL database that both instances use; dropped after."""
    url = postgres_url()
    name = f"lmm_multi_{uuid.uuid4().hex[:12]}"
    admin_sql(url, f'CREATE DATABASE "{name}"')
    own_url = urlsplit(url)._replace(path=f"/{name}").geturl()
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=app_env(DJANGO_DEBUG="1", DATABASE_URL=own_url),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        yield own_url
    finally:
        admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


@pytest.fixture
def instances(tmp_path, database, redis_url):
    """Instances A and B (two workers each) and a background worker, as after
    `collectstatic` in a deploy."""
    env = app_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=SITE,
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_LOG_LEVEL="INFO",
        LMM_TASK_WORKER="external",
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    started = []
    try:
        for name in ("A", "B"):
            started.append(Gunicorn(name, tmp_path, env, workers=2))
        started.append(TaskWorker("W", tmp_path, env))
        yield started
    finally:
        for instance in started:
            instance.stop()


# ---------------------------------------------------------------------- client


class Forms(HTMLParser):
    """The page's forms: action and fields (inputs with their attributes, selects)."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "fields": []})
        elif not self.forms:
            return
        elif tag == "input":
            self.forms[-1]["fields"].append(attrs)
        elif tag == "button":
            self.forms[-1]["fields"].append({"type": "submit", **attrs})
        elif tag == "select":
            self._select = {"type": "select", "name": attrs["name"], "options": []}
            self.forms[-1]["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def having(self, name: str) -> dict:
        for form in self.forms:
            if any(field.get("name") == name for field in form["fields"]):
                return form
        raise AssertionError(f"no form with a field {name!r}")


def form_data(form: dict, **values) -> dict:
    """What a person submits: hidden fields, the given values, each select's
    preselected (else first) option, and every required checkbox ticked."""
    data = {}
    for field in form["fields"]:
        name, kind = field.get("name"), field.get("type", "text")
        if kind == "checkbox" and name and "required" in field:
            data[name] = field.get("value", "on")
        if not name or kind in {"submit", "radio", "checkbox"}:
            continue
        if kind == "select":
            options = field["options"]
            chosen = next((o for o in options if "selected" in o), options[0])
            data[name] = chosen.get("value", "")
        else:
            data[name] = field.get("value", "")
    return data | values


def radio_groups(form: dict) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for field in form["fields"]:
        if field.get("type") == "radio":
            groups.setdefault(field["name"], []).append(field)
    return groups


class Browser:
    """One person's cookies, sent through either instance under the same host name,
    as a TLS-terminating load balancer would."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, instance, method, path, data=None, cookies=None):
        headers = {
            "Host": SITE,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.9",
            "User-Agent": "multi-instance-test",
        }
        jar = self.cookies if cookies is None else cookies
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{SITE}"
        connection = HTTPConnection("127.0.0.1", instance.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read().decode(errors="replace")
        finally:
            connection.close()
        if cookies is None:
            for header in answer.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        location = answer.getheader("Location") or ""
        return answer.status, urlsplit(location).path if location else "", content

    def get(self, instance, path, **kwargs):
        return self.request(instance, "GET", path, **kwargs)

    def post(self, instance, path, page_html, form_field, **values):
        form = Forms(page_html).having(form_field)
        return self.request(
            instance, "POST", form["action"] or path, form_data(form, **values)
        )


def chart_drawings(*instances) -> list[str]:
    return [
        line
        for instance in instances
        for line in instance.stderr().splitlines()
        if "chart drawn:" in line
    ]


def chart(html: str) -> str:
    found = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert found, "the page shows no chart"
    return found.group(0)


# ------------------------------------------------------------------------ test


def test_a_person_moves_between_two_instances_without_noticing(instances, redis_url):
    a, b, worker = instances
    person = Browser()
    for instance in (a, b):
        status, _, body = person.get(instance, "/healthz")
        assert (status, json.loads(body)["cache"]) == (200, "ok")

    # Sign up and describe the organisation on A.
    status, _, page = person.get(a, "/signup/")
    assert status == 200
    status, location, _ = person.post(
        a,
        "/signup/",
        page,
        "email",
        email="ann@example.com",
        password1="a-long-test-password",
        password2="a-long-test-password",
    )
    assert status == 302, "sign-up refused"
    # The confirmation email went to A's console (stdout); its link works on B.
    link = re.findall(r"https?://\S+?(/signup/confirm/\S+/)", a.stdout())[-1]
    status, location, _ = person.get(b, link)
    assert (status, location) == (302, "/organisations/new/"), "link refused"
    status, _, page = person.get(a, location)
    fields = {"name": "Two Instances Ltd", "industry": "Software"}
    fields |= {"revenue_team_size": "12", "monthly_lead_volume": "500"}
    status, location, _ = person.post(a, location, page, "name", **fields)
    assert status == 302, "organisation refused"
    status, _, home = person.get(a, "/")
    start = next(f for f in Forms(home).forms if "/start/" in (f["action"] or ""))
    status, step_path, _ = person.request(a, "POST", start["action"], form_data(start))
    assert re.fullmatch(r"/rounds/\d+/steps/1/", step_path)

    # Every step is read on A and answered on B; the last answer submits on B.
    given: dict[str, str] = {}
    result_path = None
    for _ in range(MAX_STEPS):
        status, _, page = person.get(a, step_path)
        assert status == 200, f"step page {step_path} on A: {status}"
        form = Forms(page).having("next")
        answers = {}
        for name, options in radio_groups(form).items():
            answers[name] = options[len(options) // 2]["value"]
        if not answers:
            # The optional "Your numbers" page has number fields only: left empty.
            numbers = [f for f in form["fields"] if f.get("type") == "number"]
            assert numbers, f"no questions on {step_path}"
        status, location, _ = person.post(
            b, step_path, page, "next", next="1", **answers
        )
        assert status == 302, f"answers on B refused at {step_path}"
        given |= answers
        if step_path.endswith("/steps/1/"):
            # Resume on A what was answered on B.
            _, _, again = person.get(a, step_path)
            checked = {
                field["name"]: field["value"]
                for field in Forms(again).having("next")["fields"]
                if field.get("type") == "radio" and "checked" in field
            }
            assert checked == answers
        if re.fullmatch(r"/responses/\d+/", location):
            result_path = location
            break
        step_path = location
    assert result_path, "not submitted within MAX_STEPS steps"

    # The result on A draws the chart; B and A again serve it from Redis.
    assert chart_drawings(a, b) == []
    status, _, on_a = person.get(a, result_path)
    assert status == 200
    drawn = chart_drawings(a, b)
    assert drawn, "the result page drew no chart"
    status, _, on_b = person.get(b, result_path)
    assert status == 200
    assert chart(on_b) == chart(on_a)
    assert person.get(a, result_path)[0] == 200
    assert chart_drawings(a, b) == drawn
    keys = [line.split("chart drawn:")[1].split()[1] for line in drawn]
    assert len(keys) == len(set(keys)), "a chart was drawn twice"

    # The PDF asked for on A is drawn by the worker while B follows its progress.
    status, job_path, _ = person.get(a, result_path + "report.pdf")
    assert status == 302 and re.fullmatch(r"/jobs/\d+/", job_path), job_path

    def job_done():
        return 'data-status="done"' in person.get(b, job_path)[2]

    wait_for(job_done, timeout=60, what="the PDF job", process=worker.process)
    status, _, pdf = person.get(b, job_path + "download/")
    assert status == 200 and pdf.startswith("%PDF")
    assert "report drawn" in worker.log()
    assert "report drawn" not in a.stderr() + b.stderr()

    # Sessions and the questionnaire live in Redis (sessions also in PostgreSQL).
    shared = redis.Redis.from_url(redis_url)
    try:
        stored = {key.decode() for key in shared.scan_iter("lmm:*", count=1000)}
    finally:
        shared.close()
    assert any("django.contrib.sessions.cached_db" in key for key in stored)
    assert any(":lmm:questionnaire:" in key for key in stored)
    assert any(":lmm:chart:" in key for key in stored)

    # Logging out on A ends the session on B, even for a copy of the old cookie.
    old_cookies = dict(person.cookies)
    _, _, page = person.get(a, result_path)
    logout = next(f for f in Forms(page).forms if "logout" in (f["action"] or ""))
    status, _, _ = person.request(a, "POST", logout["action"], form_data(logout))
    assert status == 302
    status, location, _ = person.get(b, result_path, cookies=old_cookies)
    assert (status, location) == (302, "/accounts/login/")

    # Both instances served requests; their access logs are JSON lines.
    for instance in (a, b):
        # Without SMTP the app's emails share stdout with the access log.
        lines = [
            json.loads(line)
            for line in instance.stdout().splitlines()
            if line.startswith("{")
        ]
        assert lines and all(line["forwarded_for"] == "203.0.113.9" for line in lines)
        assert {line["status"] for line in lines} <= {200, 302}
    posts_on_b = [
        line
        for line in map(json.loads, b.stdout().splitlines())
        if line["method"] == "POST"
    ]
    assert len(posts_on_b) >= 3  # every step's answers

    # Without Redis, both instances keep serving, slower, and say so.
    shared = redis.Redis.from_url(redis_url)
    try:
        shared.shutdown(nosave=True)
    except redis.exceptions.ConnectionError:
        pass  # the server closed the connection as it stopped
    finally:
        shared.close()
    for instance in (a, b):
        status, _, body = person.get(instance, "/healthz")
        assert status == 200
        assert json.loads(body) == {
            "status": "degraded",
            "database": "ok",
            "cache": "degraded",
        }
        status, _, _ = person.get(instance, "/accounts/login/")
        assert status == 200, "the log-in page without Redis"
