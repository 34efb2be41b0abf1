"""Events to the organisation's webhooks: a delivery row per webhook, sent by the
queue's workers (assessments.jobs), retried with doubling back-off on failure."""

from __future__ import annotations

import http.client
import json
import secrets
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from assessments.jobs import queue
from assessments.models import (
    Job,
    Organisation,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)
from assessments.webhooks import addresses, signing

USER_AGENT = "LMM-Assessment-Webhooks/1"
MESSAGE_NOT_RECEIVING = _(
    "Not sent: the webhook is off or its consultant no longer advises this client."
)


class DeliveryFailed(Exception):
    pass


def webhook_create(
    *, organisation, created_by, url: str, events: list[str], consultant=None
) -> Webhook:
    """Register an endpoint; its signing secret is made here. `consultant` is the
    assigned consultant registering it for their client (None: the organisation's)."""
    addresses.check_url(url)
    webhook = Webhook(
        organisation=organisation,
        created_by=created_by,
        consultant=consultant,
        url=url,
        events=sorted(set(events)),
        secret=secrets.token_hex(32),
    )
    webhook.full_clean()
    with transaction.atomic():
        webhook.save()
    return webhook


def receiving() -> QuerySet[Webhook]:
    """Webhooks that may receive events now: active, and either the organisation's
    own or a consultant's who still advises that organisation (the same rule as
    organisations.access.organisations_for_staff: assigned, or a superuser)."""
    assigned = Organisation.consultants.through.objects.filter(
        organisation_id=OuterRef("organisation_id"), user_id=OuterRef("consultant_id")
    )
    still_advises = Q(consultant__is_active=True, consultant__is_staff=True) & (
        Q(consultant__is_superuser=True) | Exists(assigned)
    )
    return Webhook.objects.filter(is_active=True).filter(
        Q(consultant__isnull=True) | still_advises
    )


def event_emit(
    *, organisation_id: int, event: str, data: dict
) -> list[WebhookDelivery]:
    """Queue the event for every webhook of the organisation that may receive it and
    wants it; sent once the surrounding transaction commits."""
    hooks = [
        hook
        for hook in receiving().filter(organisation_id=organisation_id)
        if event in hook.events or event == WebhookEvent.TEST
    ]
    return [queue_one(hook, event, data) for hook in hooks]


def test_event_send(*, webhook: Webhook) -> WebhookDelivery:
    return queue_one(webhook, WebhookEvent.TEST, {"message": "It works."})


def queue_one(hook: Webhook, event: str, data: dict) -> WebhookDelivery:
    delivery = WebhookDelivery(webhook=hook, event=event, payload={})
    delivery.payload = {
        "id": str(delivery.event_id),
        "event": event,
        "organisation": hook.organisation_id,
        "created_at": timezone.now().isoformat(),
        "data": data,
    }
    delivery.save()
    transaction.on_commit(
        lambda: queue.job_submit(
            kind=Job.Kind.WEBHOOK,
            key=f"webhook:{delivery.pk}",
            task=deliver_webhook,
            payload={"delivery": delivery.pk},
            total=1,
        )
    )
    return delivery


@task()
def deliver_webhook(job_id: int) -> None:
    queue.job_run(job_id=job_id, task=deliver_webhook, work=_deliver)


def _deliver(job: Job) -> dict:
    delivery = WebhookDelivery.objects.select_related("webhook").get(
        pk=job.payload["delivery"]
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=job.attempts)
    if not receiving().filter(pk=delivery.webhook_id).exists():
        # Queued before its consultant was unassigned (or it was switched off):
        # nothing leaves, and retrying would not change that.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED, error=str(MESSAGE_NOT_RECEIVING)
        )
        return {"status": None}
    try:
        status = delivery_send(delivery)
    except (DeliveryFailed, ValidationError) as exc:
        final = job.attempts >= settings.JOB_MAX_ATTEMPTS
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            error=str(exc)[:2000],
            status=WebhookDelivery.Status.FAILED
            if final
            else WebhookDelivery.Status.PENDING,
        )
        raise
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.DELIVERED,
        response_status=status,
        delivered_at=timezone.now(),
        error="",
    )
    return {"status": status}


def delivery_send(delivery: WebhookDelivery) -> int:
    """POST the delivery, signed; its HTTP status, or DeliveryFailed."""
    hook = delivery.webhook
    addresses.check_url(hook.url)
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(timezone.now().timestamp())
    event_id = str(delivery.event_id)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-LMM-Event": delivery.event,
        "X-LMM-Event-Id": event_id,
        "X-LMM-Timestamp": str(timestamp),
        "X-LMM-Signature": "sha256="
        + signing.signature(
            secret=hook.secret, event_id=event_id, timestamp=timestamp, body=body
        ),
    }
    parts = urlsplit(hook.url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = _connection(parts)
    try:
        # http.client follows no redirect: a public URL could redirect to a
        # private one, so a 3xx is a failed delivery like any other non-2xx.
        connection.request("POST", path, body=body, headers=headers)
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException) as exc:
        raise DeliveryFailed(str(exc) or type(exc).__name__) from None
    finally:
        connection.close()
    if not 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(response_status=status)
        raise DeliveryFailed(f"HTTP {status}")
    return status


def tls_context() -> ssl.SSLContext:
    """The system's trusted authorities, hostname checked."""
    return ssl.create_default_context()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address `addresses.address_for` resolved and checked, never
    resolving the name again; the Host header still names the endpoint."""

    def connect(self):
        address = addresses.address_for(self.host, self.port)
        self.sock = socket.create_connection((address, self.port), self.timeout)
        addresses.check_connected(self.sock.getpeername()[0])


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def connect(self):
        super().connect()
        # SNI and certificate check against the name, not the pinned address.
        self.sock = tls_context().wrap_socket(self.sock, server_hostname=self.host)


def _connection(parts) -> http.client.HTTPConnection:
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    return kind(
        parts.hostname,
        parts.port or kind.default_port,
        timeout=settings.WEBHOOK_TIMEOUT,
    )
