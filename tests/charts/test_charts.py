import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy

from assessments import charts, scoring
from assessments.charts import ChartLabels, PlotPoint, cache, render

SVG_NS = "{http://www.w3.org/2000/svg}"
MAIN = PlotPoint(1.3, 2.0, "Your organisation")
ABOVE_PATH = charts.upgrade_path(1.3, 2.0, 3)
TEAM = [
    PlotPoint(1.9, 2.6, "Marketing", "role"),
    PlotPoint(2.8, 1.4, "Sales", "role"),
    PlotPoint(2.2, 2.3, "Lead management", "role"),
    PlotPoint(2.3, 2.1, "Team", "team"),
]


def visible_text(svg):
    """All <text> contents in document order, wrapped lines joined by spaces."""
    root = ET.fromstring(svg)
    return " ".join(
        (element.text or "").strip() for element in root.iter(f"{SVG_NS}text")
    )


def ids(svg, prefix):
    return re.findall(rf'id="({prefix}[^"]*)"', svg)


@pytest.fixture(scope="module")
def above_svg():
    return charts.grid_svg(charts.GridChart([MAIN], path=ABOVE_PATH))


@pytest.fixture
def locmem_cache(settings):
    memory = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-charts",
    }
    # One store under both names: clearing the default clears the drawn charts too.
    settings.CACHES = {**settings.CACHES, "default": memory, "charts": memory}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    calls = []
    svg, png = render.grid_svg, render.grid_png
    monkeypatch.setattr(
        render, "grid_svg", lambda *a, **k: calls.append("svg") or svg(*a, **k)
    )
    monkeypatch.setattr(
        render, "grid_png", lambda *a, **k: calls.append("png") or png(*a, **k)
    )
    return calls


def test_milestones_sit_at_the_cell_centres_of_the_diagonal():
    assert [charts.milestone_xy(k) for k in (1, 2, 3, 4)] == [
        (0.5, 0.5),
        (1.5, 1.5),
        (2.5, 2.5),
        (3.5, 3.5),
    ]


@pytest.mark.parametrize("k", [0, 5])
def test_milestone_outside_1_to_4_is_an_error(k):
    with pytest.raises(ValueError):
        charts.milestone_xy(k)


def test_upgrade_path_from_crossing_point_1_runs_through_every_later_milestone():
    assert charts.upgrade_path(0.5, 0.5, 2) == [
        (0.5, 0.5),
        (1.5, 1.5),
        (2.5, 2.5),
        (3.5, 3.5),
    ]


def test_upgrade_path_off_the_path_starts_at_the_point():
    assert charts.upgrade_path(2.6, 0.8, 3) == [(2.6, 0.8), (2.5, 2.5), (3.5, 3.5)]


def test_upgrade_path_is_empty_without_a_next_milestone():
    assert charts.upgrade_path(4.0, 4.0, None) == []


def test_upgrade_path_of_all_minimum_answers_starts_at_origin():
    low = scoring.AxisPosition(0.0, 1, "Undefined")
    verdict = scoring.verdict_for(low, low)
    assert charts.upgrade_path(low.value, low.value, verdict.next_milestone) == [
        (0.0, 0.0),
        (1.5, 1.5),
        (2.5, 2.5),
        (3.5, 3.5),
    ]


def test_svg_is_ready_to_inline_in_html(above_svg):
    assert above_svg.startswith('<svg role="img"')
    assert "<?xml" not in above_svg
    assert "<!DOCTYPE" not in above_svg
    assert "<dc:date>" not in above_svg
    assert above_svg.rstrip().endswith("</svg>")
    ET.fromstring(above_svg)  # well-formed


def test_svg_keeps_level_axis_and_region_names_as_text(above_svg):
    text = visible_text(above_svg)
    labels = ChartLabels()
    for name in (*labels.x_levels, *labels.y_levels):
        assert name in text
    assert "Marketing–sales relationship" in text
    assert "Lead management maturity" in text
    assert "Defined on paper, not lived" in text
    assert "Lacking definition" in text
    assert ids(above_svg, "lmm-region-") == ["lmm-region-above", "lmm-region-below"]


def test_svg_draws_the_diagonal_and_its_four_milestones(above_svg):
    assert ids(above_svg, "lmm-ideal-path") == ["lmm-ideal-path"]
    assert ids(above_svg, "lmm-milestone-") == [
        f"lmm-milestone-{k}" for k in range(1, 5)
    ]


def test_main_point_is_drawn(above_svg):
    assert ids(above_svg, "lmm-point-") == ["lmm-point-main-1"]


