"""The report a client takes away: the page as a PDF, and the chart as SVG or PNG.

The PDF is made by WeasyPrint from the very HTML the page shows, under its print
stylesheet (static/css/print.css). Rendering takes about a second, so PDFs are cached
like the charts: the key hashes the page's HTML, which holds every input (answers,
texts, language, the date in its footer, the stylesheets' URLs).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import slugify

from assessments import charts, drawn_cache

logger = logging.getLogger(__name__)

# Bump when the report's look changes in a way its HTML does not show (e.g. WeasyPrint).
REPORT_VERSION = "1"
CACHE_PREFIX = "lmm:report:"
CACHE_TIMEOUT = 60 * 60 * 24 * 7
# Slides are shown at 1920 px and more; the 6.4-inch chart at 220 dpi is 1408 px.
SLIDE_DPI = 220
KINDS = ("response", "round", "history")
# The chart URL's format for the compact layout that phones show as an image.
COMPACT_FORMAT = "compact.svg"

_CSRF_INPUT = re.compile(
    r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">'
)


def _svg_file(svg: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + svg).encode("utf-8")


@dataclass(frozen=True)
class ChartSpec:
    """A page's chart: its cache key, its points and the drawing options; the page
    inlines it as SVG and the downloads draw it as SVG or PNG from the same."""

    key: str
    points: Sequence[charts.PlotPoint]
    options: dict = field(default_factory=dict)

    def __init__(self, key: str, points: Sequence[charts.PlotPoint], **options):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "options", options)

    def svg(self) -> str:
        """The wide inline SVG, through the chart cache: the one drawing a page
        needs; phones load the compact layout as an image (`compact_chart`)."""
        return charts.grid_svg_cached(self.key, self.points, **self.options)

    def inline(self, name: str):
        """The wide SVG with its accessible name, drawn (or read from the cache)
        only when a template shows it: the chart downloads build the same page
        context but never show it."""
        return lazy(lambda: charts.with_accessible_name(self.svg(), name), str)()

    def compact_svg_file(self) -> bytes:
        """A standalone SVG file of the compact chart for phones."""
        return _svg_file(
            charts.grid_svg_cached(self.key, self.points, compact=True, **self.options)
        )

    def compact_version(self) -> str:
        """Changes whenever the compact chart would: its URL carries it, so a
        browser may keep the image as long as it likes."""
        return charts.grid_svg_version(
            self.key, self.points, compact=True, **self.options
        )

    def svg_file(self) -> bytes:
        """A standalone SVG file of the wide chart."""
        return _svg_file(self.svg())

    def png_file(self) -> bytes:
        """The wide chart as a PNG fit for slides."""
        return charts.grid_png_cached(
            self.key, self.points, dpi=SLIDE_DPI, **self.options
        )


def links(kind: str, pk: int, organisation, *, chart: bool = True) -> dict:
    """The report's download URLs for a page (`kind` is one of `KINDS`), and the
    organisation its printed footer names."""
    urls = {
        "organisation": organisation.name,
        "pdf": reverse(f"assessments:{kind}-report", args=[pk]),
    }
    if chart:
        for fmt in ("svg", "png"):
            urls[fmt] = reverse(f"assessments:{kind}-chart", args=[pk, fmt])
    return urls


def compact_chart(kind: str, pk: int, chart: ChartSpec, name: str) -> dict:
    """What a page needs to offer phones the compact chart as an image: its URL
    (drawn on the first request, so a desktop view costs one drawing), its text
    alternative and its size."""
    width, height = charts.COMPACT_SIZE_PT
    url = reverse(f"assessments:{kind}-chart", args=[pk, COMPACT_FORMAT])
    return {
        "url": f"{url}?v={chart.compact_version()}",
        "name": name,
        "width": width,
        "height": height,
    }


def file_name(organisation_name: str, years: str, ext: str, *, what: str = "") -> str:
    """What a download is called, e.g. ``acme-gmbh-2026-lmm.png`` or
    ``acme-gmbh-2026-team-lmm.pdf``: organisation, year(s), what, the model."""
    parts = [slugify(organisation_name) or "organisation", years, what, "lmm"]
    return "-".join(p for p in parts if p) + "." + ext


def footer_css(text: str) -> str:
    """A print stylesheet that writes `text` (organisation and date) in the bottom
    left margin of every page. A margin box's content can only come from a
    stylesheet, and the site's CSP allows no inline styles: so it is a file of its
    own. Every character but letters, digits and spaces is a CSS escape, so the text
    cannot end the string."""
    escaped = "".join(
        ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text[:200]
    )
    return (
        "@page { @bottom-left { "
        f'content: "{escaped}"; '
        "font-family: sans-serif; font-size: 8pt; color: #555; } }\n"
    )


def report_html(html: str) -> str:
    """The page's HTML as the report uses it: without the forms' CSRF tokens, which
    change on every request and would make every PDF a cache miss (the forms are not
    printed)."""
    return _CSRF_INPUT.sub("", html)


def pdf_cached(html: str, *, base_url: str) -> bytes:
    """The PDF of a page's HTML, drawn once per distinct HTML."""
    html = report_html(html)
    key = (
        CACHE_PREFIX + hashlib.sha256(f"{REPORT_VERSION}\n{html}".encode()).hexdigest()
    )
    pdf = drawn_cache.get(key)
    if pdf is None:
        started = time.perf_counter()
        pdf = render_pdf(html, base_url=base_url)
        drawn_cache.set(key, pdf, CACHE_TIMEOUT)
        logger.info(
            "report drawn: %s in %.0f ms", key, (time.perf_counter() - started) * 1000
        )
    return pdf


def render_pdf(html: str, *, base_url: str) -> bytes:
    """Draw the HTML as a PDF under its print stylesheets; inline SVG stays vector."""
    # Imported here: a process that never draws a PDF does not load Pango.
    from weasyprint import HTML

    # Bootstrap has rules WeasyPrint does not support (vw units, some media
    # queries): each render would log a score of harmless warnings.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    return HTML(
        string=html, base_url=base_url, url_fetcher=_static_fetcher()
    ).write_pdf()


def _static_fetcher():
    """A fetcher that gives WeasyPrint the site's own static files and refuses
    everything else, so a report never makes a request to the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            footer = _footer_text(url)
            if footer is not None:
                return URLFetcherResponse(
                    url, footer_css(footer), headers={"Content-Type": "text/css"}
                )
            path = _static_path(url)
            if path is None:
                raise ValueError(f"reports load only static files, not {url}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": kind}
            )

    return StaticFetcher(allowed_protocols=("data", "http", "https"))


def _footer_text(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.path != reverse("assessments:report-footer"):
        return None
    return parse_qs(parts.query).get("text", [""])[0]


def _static_path(url: str) -> Path | None:
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    _scheme, _sep, rest = url.partition("://")
    local = "/" + rest.partition("/")[2] if _sep else url
    if not local.startswith(prefix):
        return None
    name = local[len(prefix) :].split("?")[0]
    if ".." in name.split("/"):
        return None
    # Collected (and hashed) files in production, the source folders in development.
    collected = Path(settings.STATIC_ROOT) / name
    if collected.is_file():
        return collected
    found = finders.find(name)
    return Path(found) if found else None
