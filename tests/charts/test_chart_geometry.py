"""Where the chart's words and marks land, measured with matplotlib's renderer:
no marker on an axis label, no year tag on a milestone, no word broken across
lines, the axis titles inside the figure (phone layout, German too)."""

import pytest
from django.utils import translation
from matplotlib.backends.backend_agg import FigureCanvasAgg

from assessments import charts
from assessments.charts import PlotPoint, render
from assessments.charts.figure import build_figure
from assessments.results.texts import chart_labels


def _drawn(chart):
    with render.RENDER_LOCK, render.mpl.matplotlib.rc_context(render.RC_PARAMS):
        figure = build_figure(chart)
        FigureCanvasAgg(figure)
        renderer = figure.canvas.get_renderer()
        figure.draw(renderer)
    return figure, renderer


def _marker_box(ax, line, renderer):
    """The marker's extent on the canvas (pixels)."""
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform(line.get_xydata()[0])
    half = (line.get_markersize() / 2 + line.get_markeredgewidth()) * (
        renderer.dpi / 72
    )
    return Bbox.from_extents(x - half, y - half, x + half, y + half)


def _labels(language):
    with translation.override(language):
        return chart_labels()


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize(
    "where", [(0.0, 0.5), (0.0, 2.5), (0.5, 0.0), (3.5, 0.0), (0.0, 0.0)]
)
def test_a_point_on_an_axis_covers_no_level_name(compact, where):
    chart = charts.GridChart(
        [PlotPoint(*where, "Your organisation")],
        labels=_labels("en"),
        compact=compact,
    )
    figure, renderer = _drawn(chart)
    ax = figure.axes[0]
    (main,) = [line for line in ax.lines if "point-main" in (line.get_gid() or "")]
    marker = _marker_box(ax, main, renderer)
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        box = tick.get_window_extent(renderer)
        assert not marker.overlaps(box), (where, tick.get_text())


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize(
    "past", [(0.0, 0.0), (0.2, 0.1), (0.1, 0.3), (0.4, 0.1), (1.0, 0.2), (0.3, 0.9)]
)
def test_a_year_tag_keeps_off_the_milestones(compact, past):
    chart = charts.GridChart(
        [PlotPoint(2.0, 3.0, "Your organisation", tag="2026")],
        trail=[PlotPoint(*past, "2025", kind="past", tag="2025")],
        labels=_labels("en"),
        compact=compact,
    )
    figure, renderer = _drawn(chart)
    ax = figure.axes[0]
    milestones = [
        _marker_box(ax, line, renderer)
        for line in ax.lines
        if (line.get_gid() or "").startswith("lmm-milestone-")
    ]
    tags = [t for t in ax.texts if t.get_text() in ("2025", "2026")]
    assert len(tags) == 2
    for tag in tags:
        box = tag.get_bbox_patch().get_window_extent(renderer)
        for milestone in milestones:
            assert not box.overlaps(milestone), (past, tag.get_text())


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("compact", [False, True])
def test_level_names_keep_their_words_and_titles_stay_inside(language, compact):
    labels = _labels(language)
    chart = charts.GridChart([PlotPoint(1.0, 1.0, "x")], labels=labels, compact=compact)
    figure, renderer = _drawn(chart)
    ax = figure.axes[0]
    names = list(labels.x_levels) + list(labels.y_levels)
    shown = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    # Wrapped at spaces only: joined again, each reads as its name.
    assert [" ".join(text.split()) for text in shown] == names
    inside = figure.bbox
    for title in (ax.xaxis.label, ax.yaxis.label):
        box = title.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, title.get_text()
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1, title.get_text()
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        box = tick.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, tick.get_text()
    # Neighbouring level names do not run into each other.
    for ticks in (ax.get_xticklabels(), ax.get_yticklabels()):
        boxes = [tick.get_window_extent(renderer) for tick in ticks]
        for first, second in zip(boxes, boxes[1:], strict=False):
            assert not first.overlaps(second)
