"""A page view draws one chart: the wide one, inline. Phones load the compact layout
as an image from the chart's URL, drawn on its first request and cached after."""

import logging
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.reports import downloads, pdf
from tests.factories import make_membership, make_response, make_round
from tests.jobs.helpers import fetch_report
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]

ROLES = ("marketing", "sales", "leadership")


@pytest.fixture
def drawings(caplog, settings):
    """The log's "chart drawn" lines: one per matplotlib drawing, whichever module
    draws it."""
    memory = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-chart-layouts",
    }
    # One store under both names: clearing the default clears the drawn charts too.
    settings.CACHES = {**settings.CACHES, "default": memory, "charts": memory}
    cache.clear()
    caplog.set_level(logging.INFO)

    def drawn():
        return [r.getMessage() for r in caplog.records if "chart drawn" in r.msg]

    yield drawn
    cache.clear()


def team_round(admin, size):
    round_ = make_round(organisation=admin.organisation)
    make_response(round=round_, respondent=admin.user, submitted=True)
    for number in range(size - 1):
        member = make_membership(
            organisation=admin.organisation, role=ROLES[number % len(ROLES)]
        )
        make_response(round=round_, respondent=member.user, submitted=True)
    return round_


def compact_image(html):
    found = re.search(
        r'<div class="lmm-chart-compact"><img src="([^"]+)" alt="([^"]+)"'
        r' width="(\d+)" height="(\d+)" loading="lazy"',
        html,
    )
    assert found, "the page offers phones no compact chart"
    return found.groups()


def test_a_cold_round_page_with_50_respondents_draws_one_chart(client, drawings):
    admin = make_membership(is_admin=True, role="marketing")
    round_ = team_round(admin, 50)
    client.force_login(admin.user)

    html = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    html = html.content.decode()

    assert len(drawings()) == 1
    assert html.count("<svg") == 1 and 'id="lmm-point-respondent-50"' in html
    url, alt, width, height = compact_image(html)
    assert url.startswith(
        reverse("assessments:round-chart", args=[round_.pk, downloads.COMPACT_FORMAT])
    )
    assert alt == (
        "LMM grid with the team&#x27;s, each role&#x27;s and each respondent&#x27;s "
        "position"
    )
    assert (width, height) == ("346", "439")
    # A phone asks for the compact chart: drawn once, then from the cache.
    image = client.get(url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"
    assert "attachment" not in image.get("Content-Disposition", "")
    assert image["Cache-Control"] == "private, max-age=604800, immutable"
    svg = image.content.decode()
    assert 'width="345.6pt" height="439.2pt"' in svg
    assert svg.count('id="lmm-point-respondent-') == 50
    assert not re.search(r'\sstyle="', svg) and "<style" not in svg
    assert len(drawings()) == 2
    client.get(url)
    client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert len(drawings()) == 2


def test_the_result_page_draws_one_chart_and_phones_get_the_compact_one(
    client, drawings
):
    member = make_membership()
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    client.force_login(member.user)
    html = client.get(reverse("assessments:response-result", args=[response.pk]))
    html = html.content.decode()
    assert len(drawings()) == 1
    url, alt, _width, _height = compact_image(html)
    assert alt == "LMM grid with your organisation&#x27;s position"
    assert client.get(url).status_code == 200
    assert len(drawings()) == 2


def test_a_changed_chart_gets_a_new_compact_url(client, drawings):
    admin = make_membership(is_admin=True, role="marketing")
    round_ = team_round(admin, 2)
    client.force_login(admin.user)
    page = reverse("assessments:round-detail", args=[round_.pk])
    before, *_rest = compact_image(client.get(page).content.decode())
    member = make_membership(organisation=admin.organisation, role="sales")
    make_response(round=round_, respondent=member.user, submitted=True)
    after, *_rest = compact_image(client.get(page).content.decode())
    assert after != before
    # An old URL still shows the current chart, but the browser must ask again.
    stale = client.get(before)
    assert stale.status_code == 200
    assert stale["Cache-Control"] == "private, no-cache"
    assert stale.content.decode().count('id="lmm-point-respondent-') == 3


def test_another_organisation_cannot_load_the_compact_chart(client, drawings):
    admin = make_membership(is_admin=True, role="marketing")
    round_ = team_round(admin, 2)
    client.force_login(admin.user)
    url, *_rest = compact_image(
        client.get(
            reverse("assessments:round-detail", args=[round_.pk])
        ).content.decode()
    )
    client.force_login(make_membership().user)
    assert client.get(url).status_code == 404
    assert len(drawings()) == 1


def test_the_report_shows_the_wide_chart_only(client, drawings, monkeypatch):
    member = make_membership()
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    pages = []
    monkeypatch.setattr(
        pdf, "pdf_cached", lambda html, base_url: pages.append(html) or b"%PDF"
    )
    client.force_login(member.user)
    fetch_report(client, reverse("assessments:response-report", args=[response.pk]))
    (html,) = pages
    assert html.count("<svg") == 1 and "lmm-chart-compact" not in html
    assert len(drawings()) == 1


@pytest.mark.parametrize("fmt", [downloads.COMPACT_FORMAT, "png"])
def test_a_chart_request_draws_only_the_chart_it_serves(client, drawings, fmt):
    # A phone whose page came from a cache that has since been emptied (or a
    # download straight from a bookmarked URL): the wide inline chart is not drawn.
    admin = make_membership(is_admin=True, role="marketing")
    round_ = team_round(admin, 5)
    client.force_login(admin.user)
    url = reverse("assessments:round-chart", args=[round_.pk, fmt])
    assert client.get(url).status_code == 200
    (drawn,) = drawings()
    assert drawn.startswith("chart drawn: " + ("svg" if fmt != "png" else "png"))
