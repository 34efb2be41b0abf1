"""Drawing a chart: its inputs, their fingerprint, and matplotlib's SVG or PNG."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.charts.svg_csp import inline_styles_to_attributes

from . import mpl
from .figure import _build_figure
from .spec import FONT_SIZE, PNG_DPI, ChartLabels, PlotPoint

# rcParams are process-global and `rc_context` swaps them for the whole process, so
# rendering is serialised for threaded servers. One chart takes about 0.1 s.
_RENDER_LOCK = threading.Lock()
_RC = {
    # "none" keeps text as <text>: screen readers and search can read it, the file is
    # about a third of the size it has with glyph paths, and translated labels stay
    # selectable. The browser draws it with its own sans-serif.
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 2,
    "axes.labelsize": FONT_SIZE + 1,
    "legend.fontsize": FONT_SIZE,
}


def _fingerprint(
    points: Sequence[PlotPoint],
    path: Sequence[tuple[float, float]],
    title: str,
    labels: ChartLabels | None,
    trail: Sequence[PlotPoint] = (),
    cell: tuple[int, int] | None = None,
) -> list:
    """The chart's inputs as plain JSON values.

    Strings go through `str()` so lazy translations hash by their text, not their id,
    and numbers through `float()` so 1, 1.0 and numpy floats agree.
    """
    labels = labels or ChartLabels()
    return [
        [_point_fingerprint(p) for p in points],
        [[float(x), float(y)] for x, y in path],
        str(title),
        {
            name: [str(v) for v in value]
            if isinstance(value, tuple | list)
            else str(value)
            for name, value in sorted(vars(labels).items())
        },
        [_point_fingerprint(p) for p in trail],
        [int(level) for level in cell] if cell else None,
    ]


def _point_fingerprint(point: PlotPoint) -> list:
    return [
        float(point.x),
        float(point.y),
        str(point.label),
        str(point.kind),
        point.style,
        str(point.tag),
    ]


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class _Input:
    points: Sequence[PlotPoint]
    path: Sequence[tuple[float, float]] = ()
    title: str = ""
    labels: ChartLabels | None = None
    trail: Sequence[PlotPoint] = ()
    cell: tuple[int, int] | None = None
    compact: bool = False

    def fingerprint(self) -> list:
        inputs = _fingerprint(
            self.points, self.path, self.title, self.labels, self.trail, self.cell
        )
        # Only a compact chart adds an input: wide charts keep their keys.
        return [*inputs, "compact"] if self.compact else inputs


def _render(chart: _Input, fmt: str, **savefig: object) -> bytes:
    # The hash salt follows the input: identical charts are byte-identical, and two
    # different charts inlined in one page do not share clip-path or marker ids.
    salt = "lmm" + _digest(chart.fingerprint())[:12]
    buffer = io.BytesIO()
    with _RENDER_LOCK, mpl.matplotlib.rc_context({**_RC, "svg.hashsalt": salt}):
        figure = _build_figure(
            chart.points,
            path=chart.path,
            title=chart.title,
            labels=chart.labels,
            trail=chart.trail,
            cell=chart.cell,
            compact=chart.compact,
        )
        figure.savefig(buffer, format=fmt, **savefig)
    return buffer.getvalue()


def grid_svg(
    points: Sequence[PlotPoint],
    *,
    path: Sequence[tuple[float, float]] = (),
    title: str = "",
    labels: ChartLabels | None = None,
    trail: Sequence[PlotPoint] = (),
    cell: tuple[int, int] | None = None,
    compact: bool = False,
) -> str:
    """The chart as an inline `<svg role="img">` string, the same for the same input.

    `trail` are earlier years' points in time order, drawn hollow and joined by arrows
    ending at the first "main" or "team" point; `cell` (relationship level, maturity
    level) outlines the cell the organisation is in; `compact` draws it for a phone.
    The XML prolog and the date are dropped, so it can be embedded in HTML as is; the
    caller supplies the text alternative (e.g. `aria-labelledby`).
    """
    chart = _Input(points, path, title, labels, trail, cell, compact)
    raw = _render(chart, "svg", metadata={"Date": None})
    svg = raw.decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"^<svg\b", '<svg role="img"', svg, count=1)
    # Under the site's CSP, style attributes and <style> are blocked (svg_csp.py).
    return inline_styles_to_attributes(svg)


def grid_png(
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
    """The same chart as PNG bytes (for reports and the PDF download)."""
    chart = _Input(points, path, title, labels, trail, cell, compact)
    return _render(chart, "png", dpi=dpi, metadata={"Software": None})
