"""What a chart shows: the grid's geometry, the palette and sizes, the points and
the labels. Plain data, no matplotlib and no Django."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from assessments import scoring

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
# Points between the axis and its level names: more than the largest marker's
# radius with its rim (16 / 2 + 2), so a point at 0 leaves the names readable.
TICK_PAD = 11
# Characters per line of an axis title; the phone's is narrower than a German title.
TITLE_WRAP = 60
COMPACT_TITLE_WRAP = 30
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
# A move between two questionnaire versions: grey, not the trail's blue.
VERSION_CHANGE_COLOUR = "#6C6C6C"
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


@dataclass(frozen=True)
class PlotPoint:
    """One position on the grid.

    `x`, `y` are continuous in [0, 4] (`scoring.Result.x` / `.y`); `label` is its legend
    text. `kind` sets the look: "main" (large, on top), "team" (the combined team
    point, large), "role" (medium, one shape per role), "respondent" (a small dot) or
    "past" (an earlier year: hollow). `style` picks the colour and shape of a role and
    its respondents (the same index gives the same colour); without it, each role
    label gets the next one. `tag` is a short text written beside the point (a year).
    `new_version` marks a year answered with another questionnaire version than the
    point before it: the trail's arrow into it is drawn dotted and grey, since the
    move may come from the questions.
    """

    x: float
    y: float
    label: str
    kind: str = "main"
    style: int | None = None
    tag: str = ""
    new_version: bool = False


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


def role_colour(style: int) -> str:
    """The colour of role style `style`, for keys and swatches outside the chart."""
    return ROLE_STYLES[style % len(ROLE_STYLES)][0]


@dataclass(frozen=True)
class GridChart:
    """Everything one grid chart shows: the points, the recommended `path`, a
    `title`, the `labels`, the `trail` of earlier years' points (in time order,
    drawn hollow and joined by arrows ending at the first "main" or "team" point),
    the organisation's `cell` (relationship level, maturity level) outlined, and
    whether it is the `compact` layout for phones."""

    points: Sequence[PlotPoint]
    path: Sequence[tuple[float, float]] = ()
    title: str = ""
    labels: ChartLabels | None = None
    trail: Sequence[PlotPoint] = ()
    cell: tuple[int, int] | None = None
    compact: bool = False

    def compacted(self) -> GridChart:
        """The same chart in the layout for phones."""
        return replace(self, compact=True)

    def fingerprint(self) -> list:
        """The chart's inputs as plain JSON values, for its cache key and hash salt.

        Strings go through `str()` so lazy translations hash by their text, not
        their id, and numbers through `float()` so 1, 1.0 and numpy floats agree.
        """
        labels = self.labels or ChartLabels()
        inputs = [
            [_point_fingerprint(p) for p in self.points],
            [[float(x), float(y)] for x, y in self.path],
            str(self.title),
            labels_fingerprint(labels, sequences_as_lists=True),
            [_point_fingerprint(p) for p in self.trail],
            [int(level) for level in self.cell] if self.cell else None,
        ]
        # Only a compact chart adds an input: wide charts keep their keys.
        return [*inputs, "compact"] if self.compact else inputs


def labels_fingerprint(labels: ChartLabels, *, sequences_as_lists: bool) -> dict:
    """The labels as plain JSON values, by name."""
    return {
        name: [str(v) for v in value]
        if sequences_as_lists and isinstance(value, tuple | list)
        else str(value)
        for name, value in sorted(vars(labels).items())
    }


def _point_fingerprint(point: PlotPoint) -> list:
    return [
        float(point.x),
        float(point.y),
        str(point.label),
        str(point.kind),
        point.style,
        str(point.tag),
        # Only when set, so the drawings already stored keep their keys.
        *(["new_version"] if point.new_version else []),
    ]
