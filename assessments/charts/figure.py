"""The grid figure: regions, levels, the ideal path and its milestones, the
recommended path, then the marks and the legend."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import mpl
from .marks import draw_cell, draw_points, draw_trail, trail_tag_offsets
from .spec import (
    ABOVE_FILL,
    BELOW_FILL,
    COMPACT_FIGSIZE,
    COMPACT_TICK_WRAP,
    COMPACT_TITLE_WRAP,
    FIGSIZE,
    FONT_SIZE,
    GRID_LINE,
    GRID_MAX,
    GRID_MIN,
    IDEAL_COLOUR,
    INK,
    LEVELS,
    MILESTONE_RADIUS_PT,
    PATH_COLOUR,
    REGION_WRAP,
    TICK_PAD,
    TICK_WRAP,
    TITLE_WRAP,
    ChartLabels,
    GridChart,
    milestone_xy,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D


def _level_label(name: str, width: int = TICK_WRAP) -> str:
    # Whole words only: a long German word ("Terminologie") may pass the width
    # rather than lose its last letter to the next line.
    return textwrap.fill(name, width, break_long_words=False, break_on_hyphens=False)


def draw_regions(ax, labels: ChartLabels) -> None:
    """Tint the cells off the diagonal: the verdict compares levels, not x with y."""
    # Staircases along the cell edges: above = maturity level > relationship level.
    above = [(0, 1), (0, 4), (3, 4), (3, 3), (2, 3), (2, 2), (1, 2), (1, 1)]
    below = [(1, 0), (4, 0), (4, 3), (3, 3), (3, 2), (2, 2), (2, 1), (1, 1)]
    for corners, colour in ((above, ABOVE_FILL), (below, BELOW_FILL)):
        ax.add_patch(
            mpl.Polygon(corners, closed=True, facecolor=colour, edgecolor="none")
        )
    text_style = {
        "fontsize": FONT_SIZE,
        "fontstyle": "italic",
        "color": INK,
        "linespacing": 1.25,
        "zorder": 2,
    }
    # Corner cells (1, 4) and (4, 1) are the farthest from the diagonal and the path.
    ax.text(
        0.08,
        3.92,
        textwrap.fill(labels.above_region, REGION_WRAP),
        ha="left",
        va="top",
        gid="lmm-region-above",
        **text_style,
    )
    ax.text(
        3.92,
        0.08,
        textwrap.fill(labels.below_region, REGION_WRAP),
        ha="right",
        va="bottom",
        gid="lmm-region-below",
        **text_style,
    )


def draw_grid(
    ax, labels: ChartLabels, wrap: int = TICK_WRAP, title_wrap: int = TITLE_WRAP
) -> Line2D:
    centres = [k - 0.5 for k in LEVELS]
    ax.set_xlim(GRID_MIN, GRID_MAX)
    ax.set_ylim(GRID_MIN, GRID_MAX)
    ax.set_aspect("equal")
    ax.set_xticks(
        centres,
        [_level_label(name, wrap) for name in labels.x_levels],
    )
    ax.set_yticks(
        centres,
        [_level_label(name, wrap) for name in labels.y_levels],
    )
    # The level names keep clear of a point drawn on the axis (x or y = 0).
    ax.tick_params(length=0, colors=INK, labelsize=FONT_SIZE - 0.5, pad=TICK_PAD)
    if wrap == COMPACT_TICK_WRAP:
        # On a phone a column is narrower than "Abgestimmt" at the usual size.
        ax.tick_params(axis="x", labelsize=FONT_SIZE - 1)
    ax.set_xlabel(
        textwrap.fill(labels.x_title, title_wrap), color=INK, fontweight="bold"
    )
    ax.set_ylabel(
        textwrap.fill(labels.y_title, title_wrap), color=INK, fontweight="bold"
    )
    for spine in ax.spines.values():
        spine.set_color(GRID_LINE)
    for k in LEVELS[:-1]:
        ax.axvline(k, color=GRID_LINE, linewidth=0.8, zorder=1)
        ax.axhline(k, color=GRID_LINE, linewidth=0.8, zorder=1)

    (ideal,) = ax.plot(
        [GRID_MIN, GRID_MAX],
        [GRID_MIN, GRID_MAX],
        color=IDEAL_COLOUR,
        linewidth=1.6,
        zorder=3,
        gid="lmm-ideal-path",
    )
    for k in LEVELS:
        mx, my = milestone_xy(k)
        ax.plot(
            mx,
            my,
            marker="o",
            markersize=2 * MILESTONE_RADIUS_PT,
            markerfacecolor="white",
            markeredgecolor=IDEAL_COLOUR,
            markeredgewidth=1.4,
            zorder=4,
            gid=f"lmm-milestone-{k}",
        )
        ax.text(
            mx,
            my,
            str(k),
            ha="center",
            va="center_baseline",
            fontsize=FONT_SIZE - 1,
            fontweight="bold",
            color=INK,
            zorder=5,
        )
    # Legend handle: the line with a milestone marker on it.
    return mpl.Line2D(
        [],
        [],
        color=IDEAL_COLOUR,
        linewidth=1.6,
        marker="o",
        markersize=9,
        markerfacecolor="white",
        markeredgecolor=IDEAL_COLOUR,
        label=labels.ideal_path,
    )


def draw_path(ax, path: Sequence[tuple[float, float]], label: str) -> Line2D | None:
    segments = [
        (start, end)
        for start, end in itertools.pairwise(path)
        # A point sitting on its milestone has nothing to draw for that leg.
        if abs(end[0] - start[0]) + abs(end[1] - start[1]) > 1e-6
    ]
    for index, (start, end) in enumerate(segments):
        # The first leg leaves the main point's edge; every leg ends at a milestone's.
        shrink_start = 9.0 if index == 0 else MILESTONE_RADIUS_PT + 1
        ax.add_patch(
            mpl.FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>,head_length=9,head_width=5",
                color=PATH_COLOUR,
                linewidth=2.6,
                shrinkA=shrink_start,
                shrinkB=MILESTONE_RADIUS_PT + 1,
                zorder=6,
                clip_on=False,
                gid=f"lmm-path-arrow-{index + 1}",
            )
        )
    if not segments:
        return None
    return mpl.Line2D(
        [],
        [],
        color=PATH_COLOUR,
        linewidth=2.6,
        marker=">",
        markersize=8,
        label=label,
    )


def build_figure(chart: GridChart) -> Figure:
    """The grid chart as a Figure; call it inside `render._render`, which sets the
    rcParams."""
    labels = chart.labels or ChartLabels()
    points, trail, compact = chart.points, chart.trail, chart.compact
    figure = mpl.Figure(
        figsize=COMPACT_FIGSIZE if compact else FIGSIZE, layout="constrained"
    )
    # Room for a marker at x = 4 or y = 4, which is drawn half outside the axes.
    figure.get_layout_engine().set(w_pad=0.15, h_pad=0.08)
    ax = figure.add_subplot()
    if chart.title:
        ax.set_title(chart.title, color=INK, loc="left", pad=10)
    draw_regions(ax, labels)
    if chart.cell is not None:
        draw_cell(ax, chart.cell)
    ideal_handle = draw_grid(
        ax,
        labels,
        COMPACT_TICK_WRAP if compact else TICK_WRAP,
        COMPACT_TITLE_WRAP if compact else TITLE_WRAP,
    )
    path_handle = draw_path(ax, chart.path, labels.recommended_path)
    anchor = next((p for p in points if p.kind in ("main", "team")), None)
    draw_trail(ax, trail, anchor)
    everything = [*points, *trail]
    point_handles = draw_points(ax, everything, trail_tag_offsets(everything, anchor))

    if len(points) + len(trail) > 1 or path_handle is not None:
        handles = (
            point_handles + ([path_handle] if path_handle else []) + [ideal_handle]
        )
        figure.legend(
            handles=handles,
            loc="outside lower center",
            # Browsers draw the legend text in their own fonts, often wider than
            # matplotlib's metrics: two columns keep a long team legend inside.
            ncols=1 if compact else min(2 if len(handles) > 4 else 3, len(handles)),
            frameon=False,
            handlelength=2.2,
            columnspacing=1.4,
        )
    return figure
