"""The portfolio chart: every client's team result on one LMM grid, one numbered
marker each (the number of its row in the table)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

# The grid, regions and cache are the result chart's; only the markers differ.
from . import mpl
from .cache import cached
from .figure import draw_grid, draw_regions
from .render import RC_PARAMS, RENDER_LOCK, digest
from .spec import (
    FIGSIZE,
    GRID_MAX,
    GRID_MIN,
    MAIN_COLOUR,
    ChartLabels,
    labels_fingerprint,
)
from .svg_csp import inline_styles_to_attributes

MARKER_SIZE = 300  # points², room for a three-digit number
NUMBER_SIZE = 7.5


@dataclass(frozen=True)
class Marker:
    number: int
    x: float
    y: float


def _inputs(markers: Sequence[Marker], labels: ChartLabels) -> list:
    return [
        [[m.number, round(float(m.x), 4), round(float(m.y), 4)] for m in markers],
        labels_fingerprint(labels, sequences_as_lists=False),
    ]


def portfolio_svg(markers: Sequence[Marker], labels: ChartLabels) -> str:
    """The grid with one numbered marker per client, as an inline `<svg role="img">`."""
    salt = "lmmp" + digest(_inputs(markers, labels))[:12]
    buffer = io.BytesIO()
    with RENDER_LOCK, mpl.matplotlib.rc_context({**RC_PARAMS, "svg.hashsalt": salt}):
        figure = mpl.Figure(figsize=FIGSIZE, layout="constrained")
        figure.get_layout_engine().set(w_pad=0.15, h_pad=0.08)
        ax = figure.add_subplot()
        draw_regions(ax, labels)
        draw_grid(ax, labels)
        clamp = [
            (min(max(m.x, GRID_MIN), GRID_MAX), min(max(m.y, GRID_MIN), GRID_MAX))
            for m in markers
        ]
        if markers:
            ax.scatter(
                [x for x, _ in clamp],
                [y for _, y in clamp],
                s=MARKER_SIZE,
                marker="s",
                c=MAIN_COLOUR,
                edgecolors="white",
                linewidths=1,
                alpha=0.9,
                zorder=8,
                clip_on=False,
                gid="lmm-portfolio-markers",
            )
        for marker, (x, y) in zip(markers, clamp, strict=True):
            ax.text(
                x,
                y,
                str(marker.number),
                ha="center",
                va="center_baseline",
                fontsize=NUMBER_SIZE,
                fontweight="bold",
                color="white",
                zorder=9,
            )
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]
    # Under the site's CSP, style attributes and <style> are blocked (svg_csp.py).
    return inline_styles_to_attributes(svg.replace("<svg", '<svg role="img"', 1))


def portfolio_svg_cached(markers: Sequence[Marker], labels: ChartLabels) -> str:
    """`portfolio_svg` through the drawn-chart store, keyed by the markers and labels."""
    inputs = _inputs(markers, labels)
    return cached(
        "portfolio-svg", "portfolio", inputs, lambda: portfolio_svg(markers, labels)
    )
