"""The result chart: the organisation and year in its title, its cell shaded, and a
description that names the last crossing point once."""

import pytest
from django.urls import reverse

from assessments import charts, scoring
from assessments.charts import render
from assessments.charts.figure import build_figure
from assessments.results import texts as result_texts
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]


def result_page(client, answers):
    member = make_membership(is_admin=True)
    response = make_response(
        round=make_round(organisation=member.organisation, year=2026),
        respondent=member.user,
        answers=answers,
        submitted=True,
    )
    client.force_login(member.user)
    url = reverse("assessments:response-result", args=[response.pk])
    return member.organisation, client.get(url).content.decode()


def test_the_chart_title_names_the_organisation_and_year(client):
    organisation, html = result_page(client, answers_for())
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert f"{organisation.name} · 2026" in svg


def test_a_point_on_a_boundary_has_its_cell_shaded(client, monkeypatch, settings):
    memory = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-result-chart",
    }
    # One store under both names: clearing the default clears the drawn charts too.
    settings.CACHES = {**settings.CACHES, "default": memory, "charts": memory}
    drawn = []
    svg = render.grid_svg
    monkeypatch.setattr(
        render, "grid_svg", lambda chart: drawn.append(chart) or svg(chart)
    )
    # Relationship 3s: x = 2.00 exactly, on the line between Defined and Aligned; the
    # level is 3, so the Aligned cell is the one shaded.
    _organisation, html = result_page(client, answers_for(relationship=3, maturity=2))
    assert drawn[0].cell == (3, 2)
    assert 'id="lmm-cell"' in html and 'id="lmm-cell-edge"' in html


def test_the_shaded_cell_spans_its_levels():
    figure = build_figure(
        charts.GridChart([charts.PlotPoint(2.0, 1.0, "Us")], cell=(3, 2))
    )
    (cell,) = [p for p in figure.axes[0].patches if p.get_gid() == "lmm-cell"]
    assert (cell.get_x(), cell.get_y(), cell.get_width(), cell.get_height()) == (
        2,
        1,
        1,
        1,
    )


@pytest.mark.parametrize("cell", [(0, 1), (1, 5)])
def test_a_cell_outside_the_grid_is_an_error(cell):
    with pytest.raises(ValueError, match="cell"):
        charts.grid_svg(charts.GridChart([charts.PlotPoint(1, 1, "Us")], cell=cell))


@pytest.mark.parametrize(
    ("relationship", "maturity", "milestone"), [(4, 2, 4), (2, 1, 2), (3, 3, 4)]
)
def test_the_description_names_crossing_point_4_once(relationship, maturity, milestone):
    rel = [scoring.Statement(f"r{i}", relationship) for i in range(20)]
    mat = [
        scoring.Statement(f"m{p}{i}", maturity, phase=p)
        for p in (2, 3, 4)
        for i in range(5)
    ]
    result = scoring.score(
        relationship=rel,
        maturity=mat,
        diagnostics=dict.fromkeys(scoring.DIAGNOSTIC_CODES, True),
    )
    assert result.verdict.next_milestone == milestone
    description = result_texts.chart_description(result)
    assert description.count("crossing point 4") <= 1
    assert result_texts.milestone_name(milestone) in description
