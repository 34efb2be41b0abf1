"""Organisations: creating one, its rounds by year, its members and invitations, and
the home page's card per organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Invitation,
    Membership,
    Organisation,
    Questionnaire,
    Response,
    Role,
    Round,
)
from assessments.questionnaire_data import questionnaire_current


def organisation_create(
    *,
    creator,
    name: str,
    industry: str = "",
    revenue_team_size: int | None = None,
    monthly_lead_volume: int | None = None,
    role: str = Role.LEADERSHIP,
) -> Organisation:
    """Create an organisation with its creator as its first admin."""
    organisation = Organisation(
        name=name,
        industry=industry,
        revenue_team_size=revenue_team_size,
        monthly_lead_volume=monthly_lead_volume,
    )
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        Membership.objects.create(
            organisation=organisation, user=creator, role=role, is_admin=True
        )
    return organisation


def round_get_or_create(
    *, organisation: Organisation, year: int, questionnaire: Questionnaire | None = None
) -> Round:
    """The organisation's round of a year; a new one uses the current questionnaire."""
    round_, _created = Round.objects.get_or_create(
        organisation=organisation,
        year=year,
        defaults={"questionnaire": questionnaire or questionnaire_current()},
    )
    return round_


def memberships_for_user(user) -> list[Membership]:
    """The user's organisations, each with its rounds."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class HomeCard:
    membership: Membership
    round: Round | None
    response: Response | None


def home_cards(*, user, memberships: list[Membership], year: int) -> list[HomeCard]:
    """Per organisation: this year's round and the user's own response, in two queries."""
    organisation_ids = [m.organisation_id for m in memberships]
    rounds = {
        r.organisation_id: r
        for r in Round.objects.filter(organisation_id__in=organisation_ids, year=year)
    }
    responses = {
        r.round_id: r
        for r in Response.objects.filter(
            respondent=user, round__in=list(rounds.values())
        )
    }
    cards = []
    for membership in memberships:
        round_ = rounds.get(membership.organisation_id)
        response = responses.get(round_.pk) if round_ else None
        cards.append(HomeCard(membership=membership, round=round_, response=response))
    return cards


def organisation_members(*, organisation_id: int) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("user__email")
    )


def organisation_pending_invitations(*, organisation_id: int) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            organisation_id=organisation_id,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")
    )
