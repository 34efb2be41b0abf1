"""Events to the organisation's webhooks: a delivery row per webhook, sent by the
queue's workers (assessments.jobs), retried with doubling back-off on failure."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request

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
    request = urllib.request.Request(
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-LMM-Event": delivery.event,
            "X-LMM-Event-Id": event_id,
            "X-LMM-Timestamp": str(timestamp),
            "X-LMM-Signature": "sha256="
            + signing.signature(
                secret=hook.secret, event_id=event_id, timestamp=timestamp, body=body
            ),
        },
    )
    try:
        # Redirects are not followed: a public URL could redirect to a private one.
        with _opener().open(request, timeout=settings.WEBHOOK_TIMEOUT) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(response_status=exc.code)
        raise DeliveryFailed(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryFailed(str(exc)) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    return urllib.request.build_opener(_NoRedirect)
