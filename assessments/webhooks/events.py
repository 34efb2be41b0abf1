"""What each event says. Called by the entry points after the change committed."""

from __future__ import annotations

import datetime

from assessments.models import (
    Action,
    Response,
    Round,
    WebhookDelivery,
    WebhookEvent,
)
from assessments.webhooks.deliveries import event_emit, queue_one, receiving


def response_submitted(*, response: Response) -> None:
    round_ = response.round
    # One query when nobody listens: every submission comes through here.
    if not receiving().filter(organisation_id=round_.organisation_id).exists():
        return
    event_emit(
        organisation_id=round_.organisation_id,
        event=WebhookEvent.RESPONSE_SUBMITTED,
        data=_submitted_data(response=response, round_=round_),
    )
    previous = (
        Round.objects.filter(
            organisation_id=round_.organisation_id,
            year__lt=round_.year,
            responses__status=Response.Status.SUBMITTED,
        )
        .order_by("-year")
        .values_list("pk", "year")
        .first()
    )
    if previous is not None:
        event_emit(
            organisation_id=round_.organisation_id,
            event=WebhookEvent.CHANGE_AVAILABLE,
            data={
                "round": round_.pk,
                "year": round_.year,
                "previous_round": previous[0],
                "previous_year": previous[1],
            },
        )


def _submitted_data(*, response: Response, round_: Round) -> dict:
    data = {"round": round_.pk, "year": round_.year}
    # In an anonymous round the response's id and its role, with the moment of the
    # delivery, would point to one person: the event says only that the round moved.
    if round_.is_anonymous:
        return data
    return {"response": response.pk, **data, "role": response.role}


def responses_submitted(*, response_ids: list[int], chunk: int = 500) -> None:
    """The events of responses submitted in bulk (imports), one by one as on the
    pages; only the responses of organisations with a webhook that listens are read."""
    wanted = {WebhookEvent.RESPONSE_SUBMITTED, WebhookEvent.CHANGE_AVAILABLE}
    organisations = {
        hook.organisation_id for hook in receiving() if wanted & set(hook.events)
    }
    if not organisations or not response_ids:
        return
    for start in range(0, len(response_ids), chunk):
        rows = Response.objects.filter(
            pk__in=response_ids[start : start + chunk],
            round__organisation_id__in=organisations,
        ).select_related("round")
        for response in rows.order_by("pk"):
            response_submitted(response=response)


def round_closed(*, round_: Round) -> None:
    event_emit(
        organisation_id=round_.organisation_id,
        event=WebhookEvent.ROUND_CLOSED,
        data={"round": round_.pk, "year": round_.year},
    )


def actions_overdue(*, today: datetime.date) -> int:
    """Tell each webhook that wants it about every action that became overdue, once
    per action; run daily by `send_reminders`. Returns how many events were queued."""
    hooks = [hook for hook in receiving() if WebhookEvent.ACTION_OVERDUE in hook.events]
    queued = 0
    for hook in hooks:
        told = set(
            WebhookDelivery.objects.filter(
                webhook=hook, event=WebhookEvent.ACTION_OVERDUE
            ).values_list("payload__data__action", flat=True)
        )
        overdue = Action.objects.filter(
            organisation_id=hook.organisation_id,
            status__in=(Action.Status.OPEN, Action.Status.IN_PROGRESS),
            due_date__lt=today,
        ).exclude(pk__in=told)
        for action in overdue:
            queue_one(
                hook,
                WebhookEvent.ACTION_OVERDUE,
                {
                    "action": action.pk,
                    "title": action.title,
                    "due_date": action.due_date.isoformat(),
                    "status": action.status,
                },
            )
            queued += 1
    return queued
