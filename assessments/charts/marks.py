"""The marks on the grid: points by kind, their tags, the trail of earlier years and
the organisation's cell. matplotlib comes from `mpl`, on the first drawing."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import mpl
from .spec import (
    CELL_EDGE,
    FONT_SIZE,
    GRID_MAX,
    GRID_MIN,
    INK,
    KINDS,
    LEVELS,
    MAIN_COLOUR,
    RESPONDENT_COLOUR,
    ROLE_STYLES,
    TEAM_COLOUR,
    TRAIL_COLOUR,
    VERSION_CHANGE_COLOUR,
    PlotPoint,
)

if TYPE_CHECKING:
    from matplotlib.lines import Line2D


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


def _clamped(point: PlotPoint) -> tuple[float, float]:
    return (
        min(max(point.x, GRID_MIN), GRID_MAX),
        min(max(point.y, GRID_MIN), GRID_MAX),
    )


# A tag's size in points (a year in the chart's font, with its white box) and an
# upper bound of data units per point (the phone layout's axes are the smallest):
# enough to keep a tag off the milestones without drawing it first.
TAG_SIZE_PT = (30.0, 14.0)
UNITS_PER_PT = 0.018
MILESTONE_CLEAR_PT = 11.0


def _tag_box(
    at: tuple[float, float], offset: tuple[float, float]
) -> tuple[float, float, float, float]:
    (ox, oy), (width, height) = offset, TAG_SIZE_PT
    x_far = ox + (width if ox > 0 else -width)
    y_far = oy + (height if oy > 0 else -height)
    xs = sorted((at[0] + ox * UNITS_PER_PT, at[0] + x_far * UNITS_PER_PT))
    ys = sorted((at[1] + oy * UNITS_PER_PT, at[1] + y_far * UNITS_PER_PT))
    return xs[0], ys[0], xs[1], ys[1]


def _on_a_milestone(box: tuple[float, float, float, float]) -> bool:
    clear = MILESTONE_CLEAR_PT * UNITS_PER_PT
    return any(
        box[0] < k - 0.5 + clear
        and box[2] > k - 0.5 - clear
        and box[1] < k - 0.5 + clear
        and box[3] > k - 0.5 - clear
        for k in LEVELS
    )


def _tag_offset(
    at: tuple[float, float], neighbours: Sequence[tuple[float, float]]
) -> tuple[float, float]:
    """Offset (points) for a tag: away from the arrows that meet the point, towards
    the inside of the grid, and off the milestones."""
    dx = sum(n[0] - at[0] for n in neighbours)
    dy = sum(n[1] - at[1] for n in neighbours)
    if abs(dx) + abs(dy) < 1e-6:
        dx, dy = -1.0, -1.0
    # Opposite of the neighbours; a pure diagonal placement keeps clear of both axes.
    ox = -1.0 if dx > 0 else 1.0
    oy = -1.0 if dy > 0 else 1.0
    x_sides = [ox, -ox]
    y_sides = [oy, -oy]
    if at[0] > GRID_MAX - 0.45:
        x_sides = [-1.0]
    elif at[0] < GRID_MIN + 0.45:
        x_sides = [1.0]
    if at[1] > GRID_MAX - 0.3:
        y_sides = [-1.0]
    elif at[1] < GRID_MIN + 0.3:
        y_sides = [1.0]
    # Close beside the point first; further out along x when a milestone is there.
    candidates = [
        (run * sx, rise * sy)
        for run in (11, 30)
        for rise in (9, 2)
        for sy in y_sides
        for sx in x_sides
    ]
    return next(
        (c for c in candidates if not _on_a_milestone(_tag_box(at, c))),
        candidates[0],
    )


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


def draw_points(
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
        return mpl.Line2D(
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
        return mpl.Line2D(
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


def draw_trail(ax, trail: Sequence[PlotPoint], anchor: PlotPoint | None) -> None:
    """Earlier years joined by arrows in time order, the last one to this year."""
    points = [*trail, *([anchor] if anchor is not None else [])]
    stops = [_clamped(point) for point in points]
    for index, (start, end) in enumerate(itertools.pairwise(stops), start=1):
        if abs(end[0] - start[0]) + abs(end[1] - start[1]) < 1e-6:
            continue
        new_version = points[index].new_version
        ax.add_patch(
            mpl.FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>,head_length=8,head_width=4.5",
                color=VERSION_CHANGE_COLOUR if new_version else TRAIL_COLOUR,
                linewidth=1.8,
                linestyle=(0, (1, 2.5)) if new_version else (0, (4, 2)),
                shrinkA=8,
                shrinkB=9,
                zorder=8.2,
                clip_on=False,
                gid=f"lmm-trail-arrow-{index}"
                + ("-new-version" if new_version else ""),
            )
        )


def trail_tag_offsets(
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


def draw_cell(ax, cell: tuple[int, int]) -> None:
    """Outline the cell of the organisation's levels: a point on a boundary line then
    still says which cell it counts in."""
    x_level, y_level = cell
    if x_level not in LEVELS or y_level not in LEVELS:
        raise ValueError(f"cell {cell} is not within levels 1-4")
    ax.add_patch(
        mpl.Rectangle(
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
        mpl.Rectangle(
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
