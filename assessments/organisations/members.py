"""An organisation's members: who they are, their roles and admin flags, and the
invitations still open; the last admin stays admin."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    Invitation,
    Membership,
    Role,
)

MESSAGE_LAST_ADMIN = _(
    "An organisation needs at least one admin: make someone else admin first."
)


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, is_admin=True
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def membership_update(
    *, membership: Membership, role: str, is_admin: bool
) -> Membership:
    """Change a member's role or admin flag; the last admin stays admin."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="bad_role")
    with transaction.atomic():
        # Lock the organisation's members so two admins cannot demote each other at once.
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id
            )
        )
        if membership.is_admin and not is_admin and not _other_admins(membership):
            raise ValidationError(MESSAGE_LAST_ADMIN, code="last_admin")
        membership.role = role
        membership.is_admin = is_admin
        membership.save(update_fields=["role", "is_admin"])
    return membership


def membership_remove(*, membership: Membership) -> None:
    """Remove a member; their submitted answers stay part of past rounds."""
    with transaction.atomic():
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id
            )
        )
        if membership.is_admin and not _other_admins(membership):
            raise ValidationError(MESSAGE_LAST_ADMIN, code="last_admin")
        membership.delete()


def memberships_for_user(user) -> list[Membership]:
    """The user's organisations, each with its rounds."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


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


def organisation_used_invitations(*, organisation_id: int) -> list[Invitation]:
    """Accepted invitations, newest first: who joined through which link."""
    return list(
        Invitation.objects.filter(
            organisation_id=organisation_id, used_at__isnull=False
        )
        .select_related("used_by")
        .order_by("-used_at")
    )
