"""Invitations: single-use links, valid for 14 days, to join an organisation in a
role."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assessments.accounts.confirmation import is_confirmed
from assessments.accounts.languages import user_language
from assessments.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
)

INVITATION_LIFETIME = timedelta(days=14)


MESSAGE_INVITATION_USED = _(
    "This invitation has already been used. Ask your colleague for a new link."
)


MESSAGE_INVITATION_EXPIRED = _(
    "This invitation has expired. Invitations are valid for 14 days; ask for a new link."
)


MESSAGE_ALREADY_MEMBER = _("You are already a member of this organisation.")


MESSAGE_UNCONFIRMED = _(
    "Confirm your email address first: follow the link we sent when you signed up."
)


MESSAGE_OTHER_ADDRESS = _(
    "This invitation is for another email address. Log in with the account of "
    "that address to accept it."
)


def invitation_create(
    *, organisation: Organisation, created_by, role: str, email: str = ""
) -> Invitation:
    """A single-use link to join the organisation, valid for 14 days; with `email`,
    only the account of that address may use it."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="bad_role")
    return Invitation.objects.create(
        organisation=organisation,
        token=secrets.token_urlsafe(32),
        role=role,
        email=email.strip().lower(),
        created_by=created_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )


def invitation_check(invitation: Invitation) -> None:
    """Raise ValidationError when the link is used or expired."""
    if invitation.used_at is not None:
        raise ValidationError(MESSAGE_INVITATION_USED, code="invitation_used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(MESSAGE_INVITATION_EXPIRED, code="invitation_expired")


def invitation_accept(*, token: str, user) -> Membership:
    """Use the link: the user joins with the invited role; the link is spent.

    Only an account with a confirmed address joins, and an invitation made for an
    address only by the account of that address."""
    if not is_confirmed(user):
        raise ValidationError(MESSAGE_UNCONFIRMED, code="email_unconfirmed")
    try:
        return _invitation_accept(token=token, user=user)
    except IntegrityError:
        # The same person accepted two links at once; the other request won.
        raise ValidationError(MESSAGE_ALREADY_MEMBER, code="already_member") from None


def _invitation_accept(*, token: str, user) -> Membership:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .get(token=token)
        )
        invitation_check(invitation)
        if invitation.email and invitation.email != user.email.strip().lower():
            raise ValidationError(MESSAGE_OTHER_ADDRESS, code="other_address")
        if Membership.objects.filter(
            organisation=invitation.organisation, user=user
        ).exists():
            raise ValidationError(MESSAGE_ALREADY_MEMBER, code="already_member")
        membership = Membership.objects.create(
            organisation=invitation.organisation, user=user, role=invitation.role
        )
        invitation.used_at = timezone.now()
        invitation.used_by = user
        invitation.save(update_fields=["used_at", "used_by"])
    return membership


def invitation_get(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token=token).first()


def invitation_email_send(
    *,
    invitation: Invitation,
    user,
    base_url: str,
    template: str = "registration/invitation_email.txt",
) -> None:
    """Email an invitation made for an address to the account of that address (in
    `user`'s language)."""
    context = {
        "organisation": invitation.organisation.name,
        "inviter": invitation.created_by.email if invitation.created_by else "",
        "url": base_url.rstrip("/")
        + reverse("assessments:invitation-accept", args=[invitation.token]),
        "days": INVITATION_LIFETIME.days,
    }
    with translation.override(user_language(user)):
        subject = render_to_string("registration/invitation_subject.txt", context)
        message = render_to_string(template, context)
    send_mail(
        subject=subject.strip().replace("\n", " "),
        message=message,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


# The invitation a visitor opened, kept in their session until it is accepted, so
# that signing up or logging in by any route leads back to it.
PENDING_SESSION_KEY = "pending_invitation"


def invitation_remember(session, invitation: Invitation) -> None:
    session[PENDING_SESSION_KEY] = invitation.token


def invitation_pending(session) -> Invitation | None:
    """The still usable invitation remembered in the session; a spent one is forgotten."""
    token = session.get(PENDING_SESSION_KEY)
    if not token:
        return None
    invitation = invitation_get(token)
    try:
        if invitation is None:
            raise ValidationError("gone")
        invitation_check(invitation)
    except ValidationError:
        session.pop(PENDING_SESSION_KEY, None)
        return None
    return invitation


def invitation_forget(session) -> None:
    session.pop(PENDING_SESSION_KEY, None)


def invitation_renew(*, invitation: Invitation) -> Invitation:
    """Another 14 days for an unused invitation, as when it is sent again."""
    if invitation.used_at is not None:
        raise ValidationError(MESSAGE_INVITATION_USED, code="invitation_used")
    invitation.expires_at = timezone.now() + INVITATION_LIFETIME
    invitation.save(update_fields=["expires_at"])
    return invitation


def invitation_withdraw(*, invitation: Invitation) -> None:
    """Withdraw an unused invitation: its link stops working."""
    if invitation.used_at is not None:
        raise ValidationError(MESSAGE_INVITATION_USED, code="invitation_used")
    invitation.delete()
