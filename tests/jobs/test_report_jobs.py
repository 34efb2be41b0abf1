"""An uncached PDF is drawn by a worker while a page follows it; never in the request."""

import pytest
from django.core.cache import caches
from django.urls import resolve, reverse

from assessments.models import Job
from assessments.reports import pdf as reports_pdf
from tests.factories import make_membership, make_response, make_round
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch):
    pages = []

    def draw(html, **kwargs):
        pages.append(html)
        return b"%PDF-1.7 drawn"

    monkeypatch.setattr(reports_pdf, "render_pdf", draw)
    return pages


@pytest.fixture
def member_with_result():
    member = make_membership(is_admin=True)
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    return member, reverse("assessments:response-report", args=[response.pk])


def test_the_request_queues_the_pdf_and_the_page_follows_it_then_hands_it_over(
    client, drawn, member_with_result
):
    member, url = member_with_result
    client.force_login(member.user)
    got = client.get(url)
    assert got.status_code == 302
    assert resolve(got.url).url_name == "job-detail"
    assert drawn == []  # nothing drawn in the request
    waiting = client.get(got.url).content.decode()
    assert 'data-status="queued"' in waiting
    # Without JavaScript the page reloads itself until the PDF is there.
    assert '<meta http-equiv="refresh" content="1">' in waiting
    run_jobs()
    job = Job.objects.get()
    ready = client.get(got.url).content.decode()
    download_url = reverse("assessments:job-download", args=[job.pk])
    assert f'<meta http-equiv="refresh" content="0; url={download_url}">' in ready
    assert f'href="{download_url}"' in ready
    pdf = client.get(download_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == b"%PDF-1.7 drawn"
    assert pdf["Content-Disposition"].endswith('-lmm.pdf"')
    # Drawn once: the next request hands it over at once.
    again = client.get(url)
    assert again.status_code == 200
    assert again.content == b"%PDF-1.7 drawn"
    assert len(drawn) == 1


def test_concurrent_requests_for_the_same_pdf_draw_it_once(
    client, drawn, member_with_result
):
    member, url = member_with_result
    client.force_login(member.user)
    first = client.get(url)
    second = client.get(url)
    assert first.url == second.url
    run_jobs()
    assert len(drawn) == 1
    assert Job.objects.count() == 1


def test_a_pdf_dropped_from_the_store_is_drawn_again_from_its_page(
    client, drawn, member_with_result
):
    member, url = member_with_result
    client.force_login(member.user)
    job_page = client.get(url).url
    run_jobs()
    job = Job.objects.get()
    caches["charts"].clear()
    caches["charts-local"].clear()
    got = client.get(reverse("assessments:job-download", args=[job.pk]))
    assert got.status_code == 302 and got.url == url
    assert client.get(url).url == job_page
    assert Job.objects.get().status == Job.Status.QUEUED
    run_jobs()
    assert len(drawn) == 2


def test_a_failing_drawing_shows_the_failure_after_its_tries(
    client, member_with_result, monkeypatch, settings
):
    settings.JOB_MAX_ATTEMPTS = 2
    settings.JOB_RETRY_BACKOFF = 0

    def broken(html, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(reports_pdf, "render_pdf", broken)
    member, url = member_with_result
    client.force_login(member.user)
    job_page = client.get(url).url
    run_jobs()
    page = client.get(job_page).content.decode()
    assert 'data-status="failed"' in page
    assert "http-equiv" not in page
    job = Job.objects.get()
    assert job.attempts == 2
    assert (
        client.get(reverse("assessments:job-download", args=[job.pk])).status_code
        == 404
    )


def test_nobody_else_sees_a_persons_job(client, drawn, member_with_result):
    member, url = member_with_result
    client.force_login(member.user)
    job_page = client.get(url).url
    run_jobs()
    job = Job.objects.get()
    colleague = make_membership(organisation=member.organisation)
    client.force_login(colleague.user)
    assert client.get(job_page).status_code == 404
    download = reverse("assessments:job-download", args=[job.pk])
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).url.startswith(reverse("login"))
