"""Drawing a chart: its inputs, their fingerprint, and matplotlib's SVG or PNG."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading

from assessments.charts.svg_csp import inline_styles_to_attributes

from . import mpl
from .figure import build_figure
from .spec import FONT_SIZE, PNG_DPI, GridChart

# rcParams are process-global and `rc_context` swaps them for the whole process, so
# rendering is serialised for threaded servers. One chart takes about 0.1 s.
RENDER_LOCK = threading.Lock()
RC_PARAMS = {
    # "none" keeps text as <text>: screen readers and search can read it, the file is
    # about a third of the size it has with glyph paths, and translated labels stay
    # selectable. The browser draws it with its own sans-serif.
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 2,
    "axes.labelsize": FONT_SIZE + 1,
    "legend.fontsize": FONT_SIZE,
    # Titles, legends and labels carry user text (organisation names, role labels):
    # none of it may be read as mathtext or TeX, where `$\\foo{$` fails to parse.
    "text.parse_math": False,
    "text.usetex": False,
}


def digest(*parts: object) -> str:
    """A stable hash of JSON values."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def _render(chart: GridChart, fmt: str, **savefig: object) -> bytes:
    # The hash salt follows the input: identical charts are byte-identical, and two
    # different charts inlined in one page do not share clip-path or marker ids.
    salt = "lmm" + digest(chart.fingerprint())[:12]
    buffer = io.BytesIO()
    with RENDER_LOCK, mpl.matplotlib.rc_context({**RC_PARAMS, "svg.hashsalt": salt}):
        figure = build_figure(chart)
        figure.savefig(buffer, format=fmt, **savefig)
    return buffer.getvalue()


def grid_svg(chart: GridChart) -> str:
    """The chart as an inline `<svg role="img">` string, the same for the same input.

    The XML prolog and the date are dropped, so it can be embedded in HTML as is; the
    caller supplies the text alternative (`with_accessible_name`).
    """
    raw = _render(chart, "svg", metadata={"Date": None})
    svg = raw.decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"^<svg\b", '<svg role="img"', svg, count=1)
    # Under the site's CSP, style attributes and <style> are blocked (svg_csp.py).
    return inline_styles_to_attributes(svg)


def grid_png(chart: GridChart, *, dpi: int = PNG_DPI) -> bytes:
    """The same chart as PNG bytes (for reports and the PDF download)."""
    return _render(chart, "png", dpi=dpi, metadata={"Software": None})
