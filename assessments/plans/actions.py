"""The action plan: adopting upgrade-path items as actions, editing them, reading the plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import scoring
from assessments.models import Action, Membership, Organisation, Part, Round
from assessments.questionnaire.data import questionnaire_data

MESSAGE_OWNER_NOT_MEMBER = gettext_lazy(
    "The owner must be a member of this organisation."
)
MESSAGE_UNKNOWN_SOURCE = gettext_lazy(
    "This item is not part of the round's upgrade path: adopt it from a result page."
)
MESSAGE_FREE_ACTIONS_ADMIN_ONLY = gettext_lazy(
    "Only the organisation's admins add actions of their own; members adopt them "
    "from a result's upgrade path."
)
MESSAGE_NOT_YOURS = gettext_lazy(
    "Only the action's owner and the organisation's admins can change it."
)
MESSAGE_DUE_IN_PAST = gettext_lazy("The due date cannot be in the past.")
MESSAGE_ALREADY_ADOPTED = gettext_lazy(
    "This item is already in the plan: change the action there instead."
)

# A requirement is named by the stage it leads to and its place in that list.
REQUIREMENT_PREFIX = "req"
STATEMENT_KINDS = (Part.Kind.RELATIONSHIP, Part.Kind.MATURITY)


def requirement_code(to_stage: int, index: int) -> str:
    """The stable code of the index-th (from 1) requirement for reaching `to_stage`."""
    return f"{REQUIREMENT_PREFIX}-{to_stage}-{index}"


def requirement_text(code: str) -> str | None:
    """The untranslated text of a requirement code, or None for an unknown code."""
    parts = code.split("-")
    if len(parts) != 3 or parts[0] != REQUIREMENT_PREFIX:
        return None
    try:
        to_stage, index = int(parts[1]), int(parts[2])
    except ValueError:
        return None
    for upgrade in scoring.STAGE_UPGRADES.values():
        if upgrade["to_stage"] == to_stage and 1 <= index <= len(
            upgrade["requirements"]
        ):
            return upgrade["requirements"][index - 1]
    return None


def requirement_codes(upgrade: scoring.UpgradePath) -> list[tuple[str, str]]:
    """(code, untranslated text) of each requirement of an upgrade path."""
    if upgrade.next_stage is None:
        return []
    return [
        (requirement_code(upgrade.next_stage, index), text)
        for index, text in enumerate(upgrade.requirements, start=1)
    ]


@dataclass(frozen=True)
class Source:
    """Where an adopted action comes from, and the title it starts with."""

    kind: str
    code: str
    title: str
    detail: str = ""


def source_for(*, round: Round, code: str) -> Source:
    """The statement (of the round's questionnaire) or requirement a code names.

    Raises ValidationError for anything else, so a crafted code adopts nothing.
    """
    text = requirement_text(code)
    if text is not None:
        return Source(kind=Action.Source.REQUIREMENT, code=code, title=_(text))
    question = questionnaire_data(round.questionnaire).questions.get(code)
    if question is None or question.part.kind not in STATEMENT_KINDS:
        raise ValidationError(MESSAGE_UNKNOWN_SOURCE, code="unknown_source")
    title = question.action or question.text
    return Source(
        kind=Action.Source.STATEMENT,
        code=code,
        title=title[: Action._meta.get_field("title").max_length],
        detail=question.text,
    )


def action_year(*, organisation: Organisation, round: Round | None) -> int:
    """The assessment year an action follows up: its round's, else the latest round's,
    else this calendar year."""
    if round is not None:
        return round.year
    latest = Round.objects.filter(organisation=organisation).order_by("-year").first()
    return latest.year if latest else timezone.localdate().year


def _check_owner(*, organisation: Organisation, owner: Membership | None) -> None:
    if owner is not None and owner.organisation_id != organisation.pk:
        raise ValidationError({"owner": MESSAGE_OWNER_NOT_MEMBER}, code="owner")


def action_create(
    *,
    organisation: Organisation,
    created_by,
    title: str,
    owner: Membership | None,
    due_date: datetime.date,
    notes: str = "",
    source: Source | None = None,
    round: Round | None = None,
) -> Action:
    """Add an action to the organisation's plan: adopted from a round's upgrade path
    when a source is given, otherwise a free action."""
    _check_owner(organisation=organisation, owner=owner)
    if round is not None and round.organisation_id != organisation.pk:
        raise ValidationError(MESSAGE_UNKNOWN_SOURCE, code="unknown_source")
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": MESSAGE_DUE_IN_PAST}, code="due_in_past")
    if (
        source is not None
        and Action.objects.filter(round=round, source_code=source.code).exists()
    ):
        raise ValidationError(MESSAGE_ALREADY_ADOPTED, code="already_adopted")
    action = Action(
        organisation=organisation,
        round=round if source else None,
        year=action_year(organisation=organisation, round=round if source else None),
        title=title,
        source=source.kind if source else Action.Source.FREE,
        source_code=source.code if source else "",
        owner=owner,
        due_date=due_date,
        notes=notes,
        created_by=created_by,
    )
    action.full_clean()
    with transaction.atomic():
        action.save()
    return action


def action_update(
    *,
    action: Action,
    title: str,
    owner: Membership | None,
    due_date: datetime.date,
    status: str,
    notes: str,
) -> Action:
    """Change an action; a due date may stay in the past but not be moved there."""
    _check_owner(organisation=action.organisation, owner=owner)
    if due_date != action.due_date and due_date < timezone.localdate():
        raise ValidationError({"due_date": MESSAGE_DUE_IN_PAST}, code="due_in_past")
    action.title = title
    action.owner = owner
    action.due_date = due_date
    action.status = status
    action.notes = notes
    action.full_clean()
    with transaction.atomic():
        action.save()
    return action


def action_may_edit(action: Action, membership: Membership) -> bool:
    """Admins edit every action of their organisation; a member edits the ones they own."""
    if membership.organisation_id != action.organisation_id:
        return False
    return membership.is_admin or action.owner_id == membership.pk


def action_is_overdue(action: Action, today: datetime.date) -> bool:
    return action.is_active and action.due_date < today


def action_get(*, membership: Membership, action_id: int) -> Action:
    """An action of the member's organisation, or 404."""
    action = (
        Action.objects.select_related("organisation", "owner__user")
        .filter(pk=action_id, organisation_id=membership.organisation_id)
        .first()
    )
    if action is None:
        raise Http404("No such action.")
    return action


@dataclass(frozen=True)
class PlanRow:
    action: Action
    is_overdue: bool
    may_edit: bool


@dataclass(frozen=True)
class Plan:
    """An organisation's plan as the plan page shows it."""

    active: tuple[PlanRow, ...]
    finished: tuple[PlanRow, ...]

    @property
    def overdue_count(self) -> int:
        return sum(row.is_overdue for row in self.active)


def plan_for(*, membership: Membership, today: datetime.date | None = None) -> Plan:
    """Open and in-progress actions first, by due date; done and dropped below, latest
    change first. One query whatever the number of actions and members."""
    today = today or timezone.localdate()
    actions = list(
        Action.objects.filter(organisation_id=membership.organisation_id)
        .select_related("owner__user")
        .order_by("due_date", "pk")
    )
    rows = [
        PlanRow(
            action=action,
            is_overdue=action_is_overdue(action, today),
            may_edit=action_may_edit(action, membership),
        )
        for action in actions
    ]
    finished = sorted(
        (row for row in rows if not row.action.is_active),
        key=lambda row: row.action.updated_at,
        reverse=True,
    )
    return Plan(
        active=tuple(row for row in rows if row.action.is_active),
        finished=tuple(finished),
    )
