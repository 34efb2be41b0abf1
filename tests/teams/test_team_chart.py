"""The team chart with a real team: legend per role, respondents as small dots in
their role's colour, readable at 1, 3, 10 and 50 respondents (PNGs in tests/artifacts/
to look at)."""

import random
import re
from pathlib import Path

import pytest
from django.urls import reverse

from assessments import charts
from assessments.models import Role
from assessments.results import texts as result_texts
from assessments.teams import results as team_results
from assessments.teams import texts as team_texts
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ROLES = ("marketing", "sales", "lead_management", "leadership", "other")


# Where each role tends to see the organisation (relationship, lead management).
CENTRES = {
    "marketing": (3.6, 3.2),
    "sales": (2.4, 2.2),
    "lead_management": (3.0, 3.8),
    "leadership": (3.8, 2.8),
    "other": (3.0, 3.0),
}


def varied_answers(role, rng):
    """Ratings scattered around the role's centre, as a real team answers."""
    answers = answers_for(diagnostics={"diag-4": rng.randint(0, 1)})
    x_centre, y_centre = CENTRES[role]
    for code in answers:
        if code.startswith("diag"):
            continue
        centre = x_centre if code.startswith("rel-") else y_centre
        answers[code] = min(5, max(1, round(rng.gauss(centre, 0.9))))
    return answers


def team_round(size):
    rng = random.Random(size)
    round_ = make_round()
    for number in range(size):
        role = ROLES[number % 3 if size < 10 else number % len(ROLES)]
        make_response(
            round=round_, role=role, answers=varied_answers(role, rng), submitted=True
        )
    return round_


def legend_texts(svg):
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.mark.parametrize("size", [1, 3, 10, 50])
def test_team_chart_has_one_legend_entry_per_role_at_any_size(size):
    round_ = team_round(size)
    combined = team_results.round_result(round=round_)
    points, path = team_texts.round_chart_points(combined)
    team = combined.team.result
    chart_input = {
        "path": path,
        "labels": result_texts.chart_labels(),
        "title": f"{round_.organisation.name} · team {round_.year}",
        "cell": (team.relationship.level, team.maturity.level),
    }
    svg = charts.grid_svg(charts.GridChart(points, **chart_input))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"team_chart_{size}.png").write_bytes(
        charts.grid_png(charts.GridChart(points, **chart_input), dpi=100)
    )
    assert len(re.findall(r'id="lmm-point-respondent-', svg)) == size
    assert len(re.findall(r'id="lmm-point-role-', svg)) == len(combined.roles)
    text = legend_texts(svg)
    # One legend entry for all respondents, none per person.
    assert text.count("Respondents (small dots in their role's colour)") == 1
    assert not any(t.startswith("Respondent ") for t in text)
    for group in combined.roles:
        assert text.count(str(team_texts.ROLE_NAMES[group.role])) == 1
    assert 'id="lmm-cell"' in svg
    assert round_.organisation.name in " ".join(text)


def test_respondent_dots_take_their_roles_colour():
    combined = team_results.round_result(round=team_round(3))
    points, _path = team_texts.round_chart_points(combined)
    by_kind = {}
    for point in points:
        by_kind.setdefault(point.kind, []).append(point)
    role_styles = {p.label: p.style for p in by_kind["role"]}
    for point, item in zip(by_kind["respondent"], combined.respondents, strict=True):
        assert (
            point.style == role_styles[str(team_texts.ROLE_NAMES[item.response.role])]
        )
    svg = charts.grid_svg(charts.GridChart(points))
    marketing = charts.role_colour(team_texts.ROLE_STYLE["marketing"])
    first_dot = svg[svg.index('id="lmm-point-respondent-1"') :][:1500]
    assert marketing.lower() in first_dot.lower()


def test_roles_follow_a_fixed_colour_so_the_table_swatches_match():
    assert charts.role_colour(
        team_texts.ROLE_STYLE[Role.MARKETING]
    ) != charts.role_colour(team_texts.ROLE_STYLE[Role.SALES])


def test_a_plain_member_sees_no_rows_or_points_of_a_lone_respondents_role(client):
    admin = make_membership(is_admin=True, role="leadership")
    round_ = make_round(organisation=admin.organisation)
    for role, rating in (("marketing", 5), ("sales", 1), ("sales", 2)):
        make_response(
            round=round_,
            role=role,
            answers=answers_for(relationship=rating),
            submitted=True,
        )
    url = reverse("assessments:round-detail", args=[round_.pk])
    plain = make_membership(organisation=admin.organisation, role="other")
    client.force_login(plain.user)
    page = client.get(url)
    html = page.content.decode()
    rows = sorted(row["role"] for row in page.context["respondent_rows"])
    assert rows == ["Sales", "Sales"]
    assert [group["label"] for group in page.context["roles"]] == ["Sales"]
    assert "Marketing (1)" not in html
    # Marketing's lone respondent answered 5 everywhere: x = 4.00 would give them away.
    assert "4.00" not in html
    wide = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'id="lmm-point-respondent-', wide)) == 2
    assert len(re.findall(r'id="lmm-point-role-', wide)) == 1
    assert "roles-private" in html

    client.force_login(admin.user)
    page = client.get(url)
    assert sorted(row["role"] for row in page.context["respondent_rows"]) == [
        "Marketing",
        "Sales",
        "Sales",
    ]
    assert "Marketing (1)" in page.content.decode()
    assert "roles-private" not in page.content.decode()


def test_the_lone_respondent_sees_their_own_row_and_role(client):
    admin = make_membership(is_admin=True, role="leadership")
    round_ = make_round(organisation=admin.organisation)
    lone = make_response(round=round_, role="marketing", submitted=True)
    for _ in range(2):
        make_response(round=round_, role="sales", submitted=True)
    client.force_login(lone.respondent)
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert sorted(row["role"] for row in page.context["respondent_rows"]) == [
        "Marketing",
        "Sales",
        "Sales",
    ]
    assert "Marketing (1)" in page.content.decode()
