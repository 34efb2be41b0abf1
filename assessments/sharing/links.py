"""Share links: an organisation's admin makes a read-only link to one report; anyone
holding it opens that report as a PDF until it expires or is revoked.

A link opens the report as its creator sees it, through the pages' own access rules:
once the creator is no longer an admin of the organisation, the link opens nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Membership, Response, ShareLink
from assessments.organisations import access

MAX_DAYS = 90
MESSAGE_BAD_EXPIRY = _("Choose an expiry between 1 and %(days)s days.")
MESSAGE_NOT_SUBMITTED = _("Only a submitted result can be shared.")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _admin_of(*, user, organisation_id: int) -> bool:
    return Membership.objects.filter(
        organisation_id=organisation_id, user=user, is_admin=True
    ).exists()


def share_target(*, user, kind: str, target_id: int):
    """The organisation and the round or response a user may share, or 404: admins
    of the organisation only, through the pages' selectors."""
    round_ = response = None
    if kind == ShareLink.Kind.ROUND:
        round_ = access.round_get_for_user(user=user, round_id=target_id)
        organisation = round_.organisation
    elif kind == ShareLink.Kind.RESPONSE:
        response = access.response_get_for_user(user=user, response_id=target_id)
        organisation = response.round.organisation
    elif kind == ShareLink.Kind.HISTORY:
        organisation = access.membership_get_for_user(
            user=user, organisation_id=target_id
        ).organisation
    else:
        raise Http404("No such report.")
    if not _admin_of(user=user, organisation_id=organisation.pk):
        raise Http404("No such report.")
    return organisation, round_, response


def may_share_response(response: Response) -> bool:
    """Whether one person's result may be shared at all. The place where anonymous
    rounds (issue 21) refuse individual results."""
    return response.is_submitted


def share_link_create(
    *, user, kind: str, target_id: int, days: int
) -> tuple[ShareLink, str]:
    """Make a link; returns it and its secret, which is not stored."""
    organisation, round_, response = share_target(
        user=user, kind=kind, target_id=target_id
    )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(MESSAGE_BAD_EXPIRY % {"days": MAX_DAYS}, code="expiry")
    if response is not None and not may_share_response(response):
        raise ValidationError(MESSAGE_NOT_SUBMITTED, code="not_shareable")
    secret = secrets.token_urlsafe(32)
    link = ShareLink(
        organisation=organisation,
        kind=kind,
        round=round_,
        response=response,
        key_hash=_hash(secret),
        created_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    link.full_clean()
    with transaction.atomic():
        link.save()
    return link, secret


def share_links_for(*, user, organisation_id: int):
    """The organisation's links, for its admins; 404 for anyone else."""
    access.membership_get_for_user(
        user=user, organisation_id=organisation_id, admin=True
    )
    return ShareLink.objects.filter(organisation_id=organisation_id).select_related(
        "created_by", "round", "response__respondent"
    )


def share_link_revoke(*, user, organisation_id: int, link_id: int) -> bool:
    links = share_links_for(user=user, organisation_id=organisation_id)
    return bool(
        links.filter(pk=link_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def share_link_open(secret: str) -> ShareLink:
    """The live link a secret belongs to, noting that it was opened; 404 otherwise.

    The audit trail records an open when the report is handed over
    (views.sharing.share_link_open).
    """
    now = timezone.now()
    link = (
        ShareLink.objects.select_related("created_by", "organisation")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if link is None:
        raise Http404("No such link.")
    ShareLink.objects.filter(pk=link.pk).update(
        last_opened_at=now, open_count=F("open_count") + 1
    )
    return link


def link_target_id(link: ShareLink) -> int:
    if link.kind == ShareLink.Kind.ROUND:
        return link.round_id
    if link.kind == ShareLink.Kind.RESPONSE:
        return link.response_id
    return link.organisation_id
