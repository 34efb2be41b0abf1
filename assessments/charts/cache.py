"""Charts through the drawn-chart cache (the only part that touches Django): drawn
once per distinct input, shared by every process and instance (see drawn_cache)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

# The package, not its modules: callers and tests see (and may replace) `grid_svg`,
# `grid_png` and `CHART_VERSION` there, so they are looked up there when used.
from assessments import charts as package

from .render import _digest, _Input
from .spec import PNG_DPI, ChartLabels, PlotPoint

# The package's name, as before the split: log filters and readers look for it.
logger = logging.getLogger("assessments.charts")

# Bump when the drawing changes, so cached charts of the old look are not served.
CHART_VERSION = "5"
CACHE_PREFIX = "lmm:chart:"
# Keys also hash the chart's inputs (see `_cache_key`), so a long timeout cannot serve a
# stale picture; it only bounds memory.
CACHE_TIMEOUT = 60 * 60 * 24 * 7

Chart = TypeVar("Chart", str, bytes)


def _cache_key(kind: str, key: str, inputs: list) -> str:
    return CACHE_PREFIX + _digest(package.CHART_VERSION, kind, key, inputs)


def _cached(kind: str, key: str, inputs: list, render: Callable[[], Chart]) -> Chart:
    from assessments.charts import store

    cache_key = _cache_key(kind, key, inputs)
    chart = store.get(cache_key)
    if chart is None:
        started = time.perf_counter()
        chart = render()
        store.set(cache_key, chart, CACHE_TIMEOUT)
        # One line per drawing: shows how often instances miss the shared cache.
        logger.info(
            "chart drawn: %s %s in %.0f ms",
            kind,
            cache_key,
            (time.perf_counter() - started) * 1000,
        )
    return chart


def grid_svg_cached(
    key: str,
    points: Sequence[PlotPoint],
    *,
    path: Sequence[tuple[float, float]] = (),
    title: str = "",
    labels: ChartLabels | None = None,
    trail: Sequence[PlotPoint] = (),
    cell: tuple[int, int] | None = None,
    compact: bool = False,
) -> str:
    """`grid_svg` through Django's cache.

    Build `key` from what the chart shows: the response ids, the questionnaire version
    and the language, e.g. ``f"round:{round.pk}:responses:{ids}:v{version}:{lang}"``.
    The stored key is ``"lmm:chart:" + sha256(CHART_VERSION, key, inputs)``: the inputs
    are hashed in as well, so a changed answer or translation never serves an old chart.
    """
    chart = _Input(points, path, title, labels, trail, cell, compact)
    return _cached(
        "svg",
        key,
        chart.fingerprint(),
        lambda: package.grid_svg(
            points,
            path=path,
            title=title,
            labels=labels,
            trail=trail,
            cell=cell,
            compact=compact,
        ),
    )


def grid_svg_version(
    key: str,
    points: Sequence[PlotPoint],
    *,
    path: Sequence[tuple[float, float]] = (),
    title: str = "",
    labels: ChartLabels | None = None,
    trail: Sequence[PlotPoint] = (),
    cell: tuple[int, int] | None = None,
    compact: bool = False,
) -> str:
    """A short token that changes whenever `grid_svg_cached` with the same arguments
    would return another chart; nothing is drawn."""
    chart = _Input(points, path, title, labels, trail, cell, compact)
    return _cache_key("svg", key, chart.fingerprint())[len(CACHE_PREFIX) :][:16]


def grid_png_cached(
    key: str,
    points: Sequence[PlotPoint],
    *,
    path: Sequence[tuple[float, float]] = (),
    title: str = "",
    labels: ChartLabels | None = None,
    trail: Sequence[PlotPoint] = (),
    cell: tuple[int, int] | None = None,
    compact: bool = False,
    dpi: int = PNG_DPI,
) -> bytes:
    """`grid_png` through Django's cache; `key` as for `grid_svg_cached`."""
    chart = _Input(points, path, title, labels, trail, cell, compact)
    return _cached(
        "png",
        key,
        [*chart.fingerprint(), int(dpi)],
        lambda: package.grid_png(
            points,
            path=path,
            title=title,
            labels=labels,
            trail=trail,
            cell=cell,
            compact=compact,
            dpi=dpi,
        ),
    )
