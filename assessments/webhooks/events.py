"""What each event says. Called by the entry points after the change committed."""

from __future__ import annotations

from assessments.models import Response, Round, WebhookEvent
from assessments.webhooks.deliveries import event_emit


def response_submitted(*, response: Response) -> None:
    round_ = response.round
    event_emit(
        organisation_id=round_.organisation_id,
        event=WebhookEvent.RESPONSE_SUBMITTED,
        data={
            "response": response.pk,
            "round": round_.pk,
            "year": round_.year,
            "role": response.role,
        },
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


def round_closed(*, round_: Round) -> None:
    event_emit(
        organisation_id=round_.organisation_id,
        event=WebhookEvent.ROUND_CLOSED,
        data={"round": round_.pk, "year": round_.year},
    )
