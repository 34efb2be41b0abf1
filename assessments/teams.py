"""Teams: members, invitations, closing a round, and the round's combined result."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import answer_scoring, scoring
from assessments import numbers as numbers_service
from assessments.funnel import Numbers
from assessments.models import (
    Answer,
    Invitation,
    Membership,
    Organisation,
    Response,
    Role,
    Round,
)
from assessments.questionnaire_data import QuestionnaireData, questionnaire_data

INVITATION_LIFETIME = timedelta(days=14)
MESSAGE_LAST_ADMIN = _(
    "An organisation needs at least one admin: make someone else admin first."
)
MESSAGE_INVITATION_USED = _(
    "This invitation has already been used. Ask your colleague for a new link."
)
MESSAGE_INVITATION_EXPIRED = _(
    "This invitation has expired. Invitations are valid for 14 days; ask for a new link."
)
MESSAGE_ALREADY_MEMBER = _("You are already a member of this organisation.")


def invitation_create(
    *, organisation: Organisation, created_by, role: str
) -> Invitation:
    """A single-use link to join the organisation, valid for 14 days."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="bad_role")
    return Invitation.objects.create(
        organisation=organisation,
        token=secrets.token_urlsafe(32),
        role=role,
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
    """Use the link: the user joins with the invited role; the link is spent."""
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


def round_close(*, round: Round) -> Round:
    """Close the round: it takes no more answers."""
    round.is_closed = True
    round.closed_at = timezone.now()
    round.save(update_fields=["is_closed", "closed_at"])
    return round


@dataclass(frozen=True)
class RespondentResult:
    response: Response
    result: scoring.Result


@dataclass(frozen=True)
class GroupResult:
    role: str
    count: int
    result: scoring.Result
    statements: tuple[scoring.Statement, ...]
    diagnostics: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class RoundResult:
    """Everything the round page shows, from the round's submitted responses."""

    data: QuestionnaireData
    respondents: tuple[RespondentResult, ...]
    team: GroupResult | None
    roles: tuple[GroupResult, ...]
    gap: scoring.PerceptionGap | None
    # Assessment v2: how the respondents voted on each diagnostic, and their figures.
    votes: dict[str, tuple[int, int]] = field(default_factory=dict)
    numbers: Numbers | None = None

    @property
    def has_team_view(self) -> bool:
        return len(self.respondents) > 1


def _combine(
    role: str, inputs: list[dict], scale: tuple, numbers: Numbers | None = None
) -> GroupResult:
    relationship = scoring.team_statements([i["relationship"] for i in inputs])
    maturity = scoring.team_statements([i["maturity"] for i in inputs])
    diagnostics = scoring.team_diagnostics([i["diagnostics"] for i in inputs])
    result = scoring.score(
        relationship=relationship,
        maturity=maturity,
        diagnostics=diagnostics,
        revenue_team_size=scale[0],
        monthly_lead_volume=scale[1],
        maturity_scale=inputs[0]["maturity_scale"],
        numbers=numbers,
    )
    return GroupResult(
        role=role,
        count=len(inputs),
        result=result,
        statements=tuple(relationship + maturity),
        diagnostics=diagnostics,
    )


def round_result(*, round: Round) -> RoundResult:
    """Combine the round's submitted responses: team, roles, respondents and the gap.

    Runs a fixed number of queries whatever the number of respondents.
    """
    data = questionnaire_data(round.questionnaire)
    responses = list(
        Response.objects.filter(round=round, status=Response.Status.SUBMITTED)
        .select_related("respondent")
        .order_by("submitted_at", "pk")
    )
    answers: dict[int, dict[str, int]] = {r.pk: {} for r in responses}
    for response_id, code, value in Answer.objects.filter(
        response__in=responses
    ).values_list("response_id", "question__code", "choice__value"):
        answers[response_id][code] = value
    numbers = numbers_service.numbers_by_response(r.pk for r in responses)
    return round_result_from(
        data=data, responses=responses, answers=answers, numbers=numbers
    )


def round_result_from(
    *,
    data: QuestionnaireData,
    responses: Sequence[Response],
    answers: Mapping[int, Mapping[str, int]],
    numbers: Mapping[int, Numbers] | None = None,
) -> RoundResult:
    """`round_result` from responses, answers and figures already loaded: no queries.

    `responses` are the round's submitted responses in submission order; `answers`
    maps each response id to its {code: value}; `numbers` each response id to the
    figures it gave (responses without any are left out).
    """
    inputs = {
        r.pk: answer_scoring.scoring_inputs(data, answers[r.pk]) for r in responses
    }
    respondents = tuple(
        RespondentResult(
            response=r,
            result=scoring.score(
                **inputs[r.pk],
                revenue_team_size=r.revenue_team_size,
                monthly_lead_volume=r.monthly_lead_volume,
            ),
        )
        for r in responses
    )
    # The team is judged at the size the organisation had at the latest submission.
    scale = (
        (responses[-1].revenue_team_size, responses[-1].monthly_lead_volume)
        if responses
        else (None, None)
    )
    numbers = numbers or {}
    team_numbers = numbers_service.team_numbers(
        numbers[r.pk] for r in responses if r.pk in numbers
    )
    team = (
        _combine("team", list(inputs.values()), scale, team_numbers)
        if responses
        else None
    )
    roles = tuple(
        _combine(role, [inputs[r.pk] for r in responses if r.role == role], scale)
        for role in Role.values
        if any(r.role == role for r in responses)
    )
    by_role = {group.role: group for group in roles}
    gap = None
    if Role.MARKETING in by_role and Role.SALES in by_role:
        marketing, sales = by_role[Role.MARKETING], by_role[Role.SALES]
        gap = scoring.perception_gap(
            first=marketing.result,
            second=sales.result,
            first_statements=marketing.statements,
            second_statements=sales.statements,
        )
    return RoundResult(
        data=data,
        respondents=respondents,
        team=team,
        roles=roles,
        gap=gap,
        votes=scoring.diagnostic_votes([i["diagnostics"] for i in inputs.values()]),
        numbers=team_numbers,
    )


def round_status(*, round: Round) -> list[tuple[Membership, str]]:
    """Every member with where they are: not started, in progress, or submitted."""
    statuses = dict(
        Response.objects.filter(round=round).values_list("respondent_id", "status")
    )
    members = Membership.objects.filter(organisation_id=round.organisation_id)
    return [
        (membership, statuses.get(membership.user_id, ""))
        for membership in members.select_related("user").order_by("user__email")
    ]


def invitation_get(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token=token).first()


def roles_are_anonymous(combined: RoundResult, *, roles: tuple[str, ...]) -> bool:
    """True when each of the roles has several respondents, so that a role's mean rating
    of a statement does not reveal one person's answer."""
    counts = {group.role: group.count for group in combined.roles}
    return all(counts.get(role, 0) > 1 for role in roles)


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


def visible_roles(combined: RoundResult, *, viewer: Membership) -> frozenset[str]:
    """Roles whose point and respondents' rows the viewer may see.

    Admins see every role. Other members see a role only while it has several
    respondents, as for statement ratings, or when they are its one respondent.
    """
    if viewer.is_admin:
        return frozenset(group.role for group in combined.roles)
    own_roles = {
        item.response.role
        for item in combined.respondents
        if item.response.respondent_id == viewer.user_id
    }
    return frozenset(
        group.role
        for group in combined.roles
        if group.count > 1 or group.role in own_roles
    )
