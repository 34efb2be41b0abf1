"""Existing accounts an import leaves out are invited instead: each gets an
invitation bound to its own address, so it joins only by accepting it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from assessments.bulk.imports.plan import ImportPlan, JoiningAccount
from assessments.models import Organisation
from assessments.organisations import invitations


@dataclass(frozen=True)
class JoiningInvited:
    sent: int
    # Accounts whose organisation the import did not create (all its records left out).
    skipped: tuple[JoiningAccount, ...]


def joining_accounts_invite(
    *, plan: ImportPlan, created_organisations: dict[str, int], base_url: str
) -> JoiningInvited:
    """Email every account the plan left out an invitation to its record's organisation."""
    users = {
        user.email_lower: user
        for user in get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in={account.email for account in plan.joining})
    }
    sent, skipped = 0, []
    for account in plan.joining:
        kind, key = account.target
        organisation_id = key if kind == "id" else created_organisations.get(key)
        user = users.get(account.email)
        if organisation_id is None or user is None:
            skipped.append(account)
            continue
        invitation = invitations.invitation_create(
            organisation=Organisation.objects.get(pk=organisation_id),
            created_by=None,
            role=account.role,
            email=account.email,
        )
        invitations.invitation_email_send(
            invitation=invitation, user=user, base_url=base_url
        )
        sent += 1
    return JoiningInvited(sent=sent, skipped=tuple(skipped))
