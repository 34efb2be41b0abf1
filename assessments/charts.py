"""Server-side LMM grid chart: matplotlib `Figure` objects, never pyplot.

The grid is drawn in the scoring coordinates: x and y are continuous in [0, 4], level k
spans [k - 1, k), all-minimum answers sit at (0, 0) and all-maximum at (4, 4). The
milestones (the crossing points of the ideal 45° path) are drawn at the cell centres
(k - 0.5, k - 0.5).

Every visible string comes from `ChartLabels`, so the web layer can pass translated
text; the defaults are English and need no Django. Only `grid_svg_cached` and
`grid_png_cached` touch Django (its cache).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import logging
import re
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, TypeVar

from . import scoring
from .svg_csp import inline_styles_to_attributes

if TYPE_CHECKING:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle

logger = logging.getLogger(__name__)

# Bump when the drawing changes, so cached charts of the old look are not served.
CHART_VERSION = "5"
CACHE_PREFIX = "lmm:chart:"
# Keys also hash the chart's inputs (see `_cache_key`), so a long timeout cannot serve a
# stale picture; it only bounds memory.
CACHE_TIMEOUT = 60 * 60 * 24 * 7

Chart = TypeVar("Chart", str, bytes)

LEVELS = (1, 2, 3, 4)
GRID_MIN, GRID_MAX = 0.0, 4.0
KINDS = ("main", "team", "role", "respondent", "past")

FIGSIZE = (6.4, 6.4)  # inches; 460 x 460 pt, shown ~600 px wide: text scales up
# For phones (about 360 px wide): the same text on a smaller canvas, so it is shown
# at nearly its full size; the legend goes below in one column.
COMPACT_FIGSIZE = (4.8, 6.1)
COMPACT_TICK_WRAP = 11
# The compact chart's size in points, for the <img> that shows it on phones.
COMPACT_SIZE_PT = tuple(round(inches * 72) for inches in COMPACT_FIGSIZE)
PNG_DPI = 150
FONT_SIZE = 10
TICK_WRAP = 14  # characters per line of an axis level name
REGION_WRAP = 18

# Contrast against white and against both region tints is at least 3:1 (WCAG non-text)
# for every mark; text is near-black. Colour is never the only cue: each kind and each
# role gets its own marker shape, and the path is an arrow, not a dot.
INK = "#1F1F1F"
GRID_LINE = "#9A9A9A"
ABOVE_FILL = "#FCE9D9"  # warm: defined on paper, not lived
BELOW_FILL = "#DCEBF7"  # cool: lacking definition
IDEAL_COLOUR = "#555555"
PATH_COLOUR = "#1E7B34"
MAIN_COLOUR = "#0B3C5D"
TEAM_COLOUR = "#2D2D2D"
RESPONDENT_COLOUR = "#555555"
TRAIL_COLOUR = "#0B3C5D"
CELL_EDGE = "#0B3C5D"
ROLE_STYLES = (
    ("#B35806", "s"),
    ("#01665E", "^"),
    ("#C51B7D", "D"),
    ("#7B3294", "v"),
    ("#0072B2", "P"),
    ("#8C510A", "X"),
)
MILESTONE_RADIUS_PT = 8.5  # half the milestone marker size; arrows stop at its edge

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


@dataclass(frozen=True)
class PlotPoint:
    """One position on the grid.

    `x`, `y` are continuous in [0, 4] (`scoring.Result.x` / `.y`); `label` is its legend
    text. `kind` sets the look: "main" (large, on top), "team" (the combined team
    point, large), "role" (medium, one shape per role), "respondent" (a small dot) or
    "past" (an earlier year: hollow). `style` picks the colour and shape of a role and
    its respondents (the same index gives the same colour); without it, each role
    label gets the next one. `tag` is a short text written beside the point (a year).
    """

    x: float
    y: float
    label: str
    kind: str = "main"
    style: int | None = None
    tag: str = ""


@dataclass(frozen=True)
class ChartLabels:
    """Every string the chart shows; pass translated strings from the web layer."""

    x_title: str = "Marketing–sales relationship"
    y_title: str = "Lead management maturity"
    x_levels: tuple[str, str, str, str] = tuple(
        scoring.RELATIONSHIP_NAMES[k] for k in LEVELS
    )
    y_levels: tuple[str, str, str, str] = tuple(
        scoring.MATURITY_NAMES[k] for k in LEVELS
    )
    above_region: str = "Defined on paper, not lived"
    below_region: str = "Lacking definition"
    ideal_path: str = "Ideal path and milestones"
    recommended_path: str = "Recommended path"


def milestone_xy(k: int) -> tuple[float, float]:
    """Plot position of crossing point k (1-4): the centre of cell (k, k)."""
    if k not in LEVELS:
        raise ValueError(f"milestone {k} is not 1-4")
    return (k - 0.5, k - 0.5)


def upgrade_path(
    x: float, y: float, next_milestone: int | None
) -> list[tuple[float, float]]:
    """The point, then every milestone from `next_milestone` up to 4; [] without one."""
    if next_milestone is None:
        return []
    return [(x, y)] + [milestone_xy(k) for k in range(next_milestone, LEVELS[-1] + 1)]


def _level_label(name: str, width: int = TICK_WRAP) -> str:
    return textwrap.fill(name, width)


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


def _draw_regions(ax, labels: ChartLabels) -> None:
    """Tint the cells off the diagonal: the verdict compares levels, not x with y."""
    # Staircases along the cell edges: above = maturity level > relationship level.
    above = [(0, 1), (0, 4), (3, 4), (3, 3), (2, 3), (2, 2), (1, 2), (1, 1)]
    below = [(1, 0), (4, 0), (4, 3), (3, 3), (3, 2), (2, 2), (2, 1), (1, 1)]
    for corners, colour in ((above, ABOVE_FILL), (below, BELOW_FILL)):
        ax.add_patch(Polygon(corners, closed=True, facecolor=colour, edgecolor="none"))
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


def _draw_grid(ax, labels: ChartLabels, wrap: int = TICK_WRAP) -> Line2D:
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
    ax.tick_params(length=0, colors=INK, labelsize=FONT_SIZE - 0.5)
    ax.set_xlabel(labels.x_title, color=INK, fontweight="bold", labelpad=8)
    ax.set_ylabel(labels.y_title, color=INK, fontweight="bold", labelpad=8)
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
    return Line2D(
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


def _draw_path(ax, path: Sequence[tuple[float, float]], label: str) -> Line2D | None:
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
            FancyArrowPatch(
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
    return Line2D(
        [],
        [],
        color=PATH_COLOUR,
        linewidth=2.6,
        marker=">",
        markersize=8,
        label=label,
    )


def _point_style(kind: str, role_index: int) -> dict:
    if kind == "main":
        return {
            "marker": "o",
            "markersize": 16,
            "markerfacecolor": MAIN_COLOUR,
            "markeredgecolor": "white",
            "markeredgewidth": 2,
            "zorder": 9,
        }
    if kind == "team":
        return {
            "marker": "h",
            "markersize": 17,
            "markerfacecolor": TEAM_COLOUR,
            "markeredgecolor": "white",
            "markeredgewidth": 2,
            # Under the roles and respondents: the large hexagon would hide them
            # wherever they coincide (with one respondent, all three do).
            "zorder": 6.8,
        }
    if kind == "role":
        colour, marker = ROLE_STYLES[role_index % len(ROLE_STYLES)]
        return {
            "marker": marker,
            "markersize": 12,
            "markerfacecolor": colour,
            "markeredgecolor": "white",
            "markeredgewidth": 1.2,
            "zorder": 7,
        }
    if kind == "respondent":
        colour, _marker = ROLE_STYLES[role_index % len(ROLE_STYLES)]
        return {
            "marker": "o",
            "markersize": 6,
            "markerfacecolor": colour,
            # The white rim keeps a dot visible on its own role's marker.
            "markeredgecolor": "white",
            "markeredgewidth": 0.9,
            "alpha": 0.9,
            "zorder": 7.5,
        }
    if kind == "past":
        return {
            "marker": "o",
            "markersize": 13,
            "markerfacecolor": "white",
            "markeredgecolor": TRAIL_COLOUR,
            "markeredgewidth": 2.2,
            "zorder": 8.5,
        }
    raise ValueError(f"unknown point kind {kind!r}; expected one of {KINDS}")


def role_colour(style: int) -> str:
    """The colour of role style `style`, for keys and swatches outside the chart."""
    return ROLE_STYLES[style % len(ROLE_STYLES)][0]


def _clamped(point: PlotPoint) -> tuple[float, float]:
    return (
        min(max(point.x, GRID_MIN), GRID_MAX),
        min(max(point.y, GRID_MIN), GRID_MAX),
    )


def _tag_offset(
    at: tuple[float, float], neighbours: Sequence[tuple[float, float]]
) -> tuple[float, float]:
    """Offset (points) for a tag: away from the arrows that meet the point, and
    towards the inside of the grid."""
    dx = sum(n[0] - at[0] for n in neighbours)
    dy = sum(n[1] - at[1] for n in neighbours)
    if abs(dx) + abs(dy) < 1e-6:
        dx, dy = -1.0, -1.0
    # Opposite of the neighbours; a pure diagonal placement keeps clear of both axes.
    ox = -1.0 if dx > 0 else 1.0
    oy = -1.0 if dy > 0 else 1.0
    if at[0] > GRID_MAX - 0.45:
        ox = -1.0
    elif at[0] < GRID_MIN + 0.45:
        ox = 1.0
    if at[1] > GRID_MAX - 0.3:
        oy = -1.0
    elif at[1] < GRID_MIN + 0.3:
        oy = 1.0
    return (11 * ox, 9 * oy)


def _draw_tag(
    ax, point: PlotPoint, number: int, offset: tuple[float, float] = (11, 7)
) -> None:
    ax.annotate(
        point.tag,
        _clamped(point),
        xytext=offset,
        textcoords="offset points",
        ha="left" if offset[0] > 0 else "right",
        va="bottom" if offset[1] > 0 else "top",
        fontsize=FONT_SIZE,
        fontweight="bold" if point.kind == "main" else "normal",
        color=INK,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        zorder=10,
        gid=f"lmm-tag-{number}",
    )


def _draw_points(
    ax,
    points: Sequence[PlotPoint],
    tag_offsets: dict[int, tuple[float, float]] | None = None,
) -> list[Line2D]:
    """Draw the points; return one legend handle per distinct label, in order."""
    tag_offsets = tag_offsets or {}
    handles: dict[str, Line2D] = {}
    role_styles: dict[str, int] = {}
    for number, point in enumerate(points, start=1):
        if point.style is not None:
            role_index = point.style
        else:
            role_index = role_styles.setdefault(point.label, len(role_styles))
        style = _point_style(point.kind, role_index)
        (line,) = ax.plot(
            *_clamped(point),
            linestyle="none",
            clip_on=False,
            label=point.label,
            gid=f"lmm-point-{point.kind}-{number}",
            **style,
        )
        if point.tag:
            _draw_tag(ax, point, number, tag_offsets.get(number - 1, (11, 7)))
        if point.label not in handles:
            handles[point.label] = _legend_handle(point, line)
    return list(handles.values())


def _legend_handle(point: PlotPoint, line: Line2D) -> Line2D:
    if point.kind == "respondent":
        # One entry for every respondent, whatever their role: a neutral small dot.
        return Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=6,
            markerfacecolor=RESPONDENT_COLOUR,
            markeredgecolor="white",
            label=point.label,
        )
    if point.kind == "past":
        return Line2D(
            [],
            [],
            color=TRAIL_COLOUR,
            linewidth=1.6,
            marker="o",
            markersize=9,
            markerfacecolor="white",
            markeredgecolor=TRAIL_COLOUR,
            markeredgewidth=2,
            label=point.label,
        )
    return line


def _draw_trail(ax, trail: Sequence[PlotPoint], anchor: PlotPoint | None) -> None:
    """Earlier years joined by arrows in time order, the last one to this year."""
    stops = [_clamped(point) for point in trail]
    if anchor is not None:
        stops.append(_clamped(anchor))
    for index, (start, end) in enumerate(itertools.pairwise(stops), start=1):
        if abs(end[0] - start[0]) + abs(end[1] - start[1]) < 1e-6:
            continue
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>,head_length=8,head_width=4.5",
                color=TRAIL_COLOUR,
                linewidth=1.8,
                linestyle=(0, (4, 2)),
                shrinkA=8,
                shrinkB=9,
                zorder=8.2,
                clip_on=False,
                gid=f"lmm-trail-arrow-{index}",
            )
        )


def _trail_tag_offsets(
    everything: Sequence[PlotPoint], anchor: PlotPoint | None
) -> dict[int, tuple[float, float]]:
    """Tag offsets, by index in `everything`, for the trail and its anchor."""
    chain = [i for i, p in enumerate(everything) if p.kind == "past"]
    if anchor is not None:
        chain.append(everything.index(anchor))
    stops = [_clamped(everything[i]) for i in chain]
    offsets = {}
    for position, index in enumerate(chain):
        neighbours = (
            stops[max(0, position - 1) : position] + stops[position + 1 : position + 2]
        )
        offsets[index] = _tag_offset(stops[position], neighbours)
    return offsets


def _draw_cell(ax, cell: tuple[int, int]) -> None:
    """Outline the cell of the organisation's levels: a point on a boundary line then
    still says which cell it counts in."""
    x_level, y_level = cell
    if x_level not in LEVELS or y_level not in LEVELS:
        raise ValueError(f"cell {cell} is not within levels 1-4")
    ax.add_patch(
        Rectangle(
            (x_level - 1, y_level - 1),
            1,
            1,
            facecolor=CELL_EDGE,
            alpha=0.13,
            edgecolor="none",
            zorder=1.5,
            gid="lmm-cell",
        )
    )
    ax.add_patch(
        Rectangle(
            (x_level - 1, y_level - 1),
            1,
            1,
            facecolor="none",
            edgecolor=CELL_EDGE,
            linewidth=2.2,
            zorder=2.5,
            clip_on=False,
            gid="lmm-cell-edge",
        )
    )


def _build_figure(
    points: Sequence[PlotPoint],
    *,
    path: Sequence[tuple[float, float]] = (),
    title: str = "",
    labels: ChartLabels | None = None,
    trail: Sequence[PlotPoint] = (),
    cell: tuple[int, int] | None = None,
    compact: bool = False,
) -> Figure:
    """The grid chart as a Figure; call it inside `_render`, which sets the rcParams."""
    labels = labels or ChartLabels()
    figure = Figure(
        figsize=COMPACT_FIGSIZE if compact else FIGSIZE, layout="constrained"
    )
    # Room for a marker at x = 4 or y = 4, which is drawn half outside the axes.
    figure.get_layout_engine().set(w_pad=0.15, h_pad=0.08)
    ax = figure.add_subplot()
    if title:
        ax.set_title(title, color=INK, loc="left", pad=10)
    _draw_regions(ax, labels)
    if cell is not None:
        _draw_cell(ax, cell)
    ideal_handle = _draw_grid(ax, labels, COMPACT_TICK_WRAP if compact else TICK_WRAP)
    path_handle = _draw_path(ax, path, labels.recommended_path)
    anchor = next((p for p in points if p.kind in ("main", "team")), None)
    _draw_trail(ax, trail, anchor)
    everything = [*points, *trail]
    point_handles = _draw_points(ax, everything, _trail_tag_offsets(everything, anchor))

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


def _import_matplotlib() -> None:
    """Bind matplotlib and the classes the drawing uses as module globals, on the
    first render only: a worker that serves cached charts never pays for the import
    (about 330 ms and 40 MB per process)."""
    global matplotlib, Figure, Line2D, FancyArrowPatch, Polygon, Rectangle
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Polygon, Rectangle


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
    _import_matplotlib()
    with _RENDER_LOCK, matplotlib.rc_context({**_RC, "svg.hashsalt": salt}):
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


def _cache_key(kind: str, key: str, inputs: list) -> str:
    return CACHE_PREFIX + _digest(CHART_VERSION, kind, key, inputs)


def _cached(kind: str, key: str, inputs: list, render: Callable[[], Chart]) -> Chart:
    from django.core.cache import cache

    cache_key = _cache_key(kind, key, inputs)
    chart = cache.get(cache_key)
    if chart is None:
        started = time.perf_counter()
        chart = render()
        cache.set(cache_key, chart, CACHE_TIMEOUT)
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
        lambda: grid_svg(
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
        lambda: grid_png(
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


def with_accessible_name(svg: str, name: str) -> str:
    """Give an inline chart its accessible name (kept out of the cached markup, which
    is shared by every language and page that shows the same chart)."""
    return svg.replace(
        '<svg role="img"', f'<svg role="img" aria-label="{escape(name)}"', 1
    )
