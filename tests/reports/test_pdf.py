"""The report: the page as a PDF (WeasyPrint) and the chart as SVG and PNG."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Advice
from assessments.reports import downloads as reports_downloads
from assessments.reports import pdf as reports_pdf
from tests.factories import (
    answers_for,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)
from tests.jobs.helpers import fetch_report

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # pypdf breaks lines where the PDF does; compare words, not layout.
    return re.sub(r"\s+", " ", text), len(reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def save(content: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(content)
    if name.endswith(".pdf"):
        # Its pages as PNG, to look at.
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(path), str(path.with_suffix(""))],
            check=True,
        )
    return path


@pytest.fixture
def acme():
    admin = make_membership(
        is_admin=True,
        role="leadership",
        organisation=make_organisation(name="Acme GmbH"),
    )
    round_ = make_round(organisation=admin.organisation, year=2026)
    response = make_response(
        round=round_,
        respondent=admin.user,
        role="leadership",
        submitted=True,
        answers=answers_for(
            relationship=2,
            maturity=4,
            diagnostics={"diag-2": 0, "diag-4": 0},
            ownership=0,
        ),
    )
    return admin, round_, response


def test_the_result_report_has_the_results_words_on_at_most_two_pages(client, acme):
    admin, _round, response = acme
    client.force_login(admin.user)
    page = client.get(reverse("assessments:response-result", args=[response.pk]))
    got = fetch_report(
        client, reverse("assessments:response-report", args=[response.pk])
    )
    assert got.status_code == 200
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == (
        'attachment; filename="acme-gmbh-2026-lmm.pdf"'
    )
    pdf = got.content
    save(pdf, "report-result.pdf")
    text, pages = pdf_text(pdf)
    assert pages <= 2
    for number, page_text in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        # The footer: organisation and date, page number.
        assert "Acme GmbH ·" in page_text.extract_text()
        assert f"{number} / {pages}" in page_text.extract_text()
    assert "Acme GmbH" in text
    assert "2026" in text
    assert squash(page.context["verdict_short"]) in text
    assert squash(page.context["stage_name"]) in text
    checks = page.context["plan"]["checks"]
    assert len(checks) >= 2
    for check in checks:
        assert squash(check["message"]) in text
    # Screen-only things stay out.
    assert "Download PDF" not in text
    assert "Back to your assessments" not in text


def test_a_repeat_download_is_not_drawn_again_but_another_language_is(
    client, acme, monkeypatch
):
    admin, _round, response = acme
    client.force_login(admin.user)
    drawn = []
    real = reports_pdf.render_pdf

    def counting(html, **kwargs):
        drawn.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(reports_pdf, "render_pdf", counting)
    url = reverse("assessments:response-report", args=[response.pk])
    first = fetch_report(client, url).content
    # The forms' CSRF tokens change on every request; the PDF must not.
    second = client.get(url).content
    assert len(drawn) == 1
    assert second == first
    german = fetch_report(client, url, headers={"accept-language": "de"})
    assert german.status_code == 200
    assert len(drawn) == 2
    assert 'lang="de"' in drawn[1]


def test_the_pdf_keeps_the_chart_as_vector_graphics(client, acme):
    admin, _round, response = acme
    client.force_login(admin.user)
    pdf = fetch_report(
        client, reverse("assessments:response-report", args=[response.pk])
    )
    reader = PdfReader(io.BytesIO(pdf.content))
    assert all(not page.images for page in reader.pages)
    text, _pages = pdf_text(pdf.content)
    # The chart's own words are text in the PDF, not pixels.
    assert "Acme GmbH · 2026" in text
    assert "Lead management maturity" in text


def team_of_three(acme):
    admin, round_, response = acme
    for role, relationship in (("marketing", 3), ("sales", 1)):
        member = make_membership(organisation=admin.organisation, role=role)
        make_response(
            round=round_,
            respondent=member.user,
            role=role,
            submitted=True,
            answers=answers_for(relationship=relationship, maturity=2, ownership=0),
        )
    return admin, round_


def test_the_team_report_has_the_teams_numbers_and_no_admin_list(client, acme):
    admin, round_ = team_of_three(acme)
    Advice.objects.create(
        round=round_, author_name="Dana Berater", text="Agree one lead definition."
    )
    client.force_login(admin.user)
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert "Who has answered" in page.content.decode()
    got = fetch_report(client, reverse("assessments:round-report", args=[round_.pk]))
    assert got["Content-Disposition"] == (
        'attachment; filename="acme-gmbh-2026-team-lmm.pdf"'
    )
    save(got.content, "report-team.pdf")
    text, pages = pdf_text(got.content)
    team = page.context["team"]
    assert "Acme GmbH" in text and "2026" in text
    assert squash(team["verdict"]) in text
    assert squash(team["stage"]) in text
    for check in page.context["plan"]["checks"]:
        assert squash(check["message"]) in text
    assert "Perception gap" in text
    assert "By role and by respondent" in text
    assert "Agree one lead definition." in text
    assert "Who has answered" not in text
    assert "not started" not in text
    assert pages <= 3


def test_the_history_report_names_every_year(client, acme):
    admin, round_, _response = acme
    earlier = make_round(organisation=admin.organisation, year=2025)
    make_response(
        round=earlier,
        respondent=admin.user,
        role="leadership",
        submitted=True,
        answers=answers_for(relationship=1, maturity=1, ownership=0),
    )
    client.force_login(admin.user)
    got = fetch_report(
        client, reverse("assessments:history-report", args=[admin.organisation_id])
    )
    assert got["Content-Disposition"] == (
        'attachment; filename="acme-gmbh-2025-2026-history-lmm.pdf"'
    )
    save(got.content, "report-history.pdf")
    text, _pages = pdf_text(got.content)
    assert "Acme GmbH: history" in text
    assert "2025" in text and "2026" in text


def test_chart_downloads_are_named_and_titled(client, acme):
    from PIL import Image

    admin, _round, response = acme
    client.force_login(admin.user)
    svg = client.get(reverse("assessments:response-chart", args=[response.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"] == 'attachment; filename="acme-gmbh-2026-lmm.svg"'
    assert svg.content.startswith(b"<?xml")
    assert "Acme GmbH · 2026" in svg.content.decode()
    png = client.get(reverse("assessments:response-chart", args=[response.pk, "png"]))
    assert png["Content-Type"] == "image/png"
    assert png["Content-Disposition"] == 'attachment; filename="acme-gmbh-2026-lmm.png"'
    save(png.content, "chart-download.png")
    image = Image.open(io.BytesIO(png.content))
    # 6.4 inches at slide resolution.
    assert image.size[0] >= 1280
    assert image.info["dpi"][0] == pytest.approx(reports_downloads.SLIDE_DPI, abs=1)


def test_bad_report_requests_are_404(client, acme):
    admin, round_, response = acme
    client.force_login(admin.user)
    assert (
        client.get(
            reverse("assessments:response-chart", args=[response.pk, "gif"])
        ).status_code
        == 404
    )
    # One response is no team view: the team page has no chart yet.
    assert (
        client.get(
            reverse("assessments:round-chart", args=[round_.pk, "png"])
        ).status_code
        == 404
    )
    draft = make_response(
        round=make_round(organisation=admin.organisation, year=2027),
        respondent=admin.user,
        role="leadership",
    )
    for name in ("response-report", "response-chart"):
        args = [draft.pk] if name == "response-report" else [draft.pk, "svg"]
        assert client.get(reverse(f"assessments:{name}", args=args)).status_code == 404


def test_exactly_who_may_see_a_page_may_download_its_report(client, acme):
    admin, round_ = team_of_three(acme)
    response = acme[2]
    colleague = make_membership(organisation=admin.organisation, role="sales")
    stranger = make_membership()
    consultant = make_consultant(admin.organisation)
    other_consultant = make_consultant(make_organisation())
    pages = {
        "response-result": ([response.pk], ["response-report", "response-chart"]),
        "round-detail": ([round_.pk], ["round-report", "round-chart"]),
        "organisation-history": (
            [admin.organisation_id],
            ["history-report", "history-chart"],
        ),
    }
    for user in (
        admin.user,
        colleague.user,
        stranger.user,
        consultant,
        other_consultant,
    ):
        client.force_login(user)
        for page, (args, downloads) in pages.items():
            expected = client.get(reverse(f"assessments:{page}", args=args)).status_code
            for name in downloads:
                extra = ["png"] if name.endswith("chart") else []
                got = fetch_report(
                    client, reverse(f"assessments:{name}", args=args + extra)
                )
                assert got.status_code == expected, (user, name)


def test_a_consultant_downloads_the_reports_from_the_admin(client, acme):
    admin, round_ = team_of_three(acme)
    consultant = make_consultant(admin.organisation)
    client.force_login(consultant)
    team_pdf = reverse("assessments:round-report", args=[round_.pk])
    history_pdf = reverse("assessments:history-report", args=[admin.organisation_id])
    client_page = client.get(
        reverse("admin-portfolio:client", args=[admin.organisation_id])
    ).content.decode()
    assert f'href="{team_pdf}"' in client_page
    assert f'href="{history_pdf}"' in client_page
    round_page = client.get(
        reverse("admin:assessments_round_change", args=[round_.pk])
    ).content.decode()
    assert f'href="{team_pdf}"' in round_page
    got = fetch_report(client, team_pdf)
    assert got.status_code == 200
    text, _pages = pdf_text(got.content)
    assert "Acme GmbH: team result 2026" in text


def test_the_footer_stylesheet_cannot_be_broken_out_of(client):
    got = client.get(
        reverse("assessments:report-footer"), {"text": 'Evil" } body { x: "1 · 2'}
    )
    assert got["Content-Type"].startswith("text/css")
    css = got.content.decode()
    assert css.count('"') == 2
    assert css.count("}") == 2
    assert "Evil\\22 " in css


def test_file_names_say_what_they_are():
    assert (
        reports_downloads.file_name("Acme GmbH", "2026", "png")
        == "acme-gmbh-2026-lmm.png"
    )
    assert (
        reports_downloads.file_name("Müller & Söhne KG", "2026", "pdf", what="team")
        == "muller-sohne-kg-2026-team-lmm.pdf"
    )
    assert reports_downloads.file_name("***", "", "svg") == "organisation-lmm.svg"


def test_a_cached_report_costs_what_its_page_costs(
    client, acme, django_assert_max_num_queries
):
    admin, _round, response = acme
    client.force_login(admin.user)
    url = reverse("assessments:response-report", args=[response.pk])
    fetch_report(client, url)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/static//etc/passwd",
        "/static//etc/passwd",
        "http://testserver/static/../../../../etc/passwd",
        "http://testserver/static/css/../../../../../etc/passwd",
        "http://testserver/static/%2Fetc%2Fpasswd",
        "http://testserver/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "http://testserver/static/css/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "http://testserver/static/..%5C..%5Cetc%5Cpasswd",
        "file:///etc/passwd",
        "http://testserver/static/leak",
    ],
)
def test_the_report_fetcher_serves_no_file_outside_the_static_files(
    url, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "leak").symlink_to("/etc/passwd")
    fetcher = reports_pdf._static_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_the_report_fetcher_serves_the_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    got = reports_pdf._static_fetcher().fetch("http://testserver/static/css/print.css")
    assert b"@page" in got.read()


@pytest.fixture
def second_year(acme):
    """Acme's admin answered in 2025 too, every statement two steps lower: the
    "Since 2025" list holds every statement."""
    admin, round_, response = acme
    make_response(
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
        role="leadership",
        submitted=True,
        answers=answers_for(
            relationship=1,
            maturity=2,
            diagnostics={"diag-1": 0, "diag-2": 0, "diag-4": 0},
            ownership=0,
        ),
    )
    return admin, round_, response


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_second_year_result_report_fits_two_pages(client, second_year, language):
    admin, _round, response = second_year
    client.force_login(admin.user)
    page = client.get(
        reverse("assessments:response-result", args=[response.pk]),
        headers={"accept-language": language},
    )
    since = page.context["since"]
    assert since["has_previous"] and len(since["up"]) >= 20
    got = fetch_report(
        client,
        reverse("assessments:response-report", args=[response.pk]),
        headers={"accept-language": language},
    )
    pdf = got.content
    save(pdf, f"report-result-second-year-{language}.pdf")
    text, pages = pdf_text(pdf)
    assert pages == 2
    # The change is summed up, not listed statement by statement.
    assert since["up"][0]["text"] in text
    assert since["up"][-1]["text"] not in text
