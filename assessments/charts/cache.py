"""Charts through the drawn-chart store (the only part that touches Django): drawn
once per distinct input, shared by every process and instance (see `store`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from . import render
from .spec import PNG_DPI, GridChart

# The package's name: log filters and readers look for it.
logger = logging.getLogger("assessments.charts")

# Bump when the drawing changes, so cached charts of the old look are not served.
CHART_VERSION = "7"
CACHE_PREFIX = "lmm:chart:"
# Keys also hash the chart's inputs (see `cache_key`), so a long timeout cannot serve a
# stale picture; it only bounds memory.
CACHE_TIMEOUT = 60 * 60 * 24 * 7

Drawing = TypeVar("Drawing", str, bytes)


def cache_key(kind: str, key: str, inputs: list) -> str:
    """Where a drawing of `kind` with these inputs is kept."""
    return CACHE_PREFIX + render.digest(CHART_VERSION, kind, key, inputs)


def cached(kind: str, key: str, inputs: list, draw: Callable[[], Drawing]) -> Drawing:
    """The stored drawing for these inputs, drawn and stored on a miss."""
    # Imported here: the package is importable without Django (tests of the drawing).
    from . import store

    stored_key = cache_key(kind, key, inputs)
    drawing = store.get(stored_key)
    if drawing is None:
        started = time.perf_counter()
        drawing = draw()
        store.set(stored_key, drawing, CACHE_TIMEOUT)
        # One line per drawing: shows how often instances miss the shared cache.
        logger.info(
            "chart drawn: %s %s in %.0f ms",
            kind,
            stored_key,
            (time.perf_counter() - started) * 1000,
        )
    return drawing


def grid_svg_cached(key: str, chart: GridChart) -> str:
    """`grid_svg` through the store.

    Build `key` from what the chart shows: the response ids, the questionnaire version
    and the language, e.g. ``f"round:{round.pk}:responses:{ids}:v{version}:{lang}"``.
    The stored key is ``"lmm:chart:" + sha256(CHART_VERSION, key, inputs)``: the inputs
    are hashed in as well, so a changed answer or translation never serves an old chart.
    """
    return cached("svg", key, chart.fingerprint(), lambda: render.grid_svg(chart))


def grid_svg_version(key: str, chart: GridChart) -> str:
    """A short token that changes whenever `grid_svg_cached` with the same arguments
    would return another chart; nothing is drawn."""
    return cache_key("svg", key, chart.fingerprint())[len(CACHE_PREFIX) :][:16]


def grid_png_cached(key: str, chart: GridChart, *, dpi: int = PNG_DPI) -> bytes:
    """`grid_png` through the store; `key` as for `grid_svg_cached`."""
    return cached(
        "png",
        key,
        [*chart.fingerprint(), int(dpi)],
        lambda: render.grid_png(chart, dpi=dpi),
    )
