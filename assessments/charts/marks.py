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