def test_path_is_drawn_as_one_arrow_per_leg(above_svg):
    # Point -> milestone 3 -> milestone 4.
    assert ids(above_svg, "lmm-path-arrow-") == ["lmm-path-arrow-1", "lmm-path-arrow-2"]
    assert "Recommended path" in visible_text(above_svg)


def test_no_arrows_and_no_legend_without_a_path():
    svg = charts.grid_svg(charts.GridChart([MAIN]))
    assert ids(svg, "lmm-path-arrow-") == []
    assert "Recommended path" not in visible_text(svg)
    assert "Your organisation" not in visible_text(svg)


def test_a_point_on_its_milestone_draws_no_empty_arrow():
    svg = charts.grid_svg(
        charts.GridChart(
            [PlotPoint(1.5, 1.5, "Us")], path=charts.upgrade_path(1.5, 1.5, 2)
        )
    )
    assert ids(svg, "lmm-path-arrow-") == [
        "lmm-path-arrow-1",
        "lmm-path-arrow-2",
    ]


def test_team_view_draws_each_role_and_a_legend():
    svg = charts.grid_svg(charts.GridChart(TEAM, path=charts.upgrade_path(2.3, 2.1, 4)))
    # Drawn in z-order (the team hexagon first, under the roles), so compare as sets.
    assert sorted(ids(svg, "lmm-point-")) == [
        "lmm-point-role-1",
        "lmm-point-role-2",
        "lmm-point-role-3",
        "lmm-point-team-4",
    ]
    text = visible_text(svg)
    for label in ("Marketing", "Sales", "Lead management", "Team"):
        assert label in text


def test_respondents_share_one_legend_entry():
    points = [MAIN] + [
        PlotPoint(x, 1.0, "Respondent", "respondent") for x in (0.5, 1.5, 2.5)
    ]
    svg = charts.grid_svg(charts.GridChart(points))
    assert len(ids(svg, "lmm-point-respondent-")) == 3
    assert visible_text(svg).count("Respondent") == 1


def test_unknown_point_kind_is_an_error():
    with pytest.raises(ValueError, match="kind"):
        charts.grid_svg(charts.GridChart([PlotPoint(1, 1, "x", kind="star")]))


def test_same_input_gives_identical_svg(above_svg):
    assert charts.grid_svg(charts.GridChart([MAIN], path=ABOVE_PATH)) == above_svg


def test_different_charts_do_not_share_definition_ids(above_svg):
    other = charts.grid_svg(
        charts.GridChart([PlotPoint(2.6, 0.8, "Your organisation")])
    )
    # Clip paths and markers are referenced by id; two inline charts must not clash.
    clip_ids = set(re.findall(r'<clipPath id="([^"]+)"', above_svg))
    assert clip_ids
    assert clip_ids.isdisjoint(re.findall(r'<clipPath id="([^"]+)"', other))


def test_labels_override_every_visible_string():
    labels = ChartLabels(
        x_title="Beziehung Marketing–Vertrieb",
        y_title="Reifegrad Lead-Management",
        x_levels=("Undefiniert", "Definiert", "Abgestimmt", "Integriert"),
        y_levels=("Kein LM", "Begriffe", "Prozess", "Abteilung"),
        above_region="Auf dem Papier",
        below_region="Zu wenig definiert",
        ideal_path="Idealpfad",
        recommended_path="Empfohlener Weg",
    )
    svg = charts.grid_svg(
        charts.GridChart([MAIN], path=ABOVE_PATH, title="Ergebnis", labels=labels)
    )
    text = visible_text(svg)
    for value in vars(labels).values():
        for part in value if isinstance(value, tuple) else (value,):
            assert part in text
    assert "Ergebnis" in text
    for english in ("Integrated", "Lacking definition", "Recommended path"):
        assert english not in text


