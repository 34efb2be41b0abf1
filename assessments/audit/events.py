"""The audit trail's explicit events: log-ins, failed log-ins and log-outs, exports,
consultants reading a client's pages, API token use and share-link opens. Model
changes are django-auditlog's."""

from __future__ import annotations

import ipaddress

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone

from assessments.accounts import sso
from assessments.accounts.throttling import axes_username, client_ip
from assessments.models import AuditEvent, Membership, Response, Round

Kind = AuditEvent.Kind
SSO_BACKEND = "assessments.accounts.sso.SSOBackend"

# Pages whose successful answer is a download of an organisation's data.
EXPORTS = {
    "assessments:round-report",
    "assessments:history-report",
    "assessments:response-report",
    "assessments:my-data-download",
    "admin-portfolio:csv",
}
# Pages of one organisation that a consultant (staff, not a member) may read.
CLIENT_PAGES = {
    "assessments:round-detail",
    "assessments:organisation-history",
    "assessments:response-result",
    "admin-portfolio:client",
}


def event_record(
    *, kind: str, request=None, actor=None, organisation_id=None, target: str = ""
) -> AuditEvent:
    """Store one event; the actor and address come from `request` unless given."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        organisation_id=organisation_id,
        target=target[:200],
        ip_address=(client_ip(request) or None) if request is not None else None,
    )


def _organisation_of(kwargs: dict) -> int | None:
    if "organisation_id" in kwargs:
        return kwargs["organisation_id"]
    if "round_id" in kwargs:
        rows = Round.objects.filter(pk=kwargs["round_id"])
        return rows.values_list("organisation_id", flat=True).first()
    if "response_id" in kwargs:
        rows = Response.objects.filter(pk=kwargs["response_id"])
        return rows.values_list("round__organisation_id", flat=True).first()
    return None


def _event_for(request) -> tuple[str, int | None] | None:
    match = request.resolver_match
    if match is None:
        return None
    if match.view_name in EXPORTS:
        return Kind.EXPORT, _organisation_of(match.kwargs)
    if match.view_name in CLIENT_PAGES and request.user.is_staff:
        organisation_id = _organisation_of(match.kwargs)
        is_member = Membership.objects.filter(
            organisation_id=organisation_id, user=request.user
        ).exists()
        if organisation_id is not None and not is_member:
            return Kind.CONSULTANT_VIEW, organisation_id
    return None


# An API client makes many requests a minute: one event per token, organisation and
# clock hour tells who read what without flooding the trail.
API_TOKEN_WINDOW_SECONDS = 3600


def api_token_used(*, request, token, organisation_id: int | None) -> bool:
    """Record that `token` read or changed the organisation's data through the API,
    at most once per token, organisation and hour; True if this call recorded it.

    The once-an-hour mark is kept in the cache, so with a cache per process (the
    development default) each process records its own first use of the hour."""
    hour = int(timezone.now().timestamp()) // API_TOKEN_WINDOW_SECONDS
    key = f"audit:api-token:{token.pk}:{organisation_id}:{hour}"
    if not cache.add(key, 1, API_TOKEN_WINDOW_SECONDS):
        return False
    event_record(
        kind=Kind.API_TOKEN_USE,
        request=request,
        actor=token.user,
        organisation_id=organisation_id,
        target=f"{token.name} ({token.prefix}…): {request.method} {request.path}",
    )
    return True


def share_link_opened(*, request, link) -> AuditEvent:
    """Record an open of a share link. Whoever opens it has no account here and
    cannot ask for their data, so only their network is kept (ip_network_of)."""
    return AuditEvent.objects.create(
        kind=Kind.SHARE_LINK_OPEN,
        actor=None,
        organisation_id=link.organisation_id,
        target=f"{link.get_kind_display()}, made by {_who(link.created_by)}"[:200],
        ip_address=ip_network_of(client_ip(request)),
    )


def _who(user) -> str:
    return user.email if user is not None else "–"


def ip_network_of(address: str) -> str | None:
    """The address with its host part zeroed: /24 of IPv4, /48 of IPv6."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


class AuditMiddleware:
    """Records an export or a consultant's view once the page was served, and API
    token use once the API answered (a refused or failed request leaves no event)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "lmm_api_token", None)
        if token is not None and response.status_code < 400:
            match = request.resolver_match
            api_token_used(
                request=request,
                token=token,
                organisation_id=_organisation_of(match.kwargs) if match else None,
            )
            return response
        if response.status_code == 200 and request.user.is_authenticated:
            event = _event_for(request)
            if event is not None:
                kind, organisation_id = event
                event_record(
                    kind=kind,
                    request=request,
                    organisation_id=organisation_id,
                    target=request.path,
                )
        return response


@receiver(user_logged_in, dispatch_uid="lmm-audit-log-in")
def _logged_in(sender, request, user, **kwargs) -> None:
    by_sso = getattr(user, "backend", "") == SSO_BACKEND
    kind = Kind.SSO_LOG_IN if by_sso else Kind.LOG_IN
    event_record(kind=kind, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="lmm-audit-log-out")
def _logged_out(sender, request, user, **kwargs) -> None:
    # A deleted account is logged out too; its deletion is the event then.
    if user is not None and user.pk is not None:
        event_record(kind=Kind.LOG_OUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="lmm-audit-log-in-failed")
def _log_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The single sign-on callback authenticates with the nonce it sent, no name.
    if "nonce" in credentials:
        failure = getattr(request, sso.FAILURE_ATTRIBUTE, None)
        target = f"{failure.reason} {failure.email}".strip() if failure else ""
        event_record(kind=Kind.SSO_LOG_IN_FAILED, request=request, target=target)
        return
    event_record(
        kind=Kind.LOG_IN_FAILED,
        request=request,
        target=axes_username(request, credentials) if request is not None else "",
    )
