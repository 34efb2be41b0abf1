"""Drawn charts and PDFs are kept in the shared `charts` cache (a database table
without Redis), with a bounded copy in each process in front of it."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import drawn_cache, reports


def test_without_redis_the_drawings_live_in_a_database_table(settings):
    assert not settings.REDIS_URL
    backend = settings.CACHES["charts"]
    assert backend["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert backend["LOCATION"] == "lmm_charts"


@pytest.mark.django_db
def test_another_process_finds_a_drawing_in_the_table_then_keeps_it_locally():
    drawn_cache.set("lmm:chart:abc", "<svg>one</svg>", 60)
    # Another worker process, or this one after a restart: nothing held locally.
    drawn_cache.clear_local()
    with CaptureQueriesContext(connection) as first:
        assert drawn_cache.get("lmm:chart:abc") == "<svg>one</svg>"
    assert any("lmm_charts" in query["sql"] for query in first.captured_queries)
    with CaptureQueriesContext(connection) as again:
        assert drawn_cache.get("lmm:chart:abc") == "<svg>one</svg>"
    assert again.captured_queries == []
    assert drawn_cache.get("lmm:chart:missing") is None


@pytest.mark.django_db
def test_the_local_copies_are_bounded_oldest_first(monkeypatch):
    monkeypatch.setattr(drawn_cache, "LOCAL_MAX_BYTES", 10)
    drawn_cache.set("a", b"12345", 60)
    drawn_cache.set("b", b"12345", 60)
    drawn_cache.get("a")  # used last: "b" is the oldest now
    drawn_cache.set("c", b"12345", 60)
    assert list(drawn_cache._local) == ["a", "c"]
    assert drawn_cache._local_bytes == 10
    # Too big to hold locally, still shared.
    drawn_cache.set("big", b"x" * 11, 60)
    assert "big" not in drawn_cache._local
    assert caches["charts"].get("big") == b"x" * 11


@pytest.mark.django_db
def test_a_pdf_is_drawn_once_for_every_process(monkeypatch):
    drawings = []

    def draw(html, *, base_url):
        drawings.append(html)
        return b"%PDF-1.7 " + html.encode()

    monkeypatch.setattr(reports, "render_pdf", draw)
    html = "<html><body>Acme's result</body></html>"
    first = reports.pdf_cached(html, base_url="/")
    drawn_cache.clear_local()  # the next request lands on another worker
    assert reports.pdf_cached(html, base_url="/") == first
    assert len(drawings) == 1
