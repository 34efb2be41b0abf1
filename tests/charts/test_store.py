"""Drawn charts and PDFs are kept in the shared `charts` cache (a database table
without Redis), with a bounded copy in each process (`charts-local`) in front of it."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.charts import store
from assessments.reports import pdf


def test_without_redis_the_drawings_live_in_a_database_table(settings):
    assert not settings.REDIS_URL
    backend = settings.CACHES["charts"]
    assert backend["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert backend["LOCATION"] == "lmm_charts"


@pytest.mark.django_db
def test_another_process_finds_a_drawing_in_the_table_then_keeps_it_locally():
    store.set("lmm:chart:abc", "<svg>one</svg>", 60)
    # Another worker process, or this one after a restart: nothing held locally.
    caches["charts-local"].clear()
    with CaptureQueriesContext(connection) as first:
        assert store.get("lmm:chart:abc") == "<svg>one</svg>"
    assert any("lmm_charts" in query["sql"] for query in first.captured_queries)
    with CaptureQueriesContext(connection) as again:
        assert store.get("lmm:chart:abc") == "<svg>one</svg>"
    assert again.captured_queries == []
    assert store.get("lmm:chart:missing") is None


def test_the_local_copies_are_a_bounded_cache_of_this_process(settings):
    local = settings.CACHES["charts-local"]
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert local["OPTIONS"]["MAX_ENTRIES"] == 100


@pytest.mark.django_db
def test_a_pdf_is_drawn_once_for_every_process(monkeypatch):
    drawings = []

    def draw(html, *, base_url):
        drawings.append(html)
        return b"%PDF-1.7 " + html.encode()

    monkeypatch.setattr(pdf, "render_pdf", draw)
    html = "<html><body>Acme's result</body></html>"
    first = pdf.pdf_cached(html, base_url="/")
    caches["charts-local"].clear()  # the next request lands on another worker
    assert pdf.pdf_cached(html, base_url="/") == first
    assert len(drawings) == 1
