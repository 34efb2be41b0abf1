"""Downloads of a page's report: the PDF and the chart (SVG, PNG).

Each goes through the same selector as its page, so exactly the people who may see
the page may download it.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from assessments.history import timeline
from assessments.organisations import access
from assessments.reports import downloads
from assessments.reports import pdf as reports_pdf
from assessments.reports import tasks as report_tasks
from assessments.views.history import history_context
from assessments.views.results import result_context
from assessments.views.teams import round_context

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
    "png": "image/png",
}


def _response(request, response_id):
    response = access.response_get_for_user(user=request.user, response_id=response_id)
    if not response.is_submitted:
        raise Http404("Not submitted yet.")
    context = result_context(request, response)
    name = response.round.organisation.name
    return (
        context,
        "assessments/results/response_result.html",
        name,
        str(response.round.year),
        "",
    )


def _round(request, round_id):
    round_, membership = access.round_get_for_reader(
        user=request.user, round_id=round_id
    )
    context = round_context(request, round_, membership)
    return (
        context,
        "assessments/teams/round_detail.html",
        round_.organisation.name,
        str(round_.year),
        "team",
    )


def _history(request, organisation_id):
    viewer = timeline.viewer_for(user=request.user, organisation_id=organisation_id)
    context = history_context(request, viewer)
    years = sorted({row["year"] for row in context["rows"]})
    span = f"{years[0]}-{years[-1]}" if years else ""
    return (
        context,
        "assessments/history/organisation_history.html",
        viewer.organisation.name,
        span,
        "history",
    )


PAGES = {"response": _response, "round": _round, "history": _history}


def download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A report holds a client's results: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def report_page(request, kind: str, pk: int) -> tuple[str, str]:
    """The HTML of a page's report as `request.user` may see it, and its PDF's
    file name."""
    context, template, name, years, what = PAGES[kind](request, pk)
    # One chart is enough on paper; two would repeat its element ids.
    context = {**context, "is_report": True, "chart_compact": None}
    html = render_to_string(template, context, request)
    return html, downloads.file_name(name, years, "pdf", what=what)


def _report(kind):
    @login_required
    def view(request, **ids):
        (pk,) = ids.values()
        html, filename = report_page(request, kind, pk)
        pdf = reports_pdf.pdf_stored(reports_pdf.report_key(html)[1])
        if pdf is not None:
            return download(pdf, "pdf", filename)
        # Drawing takes seconds: a worker does it while a page shows how far it got.
        job = report_tasks.report_submit(
            html=html,
            base_url=request.build_absolute_uri("/"),
            filename=filename,
            source=request.path,
            owner=request.user,
        )
        return redirect("assessments:job-detail", job_id=job.pk)

    view.__name__ = f"{kind}_report"
    return view


def _chart(kind):
    @login_required
    def view(request, fmt, **ids):
        (pk,) = ids.values()
        if fmt not in ("svg", "png", downloads.COMPACT_FORMAT):
            raise Http404("Unknown format.")
        context, _template, name, years, what = PAGES[kind](request, pk)
        chart = context["chart_spec"]
        if chart is None:
            raise Http404("This page has no chart yet.")
        if fmt == downloads.COMPACT_FORMAT:
            return _compact(request, chart)
        content = chart.svg_file() if fmt == "svg" else chart.png_file()
        return download(content, fmt, downloads.file_name(name, years, fmt, what=what))

    view.__name__ = f"{kind}_chart"
    return view


def _compact(request, chart) -> HttpResponse:
    """The compact chart that a page shows phones as an image."""
    response = HttpResponse(chart.compact_svg_file(), content_type=CONTENT_TYPES["svg"])
    # The page's URL carries the chart's version: while it matches, the browser may
    # keep the image (privately: it holds a client's results).
    fresh = request.GET.get("v") == chart.compact_version()
    response["Cache-Control"] = (
        "private, max-age=604800, immutable" if fresh else "private, no-cache"
    )
    return response


def report_footer(request):
    """The printed footer's stylesheet (see `reports.footer_css`); it shows only
    what its own URL says."""
    css = reports_pdf.footer_css(request.GET.get("text", ""))
    return HttpResponse(css, content_type="text/css; charset=utf-8")


response_report = _report("response")
round_report = _report("round")
history_report = _report("history")
response_chart = _chart("response")
round_chart = _chart("round")
history_chart = _chart("history")
