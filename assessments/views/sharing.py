import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import converters
from assessments.audit import events as audit_events
from assessments.models import ShareLink
from assessments.organisations import access
from assessments.reports import pdf as reports_pdf
from assessments.reports import tasks as report_tasks
from assessments.sharing import links
from assessments.views.reports import report_page


def _page(request, organisation_id, *, new_url="", status=200, error=""):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    response = render(
        request,
        "assessments/sharing/share_links.html",
        {
            "organisation": membership.organisation,
            "links": links.share_links_for(
                user=request.user, organisation_id=organisation_id
            ),
            "new_url": new_url,
            "error": error,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def share_link_list(request, organisation_id):
    return _page(request, organisation_id)


@login_required
@require_POST
def share_link_create(request):
    kind = request.POST.get("kind", "")
    target = converters.parse_number(request.POST.get("target", ""))
    days = converters.parse_number(request.POST.get("days", ""), digits=3)
    if kind not in ShareLink.Kind.values or target is None:
        raise Http404("No such report.")
    organisation, _round, _response = links.share_target(
        user=request.user, kind=kind, target_id=target
    )
    try:
        link, secret = links.share_link_create(
            user=request.user, kind=kind, target_id=target, days=days or 0
        )
    except ValidationError as error:
        return _page(request, organisation.pk, status=400, error=error.messages[0])
    url = request.build_absolute_uri(reverse("share-open", args=[secret]))
    return _page(request, link.organisation_id, new_url=url)


@login_required
@require_POST
def share_link_revoke(request, organisation_id, link_id):
    if links.share_link_revoke(
        user=request.user, organisation_id=organisation_id, link_id=link_id
    ):
        messages.success(request, _("The link is revoked: it opens nothing now."))
    return redirect("assessments:share-links", organisation_id)


def share_link_open(request, token):
    """The shared report, as a PDF, for anyone holding the link: no account, no
    navigation, kept out of search engines and caches."""
    link = links.share_link_open(token)
    # Rendered as its creator sees it, through the pages' own access rules.
    as_creator = copy.copy(request)
    as_creator.user = link.created_by
    if not access.membership_get_for_user(
        user=link.created_by, organisation_id=link.organisation_id
    ).is_admin:
        raise Http404("No such link.")
    html, filename = report_page(as_creator, link.kind, links.link_target_id(link))
    pdf = reports_pdf.pdf_stored(reports_pdf.report_key(html)[1])
    if pdf is None:
        # Drawing takes seconds: a worker draws it (once, however often the page
        # reloads) while this page waits for it.
        report_tasks.report_submit(
            html=html,
            base_url=request.build_absolute_uri("/"),
            filename=filename,
            source=request.path,
            owner=link.created_by,
        )
        response = render(
            request, "assessments/sharing/share_preparing.html", status=202
        )
        response["Retry-After"] = "3"
    else:
        # Recorded when the report is handed over, not for each reload of the
        # waiting page.
        audit_events.share_link_opened(request=request, link=link)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