def test_default_labels_and_rendering_need_no_django_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["MPLCONFIGDIR"] = str(tmp_path)
    code = (
        "import sys; from assessments.charts import ChartLabels, GridChart, PlotPoint, grid_svg; "
        "svg = grid_svg(GridChart([PlotPoint(1, 2, 'x')])); "
        "assert ChartLabels().x_levels[3] == 'Integrated'; "
        "assert 'django' not in sys.modules, 'charts imported Django'; "
        "print(svg[:4])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "<svg"


def test_png_is_deterministic_png_bytes():
    png = charts.grid_png(charts.GridChart(TEAM), dpi=50)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts.grid_png(charts.GridChart(TEAM), dpi=50) == png


def test_cached_svg_renders_once_per_key(locmem_cache, renders):
    first = charts.grid_svg_cached(
        "response:1:v1:en", charts.GridChart([MAIN], path=ABOVE_PATH)
    )
    second = charts.grid_svg_cached(
        "response:1:v1:en", charts.GridChart([MAIN], path=ABOVE_PATH)
    )
    assert first == second
    assert renders == ["svg"]

    charts.grid_svg_cached(
        "response:1:v2:en", charts.GridChart([MAIN], path=ABOVE_PATH)
    )
    assert renders == ["svg", "svg"]


def test_cache_key_is_prefixed_and_covers_the_inputs(locmem_cache, renders):
    charts.grid_svg_cached("response:1:v1:en", charts.GridChart([MAIN]))
    (key,) = locmem_cache._cache.keys()  # as stored, after Django's ":1:" prefix
    assert re.fullmatch(r":1:lmm:chart:[0-9a-f]{64}", key)
    # Same caller key, moved point: never the stale picture.
    charts.grid_svg_cached(
        "response:1:v1:en", charts.GridChart([PlotPoint(3, 3, "Your organisation")])
    )
    assert renders == ["svg", "svg"]


def test_cache_key_changes_with_chart_version(locmem_cache, renders, monkeypatch):
    charts.grid_svg_cached("response:1:v1:en", charts.GridChart([MAIN]))
    monkeypatch.setattr(cache, "CHART_VERSION", "test-next")
    charts.grid_svg_cached("response:1:v1:en", charts.GridChart([MAIN]))
    assert renders == ["svg", "svg"]


def test_lazy_translated_labels_hit_the_cache(locmem_cache, renders):
    def lazy_labels():
        return ChartLabels(above_region=gettext_lazy("Defined on paper, not lived"))

    charts.grid_svg_cached(
        "response:1:v1:en", charts.GridChart([MAIN], labels=lazy_labels())
    )
    charts.grid_svg_cached(
        "response:1:v1:en", charts.GridChart([MAIN], labels=lazy_labels())
    )
    assert renders == ["svg"]


def test_cached_png_renders_once_per_key(locmem_cache, renders):
    first = charts.grid_png_cached("response:1:v1:en", charts.GridChart([MAIN]), dpi=50)
    assert (
        charts.grid_png_cached("response:1:v1:en", charts.GridChart([MAIN]), dpi=50)
        == first
    )
    assert renders == ["png"]


def test_a_charts_stored_key_depends_only_on_what_it_shows():
    # Pinned from the keys of CHART_VERSION 7 (phone level names at 9 pt): the
    # same inputs must keep finding the drawings already stored.
    points = [
        PlotPoint(1.5, 2.25, "Your organisation", tag="2026"),
        PlotPoint(1.0, 1.0, "Sales", "role", style=1),
    ]
    chart = charts.GridChart(
        points,
        path=[(1.5, 2.25), (2.5, 2.5)],
        title="Acme · 2026",
        trail=[PlotPoint(0.5, 0.75, "2025", kind="past", tag="2025")],
        cell=(2, 3),
    )
    key = "response:1:v2:en"
    assert cache.cache_key("svg", key, chart.fingerprint()) == (
        "lmm:chart:47f7b3fba78f935309b464c35a2f4f5f038ddd591e203c64554bca438407ea1b"
    )
    assert cache.cache_key("svg", key, chart.compacted().fingerprint()) == (
        "lmm:chart:4381e707cda4b31d47c3097b7b711e51bc3022320882b820a22ebb71c923097b"
    )
    assert cache.cache_key("png", key, [*chart.fingerprint(), 220]) == (
        "lmm:chart:0ec3a51b1b3b43d50329749d6738a60e84c828c544aeaf84187e2293579b2386"
    )


def test_a_move_across_questionnaire_versions_is_drawn_apart():
    # A dotted grey arrow into the year answered with another version.
    trail = [PlotPoint(0.5, 0.75, "2025", kind="past", tag="2025")]
    plain = charts.GridChart([PlotPoint(2.0, 2.0, "2026", tag="2026")], trail=trail)
    changed = charts.GridChart(
        [PlotPoint(2.0, 2.0, "2026", tag="2026", new_version=True)], trail=trail
    )

    assert plain.fingerprint() != changed.fingerprint()
    assert "lmm-trail-arrow-1-new-version" in render.grid_svg(changed)
    assert "lmm-trail-arrow-1-new-version" not in render.grid_svg(plain)
