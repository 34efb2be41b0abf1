"""Creating an organisation, with its creator as the first admin."""

from __future__ import annotations

from django.db import transaction

from assessments.models import (
    Membership,
    Organisation,
    Role,
)


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
