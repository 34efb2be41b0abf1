"""A request that waited for SQLite's write lock (a large import holds it) longer
than the busy timeout gets a 503 page asking to send it again, with Retry-After,
in the reader's language, logged as a warning: not a 500. Other database errors
stay 500s."""

import json
import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from lmm_site.middleware import LOCKED_RETRY_AFTER, BadInputMiddleware

pytestmark = pytest.mark.django_db

EMAIL = "eve@locked.test"
PASSWORD = "a-long-enough-password-42"


@pytest.fixture
def person():
    return get_user_model().objects.create_user(EMAIL, EMAIL, PASSWORD)


def log_in(client, **headers):
    return client.post(
        reverse("login"), {"username": EMAIL, "password": PASSWORD}, headers=headers
    )


def locked_log_in(monkeypatch, message="database is locked"):
    def waited_too_long(request, user, backend=None):
        raise OperationalError(message)

    monkeypatch.setattr("django.contrib.auth.views.auth_login", waited_too_long)


def test_a_request_behind_the_write_lock_is_asked_to_come_again(
    person, monkeypatch, caplog
):
    client = Client(raise_request_exception=False)
    locked_log_in(monkeypatch)
    with caplog.at_level(logging.WARNING):
        page = log_in(client)
    assert page.status_code == 503
    assert page["Retry-After"] == str(LOCKED_RETRY_AFTER)
    html = page.content.decode()
    assert "Busy for a moment: please try again" in html
    assert "What you just sent was not saved" in html
    warnings = [r for r in caplog.records if r.name == "lmm_site.middleware"]
    assert [r.levelname for r in warnings] == ["WARNING"]
    assert "database locked" in warnings[0].getMessage()
    # Not logged as a server error on top.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # Nobody is logged in; sent again once the lock is free, it succeeds.
    assert "_auth_user_id" not in client.session
    monkeypatch.undo()
    again = log_in(client)
    assert (again.status_code, again.url) == (302, "/")
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_busy_page_is_in_german_for_german_readers(person, monkeypatch):
    client = Client(raise_request_exception=False)
    locked_log_in(monkeypatch)
    page = log_in(client, accept_language="de")
    assert page.status_code == 503
    html = page.content.decode()
    assert "Einen Moment: bitte noch einmal versuchen" in html
    assert "Please send it again" not in html


def test_other_database_errors_stay_server_errors(person, monkeypatch):
    client = Client(raise_request_exception=False)
    locked_log_in(monkeypatch, message="no such table: assessments_round")
    page = log_in(client)
    assert page.status_code == 500
    assert "Retry-After" not in page


def test_an_api_client_gets_json_with_retry_after():
    request = RequestFactory().get("/api/v1/rounds/")
    answer = BadInputMiddleware(lambda request: None).process_exception(
        request, OperationalError("database is locked")
    )
    assert answer.status_code == 503
    assert answer["Retry-After"] == str(LOCKED_RETRY_AFTER)
    assert "busy" in json.loads(answer.content)["detail"]
