"""Server-side LMM grid chart: matplotlib `Figure` objects, never pyplot.

The grid is drawn in the scoring coordinates: x and y are continuous in [0, 4], level k
spans [k - 1, k), all-minimum answers sit at (0, 0) and all-maximum at (4, 4). The
milestones (the crossing points of the ideal 45° path) are drawn at the cell centres
(k - 0.5, k - 0.5).

Every visible string comes from `ChartLabels`, so the web layer can pass translated
text; the defaults are English and need no Django. Only the `*_cached` functions touch
Django (its cache).

The parts: `spec` (what a chart shows: points, labels, geometry, palette), `marks`
(points, tags, trail, cell), `figure` (the grid figure), `render` (SVG and PNG),
`cache` (through Django's cache), `accessible` (the accessible name) and `mpl`
(matplotlib, imported on the first drawing). Import the names from this package:
`grid_svg`, `grid_png` and `CHART_VERSION` are looked up here when a cached chart is
drawn, so replacing them here (as tests do) takes effect.
"""

from typing import Any

from . import mpl
from .accessible import with_accessible_name
from .cache import (
    CACHE_PREFIX,
    CACHE_TIMEOUT,
    CHART_VERSION,
    _cache_key,
    _cached,
    grid_png_cached,
    grid_svg_cached,
    grid_svg_version,
)
from .figure import _build_figure, _draw_grid, _draw_path, _draw_regions
from .marks import _draw_cell, _draw_points, _draw_trail, _point_style
from .mpl import load as _import_matplotlib
from .render import (
    _RC,
    _RENDER_LOCK,
    _digest,
    _fingerprint,
    _Input,
    _render,
    grid_png,
    grid_svg,
)
from .spec import (
    ABOVE_FILL,
    BELOW_FILL,
    CELL_EDGE,
    COMPACT_FIGSIZE,
    COMPACT_SIZE_PT,
    COMPACT_TICK_WRAP,
    FIGSIZE,
    FONT_SIZE,
    GRID_LINE,
    GRID_MAX,
    GRID_MIN,
    IDEAL_COLOUR,
    INK,
    KINDS,
    LEVELS,
    MAIN_COLOUR,
    MILESTONE_RADIUS_PT,
    PATH_COLOUR,
    PNG_DPI,
    REGION_WRAP,
    RESPONDENT_COLOUR,
    ROLE_STYLES,
    TEAM_COLOUR,
    TICK_WRAP,
    TRAIL_COLOUR,
    ChartLabels,
    PlotPoint,
    milestone_xy,
    role_colour,
    upgrade_path,
)

__all__ = [
    "ABOVE_FILL",
    "BELOW_FILL",
    "CACHE_PREFIX",
    "CACHE_TIMEOUT",
    "CELL_EDGE",
    "CHART_VERSION",
    "COMPACT_FIGSIZE",
    "COMPACT_SIZE_PT",
    "COMPACT_TICK_WRAP",
    "FIGSIZE",
    "FONT_SIZE",
    "GRID_LINE",
    "GRID_MAX",
    "GRID_MIN",
    "IDEAL_COLOUR",
    "INK",
    "KINDS",
    "LEVELS",
    "MAIN_COLOUR",
    "MILESTONE_RADIUS_PT",
    "PATH_COLOUR",
    "PNG_DPI",
    "REGION_WRAP",
    "RESPONDENT_COLOUR",
    "ROLE_STYLES",
    "TEAM_COLOUR",
    "TICK_WRAP",
    "TRAIL_COLOUR",
    "ChartLabels",
    "PlotPoint",
    "grid_png",
    "grid_png_cached",
    "grid_svg",
    "grid_svg_cached",
    "grid_svg_version",
    "milestone_xy",
    "role_colour",
    "upgrade_path",
    "with_accessible_name",
    # For the portfolio chart (the same grid, other marks) and the tests.
    "_RC",
    "_RENDER_LOCK",
    "_Input",
    "_build_figure",
    "_cache_key",
    "_cached",
    "_digest",
    "_draw_cell",
    "_draw_grid",
    "_draw_path",
    "_draw_points",
    "_draw_regions",
    "_draw_trail",
    "_fingerprint",
    "_import_matplotlib",
    "_point_style",
    "_render",
]


def __getattr__(name: str) -> Any:
    # `charts.matplotlib`, `charts.Figure`: imported on first use, as in `mpl`.
    if name in mpl._NAMES:
        return getattr(mpl, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
