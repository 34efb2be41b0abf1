import os
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started

from tests.factories import ensure_seeded_questionnaire

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("CI") == "true":
        return
    if os.environ.get("LMM_SKIP_BROWSER") == "1" or not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason="Chromium is not installed (outside CI only)")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Requests the live server is handling. With SQLite in memory, its threads share the
# tests' database connection: a request still running when a test ends (a lazily
# loaded image, a closed page's last fetch) makes the flush, or the next test's
# setup, fail with "database table is locked".
_in_flight = 0
_in_flight_lock = threading.Lock()


def _request_started(**kwargs):
    global _in_flight
    with _in_flight_lock:
        _in_flight += 1


def _request_finished(**kwargs):
    global _in_flight
    with _in_flight_lock:
        _in_flight -= 1


request_started.connect(_request_started, dispatch_uid="lmm-browser-in-flight")
request_finished.connect(_request_finished, dispatch_uid="lmm-browser-in-flight")


def _wait_for_idle_server(limit: float = 15.0) -> None:
    global _in_flight
    deadline = time.monotonic() + limit
    while _in_flight > 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    if _in_flight > 0:
        # A request whose end was never signalled must not make every later test wait.
        with _in_flight_lock:
            _in_flight = 0


@pytest.fixture(autouse=True)
def _questionnaire(transactional_db):
    """Transactional tests flush the database afterwards, taking the questionnaire that
    the data migration seeded with it; put it back for the next one. Around it, wait
    until the live server has answered every request it took."""
    _wait_for_idle_server()
    ensure_seeded_questionnaire()
    yield
    _wait_for_idle_server()
