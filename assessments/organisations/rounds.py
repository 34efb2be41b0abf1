"""An organisation's rounds, one per year: opened with the current questionnaire,
closed by an admin, reopened while no later round exists, and who has answered."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Membership,
    Organisation,
    Questionnaire,
    Response,
    Round,
)
from assessments.questionnaire.data import (
    questionnaire_current,
)
from assessments.webhooks import events as webhook_events


def round_close(*, round: Round) -> Round:
    """Close the round: it takes no more answers. Its webhooks hear of it once the
    change commits, whoever closed it (the page or the admin)."""
    with transaction.atomic():
        round.is_closed = True
        round.closed_at = timezone.now()
        round.save(update_fields=["is_closed", "closed_at"])
        webhook_events.round_closed(round_=round)
    return round


def round_status(*, round: Round) -> list[tuple[Membership, str]]:
    """Every member with where they are: not started, in progress, or submitted."""
    statuses = dict(
        Response.objects.filter(round=round).values_list("respondent_id", "status")
    )
    members = Membership.objects.filter(organisation_id=round.organisation_id)
    return [
        (membership, statuses.get(membership.user_id, ""))
        for membership in members.select_related("user")
        .only("role", "is_admin", "organisation_id", "user__email")
        .order_by("user__email")
    ]


def status_counts(statuses: list[tuple[Membership, str]]) -> dict[str, int]:
    """How many members have submitted, are in progress, have not started: all an
    anonymous round tells about who answered."""
    states = [state for _member, state in statuses]
    return {
        "submitted": states.count(Response.Status.SUBMITTED),
        "draft": states.count(Response.Status.DRAFT),
        "not_started": states.count(""),
        "members": len(states),
    }


MESSAGE_LATER_ROUND = _(
    "A later round exists for this organisation, so this one can no longer be reopened."
)


def round_has_later(*, round: Round) -> bool:
    """True when the organisation has a round of a later year."""
    return Round.objects.filter(
        organisation_id=round.organisation_id, year__gt=round.year
    ).exists()


def round_reopen(*, round: Round) -> Round:
    """Reopen a closed round so members can answer again, while no later round exists
    (a later round's comparison with this one must not shift under it)."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if round_has_later(round=locked):
            raise ValidationError(MESSAGE_LATER_ROUND, code="later_round")
        locked.is_closed = False
        locked.closed_at = None
        locked.save(update_fields=["is_closed", "closed_at"])
    round.is_closed, round.closed_at = False, None
    return round


def round_get_or_create(
    *, organisation: Organisation, year: int, questionnaire: Questionnaire | None = None
) -> Round:
    """The organisation's round of a year; a new one uses the current questionnaire."""
    round_, _created = Round.objects.get_or_create(
        organisation=organisation,
        year=year,
        defaults={
            "questionnaire": questionnaire or questionnaire_current(),
            # Chosen by the organisation before the round opens, fixed from then on.
            "is_anonymous": organisation.anonymous_rounds,
        },
    )
    return round_
