import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.waits import SERVER
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
# How long an action or an assertion waits for its state before it fails (an upper
# bound, not a delay): the same for both, and long enough for a loaded machine.
TIMEOUT = 15_000
expect.set_options(timeout=TIMEOUT)


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
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _questionnaire(transactional_db, live_server, browser):
    """Transactional tests flush the database afterwards, taking the questionnaire that
    the data migration seeded with it; put it back for the next one. Around it, wait
    until no request can reach the live server any more: after the test, its browser
    contexts are closed (those a failing test left open too), then every connection
    to the server is (see waits.py)."""
    server = SERVER.watch(live_server)
    server.wait_until_closed()
    ensure_seeded_questionnaire()
    yield
    for context in browser.contexts:
        context.close()
    server.wait_until_closed()


@pytest.fixture
def embedded_worker(settings, monkeypatch):
    """The live server runs queued jobs in a thread of its own, as `bin/serve` does."""
    from assessments.jobs import embedded

    settings.TASK_WORKER = "embedded"
    # The live server is this process: it serves, as lmm_site/wsgi.py marks a
    # web process; the thread starts with the first job queued.
    monkeypatch.setattr(embedded, "_serving", True)
    yield
    embedded.stop()
