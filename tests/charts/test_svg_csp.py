"""The chart's inline SVG carries its styling as presentation attributes, which a
Content-Security-Policy without 'unsafe-inline' does not block."""

import re
import xml.dom.minidom

from assessments import charts
from assessments.charts.svg_csp import inline_styles_to_attributes


def test_style_attributes_and_the_style_element_become_attributes():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><style type="text/css">'
        "*{stroke-linejoin: round; stroke-linecap: butt}</style>"
        '<path fill="red" style="fill: #1f77b4; stroke: #000; stroke-width: 0.8"/>'
        "<text style=\"font-size: 10px; font-family: 'DejaVu Sans', sans-serif\">"
        "a</text></svg>"
    )
    out = inline_styles_to_attributes(svg)
    assert "<style" not in out and " style=" not in out
    assert '<svg xmlns="http://www.w3.org/2000/svg" stroke-linejoin="round"' in out
    assert 'fill="#1f77b4"' in out and 'fill="red"' not in out
    assert 'stroke-width="0.8"' in out
    assert 'font-family="&#x27;DejaVu Sans&#x27;, sans-serif"' in out


def test_the_rendered_chart_has_no_inline_style_and_stays_valid_xml():
    points = [
        charts.PlotPoint(1.5, 2.5, "You"),
        charts.PlotPoint(2.0, 2.0, "Team", "team"),
        charts.PlotPoint(1.0, 3.0, "Marketing", "role"),
    ]
    svg = charts.grid_svg(
        charts.GridChart(points, path=[(1.5, 2.5), (3.0, 3.0)], title="T")
    )
    assert not re.search(r"\sstyle=", svg) and "<style" not in svg
    assert 'fill="#' in svg and "font-size=" in svg
    xml.dom.minidom.parseString(svg)
