"""What a page offers to take away: its chart as SVG, PNG or the compact layout for
phones, the report's download links, and the names of the files."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import slugify

from assessments import charts

# Slides are shown at 1920 px and more; the 6.4-inch chart at 220 dpi is 1408 px.
SLIDE_DPI = 220
KINDS = ("response", "round", "history")
# The chart URL's format for the compact layout that phones show as an image.
COMPACT_FORMAT = "compact.svg"


def _svg_file(svg: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + svg).encode("utf-8")


@dataclass(frozen=True)
class PageChart:
    """A page's chart and the key it is kept under: the page inlines it as SVG, the
    downloads draw it as SVG or PNG from the same, phones get its compact layout."""

    key: str
    chart: charts.GridChart

    def svg(self) -> str:
        """The wide inline SVG, through the chart store: the one drawing a page
        needs; phones load the compact layout as an image (`compact_chart`)."""
        return charts.grid_svg_cached(self.key, self.chart)

    def inline(self, name: str):
        """The wide SVG with its accessible name, drawn (or read from the store)
        only when a template shows it: the chart downloads build the same page
        context but never show it."""
        return lazy(lambda: charts.with_accessible_name(self.svg(), name), str)()

    def compact_svg_file(self) -> bytes:
        """A standalone SVG file of the compact chart for phones."""
        return _svg_file(charts.grid_svg_cached(self.key, self.chart.compacted()))

    def compact_version(self) -> str:
        """Changes whenever the compact chart would: its URL carries it, so a
        browser may keep the image as long as it likes."""
        return charts.grid_svg_version(self.key, self.chart.compacted())

    def svg_file(self) -> bytes:
        """A standalone SVG file of the wide chart."""
        return _svg_file(self.svg())

    def png_file(self) -> bytes:
        """The wide chart as a PNG fit for slides."""
        return charts.grid_png_cached(self.key, self.chart, dpi=SLIDE_DPI)


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


def compact_chart(kind: str, pk: int, chart: PageChart, name: str) -> dict:
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
