"""The report a client takes away: the page as a PDF, and the chart as SVG or PNG.

The PDF is made by WeasyPrint from the very HTML the page shows, under its print
stylesheet (static/css/print.css). Rendering takes one to five seconds, so it happens
in a worker (`assessments.reports.tasks`), and PDFs are kept like the charts: the key
hashes the page's HTML, which holds every input (answers, texts, language, the date
in its footer, the stylesheets' URLs).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from assessments.charts import store

logger = logging.getLogger(__name__)

# Bump when the report's look changes in a way its HTML does not show (e.g. WeasyPrint).
REPORT_VERSION = "3"
CACHE_PREFIX = "lmm:report:"
CACHE_TIMEOUT = 60 * 60 * 24 * 7

_CSRF_INPUT = re.compile(
    r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">'
)


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


def report_key(html: str) -> tuple[str, str]:
    """The page's HTML as the report uses it, and the key its PDF is kept under."""
    html = report_html(html)
    digest = hashlib.sha256(f"{REPORT_VERSION}\n{html}".encode()).hexdigest()
    return html, CACHE_PREFIX + digest


def pdf_stored(key: str) -> bytes | None:
    """The PDF kept under `key`, if one was drawn."""
    return store.get(key)


def pdf_cached(html: str, *, base_url: str) -> bytes:
    """The PDF of a page's HTML, drawn once per distinct HTML (in a worker: see
    `assessments.reports.tasks`)."""
    html, key = report_key(html)
    pdf = store.get(key)
    if pdf is None:
        started = time.perf_counter()
        pdf = render_pdf(html, base_url=base_url)
        store.set(key, pdf, CACHE_TIMEOUT)
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
    """The file a static URL names, only if it lies inside the collected static
    files (or, in development, a static folder the finders search). The name is
    percent-decoded and normalised first, and the resolved path (symlinks followed)
    must stay inside one of those folders: `/static//etc/passwd`, `..` and their
    encoded forms name nothing."""
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    _scheme, _sep, rest = url.partition("://")
    local = "/" + rest.partition("/")[2] if _sep else url
    local = unquote(local.split("?")[0].split("#")[0])
    if not local.startswith(prefix) or "\\" in local or "\0" in local:
        return None
    name = local[len(prefix) :]
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    for root in _static_roots():
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _static_roots() -> list[Path]:
    """Collected (and hashed) files in production, the source folders in development."""
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location))
    return [root.resolve() for root in roots if root.is_dir()]
