"""Server-side LMM grid charts: matplotlib `Figure` objects, never pyplot.

The grid is drawn in the scoring coordinates: x and y are continuous in [0, 4], level k
spans [k - 1, k), all-minimum answers sit at (0, 0) and all-maximum at (4, 4). The
milestones (the crossing points of the ideal 45° path) are drawn at the cell centres
(k - 0.5, k - 0.5).

A chart is one value, `GridChart`; every visible string comes from its `ChartLabels`,
so the web layer passes translated text (the defaults are English and need no Django).
Only `cache` and `store` touch Django.

The modules: `spec` (what a chart shows: points, labels, geometry, palette), `marks`
(points, tags, trail, cell), `figure` (the grid figure), `render` (SVG and PNG),
`cache` and `store` (drawn once, kept for every process), `portfolio` (every client on
one grid), `accessible` (the accessible name), `svg_csp` (inline SVG under the CSP)
and `mpl` (matplotlib, imported on the first drawing). The rest of the app uses the
names below, and `store` for the report PDFs it keeps beside the charts.
"""

from .accessible import with_accessible_name
from .cache import CHART_VERSION, grid_png_cached, grid_svg_cached, grid_svg_version
from .portfolio import Marker, portfolio_svg_cached
from .render import grid_png, grid_svg
from .spec import (
    COMPACT_SIZE_PT,
    KINDS,
    ChartLabels,
    GridChart,
    PlotPoint,
    milestone_xy,
    role_colour,
    upgrade_path,
)

__all__ = [
    "CHART_VERSION",
    "COMPACT_SIZE_PT",
    "KINDS",
    "ChartLabels",
    "GridChart",
    "Marker",
    "PlotPoint",
    "grid_png",
    "grid_png_cached",
    "grid_svg",
    "grid_svg_cached",
    "grid_svg_version",
    "milestone_xy",
    "portfolio_svg_cached",
    "role_colour",
    "upgrade_path",
    "with_accessible_name",
]
