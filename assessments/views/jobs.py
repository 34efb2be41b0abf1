"""The page that follows a background job, and what it made."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from assessments.jobs import embedded
from assessments.models import Job
from assessments.reports import pdf as reports_pdf
from assessments.views.reports import download

# Seconds between the progress page's reloads while the job runs.
REFRESH_SECONDS = 1


@login_required
def job_detail(request, job_id):
    job = get_object_or_404(Job, pk=job_id, owner=request.user)
    # The process that queued the job may have restarted since.
    if not job.finished:
        embedded.ensure_started()
    return render(
        request,
        "assessments/jobs/job_detail.html",
        {
            "job": job,
            "refresh_seconds": REFRESH_SECONDS,
            "is_report": job.kind == Job.Kind.REPORT,
        },
    )


@login_required
def job_download(request, job_id):
    job = get_object_or_404(
        Job, pk=job_id, owner=request.user, kind=Job.Kind.REPORT, status=Job.Status.DONE
    )
    pdf = reports_pdf.pdf_stored(job.result["key"])
    if pdf is None:
        # Dropped from the store since: asking its page again draws it again.
        return redirect(job.result["source"])
    return download(pdf, "pdf", job.result["filename"])
