"""Consultants import answers from the admin: upload, dry run, confirm, progress."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments.bulk.imports import uploads
from assessments.bulk.imports.check import OrganisationMatch
from assessments.bulk.imports.read import ImportRejected
from assessments.jobs import embedded
from assessments.models import Job

MAX_UPLOAD_BYTES = 50 * 2**20
REFRESH_SECONDS = 1


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A JSON list of records, or a CSV with the template's columns."
        ),
    )
    match = forms.ChoiceField(
        label=gettext_lazy("Organisations named in the file"),
        choices=[
            (
                OrganisationMatch.STRICT.value,
                gettext_lazy(
                    "New names create organisations; a name that exists is refused"
                ),
            ),
            (
                OrganisationMatch.MATCH.value,
                gettext_lazy("A name adds to your client of exactly that name"),
            ),
            (
                OrganisationMatch.CREATE.value,
                gettext_lazy("Every name creates a new organisation"),
            ),
        ],
        initial=OrganisationMatch.STRICT.value,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".json", ".csv")):
            raise forms.ValidationError(_("Upload a .json or a .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


def _require_import(request) -> None:
    if not request.user.has_perm("assessments.view_organisation"):
        raise PermissionDenied


def import_page(request):
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                records = uploads.read_upload(upload.name, upload.read())
            except ImportRejected as error:
                form.add_error("file", str(error))
            else:
                job = uploads.import_upload_check(
                    user=request.user,
                    records=records,
                    match=form.cleaned_data["match"],
                    name=upload.name,
                )
                return redirect("admin-portfolio:import-job", job_id=job.pk)
        status = 400
    return render(
        request,
        "admin/assessments/import.html",
        {
            **admin.site.each_context(request),
            "title": _("Import answers"),
            "form": form,
        },
        status=status,
    )


def import_template(request):
    _require_import(request)
    response = HttpResponse(uploads.csv_template(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="lmm-import-template.csv"'
    return response


def _job(request, job_id) -> Job:
    _require_import(request)
    return get_object_or_404(Job, pk=job_id, owner=request.user, kind=Job.Kind.IMPORT)


def import_job(request, job_id):
    job = _job(request, job_id)
    if not job.finished:
        embedded.ensure_started()
    result = job.result or {}
    phase = job.payload.get("phase") or result.get("phase")
    written = (
        uploads.records_written(job) if phase == "write" and not job.finished else None
    )
    return render(
        request,
        "admin/assessments/import_job.html",
        {
            **admin.site.each_context(request),
            "title": _("Import answers"),
            "job": job,
            "phase": phase,
            "written": written,
            "result": result,
            "refresh_seconds": REFRESH_SECONDS,
            "can_confirm": job.status == Job.Status.DONE
            and result.get("phase") == "check"
            and not result.get("error"),
        },
    )


@require_POST
def import_confirm(request, job_id):
    check = _job(request, job_id)
    if not (check.status == Job.Status.DONE and check.result.get("phase") == "check"):
        return redirect("admin-portfolio:import-job", job_id=check.pk)
    if check.result.get("error"):
        return redirect("admin-portfolio:import-job", job_id=check.pk)
    job = uploads.import_upload_confirm(check=check)
    return redirect("admin-portfolio:import-job", job_id=job.pk)
