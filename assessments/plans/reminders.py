"""Reminder emails: this year's assessment when the last one is 11 months old, and
actions due within a week or overdue. What went out is recorded so a run repeated on
the same day (or within a week) sends nothing twice, and each item is claimed in the
database before it is sent, so overlapping runs send it once."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from assessments.accounts.languages import user_languages
from assessments.models import Action, Membership, Organisation, Reminder, Response

ASSESSMENT_DUE_MONTHS = 11
ACTION_DUE_WITHIN_DAYS = 7
# A reminder that still applies goes out again after a week, not every day.
REMIND_AGAIN_AFTER_DAYS = 7


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` earlier, clipped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


@dataclass(frozen=True)
class ReminderItem:
    """One thing to remind one person of."""

    kind: str
    recipient: object
    organisation: Organisation
    action: Action | None = None
    last_submitted: datetime.date | None = None

    @property
    def key(self) -> tuple:
        return (
            self.kind,
            self.recipient.pk,
            self.organisation.pk,
            self.action.pk if self.action else None,
        )


def assessment_due_items(*, today: datetime.date) -> list[ReminderItem]:
    """Every member of an organisation whose latest submitted response is at least
    11 months old: it is time for this year's assessment."""
    cutoff = months_before(today, ASSESSMENT_DUE_MONTHS)
    latest = {
        row["round__organisation_id"]: timezone.localdate(row["last"])
        for row in Response.objects.filter(status=Response.Status.SUBMITTED)
        .values("round__organisation_id")
        .annotate(last=Max("submitted_at"))
    }
    due = {org_id: last for org_id, last in latest.items() if last <= cutoff}
    memberships = (
        Membership.objects.filter(organisation_id__in=list(due))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__email")
    )
    return [
        ReminderItem(
            kind=Reminder.Kind.ASSESSMENT,
            recipient=membership.user,
            organisation=membership.organisation,
            last_submitted=due[membership.organisation_id],
        )
        for membership in memberships
        if membership.user.email
    ]


def action_due_items(*, today: datetime.date) -> list[ReminderItem]:
    """Every open or in-progress action due within a week or overdue, for its owner."""
    actions = (
        Action.objects.filter(
            status__in=(Action.Status.OPEN, Action.Status.IN_PROGRESS),
            owner__isnull=False,
            due_date__lte=today + datetime.timedelta(days=ACTION_DUE_WITHIN_DAYS),
        )
        .select_related("owner__user", "organisation")
        .order_by("due_date", "pk")
    )
    return [
        ReminderItem(
            kind=Reminder.Kind.ACTION,
            recipient=action.owner.user,
            organisation=action.organisation,
            action=action,
        )
        for action in actions
        if action.owner.user.email
    ]


def reminders_pending(*, today: datetime.date) -> list[ReminderItem]:
    """What applies today and has not been sent in the last week."""
    since = today - datetime.timedelta(days=REMIND_AGAIN_AFTER_DAYS)
    sent = {
        (kind, recipient_id, organisation_id, action_id)
        for kind, recipient_id, organisation_id, action_id in Reminder.objects.filter(
            sent_on__gt=since, sent_on__lte=today
        ).values_list("kind", "recipient_id", "organisation_id", "action_id")
    }
    items = assessment_due_items(today=today) + action_due_items(today=today)
    return [item for item in items if item.key not in sent]


@dataclass(frozen=True)
class ReminderEmail:
    recipient: object
    items: tuple[ReminderItem, ...]
    subject: str
    body: str


def _link(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path if base_url else path


def _line(item: ReminderItem, *, today: datetime.date, base_url: str) -> str:
    if item.kind == Reminder.Kind.ASSESSMENT:
        return _(
            "%(organisation)s: time for this year's assessment. The last one was "
            "submitted on %(date)s. Start it at %(link)s"
        ) % {
            "organisation": item.organisation.name,
            "date": formats.date_format(item.last_submitted, "DATE_FORMAT"),
            "link": _link(base_url, reverse("assessments:home")),
        }
    action = item.action
    link = _link(
        base_url,
        reverse("assessments:action-update", args=[item.organisation.pk, action.pk]),
    )
    template = (
        _("%(organisation)s: the action “%(title)s” was due on %(date)s. %(link)s")
        if action.due_date < today
        else _("%(organisation)s: the action “%(title)s” is due on %(date)s. %(link)s")
    )
    return template % {
        "organisation": item.organisation.name,
        "title": action.title,
        "date": formats.date_format(action.due_date, "DATE_FORMAT"),
        "link": link,
    }


def reminder_emails(
    items: Sequence[ReminderItem], *, today: datetime.date, base_url: str = ""
) -> list[ReminderEmail]:
    """One email per person, listing everything they are reminded of."""
    by_recipient: dict[int, list[ReminderItem]] = {}
    for item in items:
        by_recipient.setdefault(item.recipient.pk, []).append(item)
    languages = user_languages(group[0].recipient for group in by_recipient.values())
    emails = []
    for group in by_recipient.values():
        with translation.override(languages[group[0].recipient.pk]):
            emails.append(_email(group, today=today, base_url=base_url))
    return emails


def _email(
    group: list[ReminderItem], *, today: datetime.date, base_url: str
) -> ReminderEmail:
    kinds = {item.kind for item in group}
    subject = (
        _("Time for this year's lead management assessment")
        if kinds == {Reminder.Kind.ASSESSMENT}
        else _("Actions of your lead management plan are due")
        if kinds == {Reminder.Kind.ACTION}
        else _("Your lead management assessment and plan")
    )
    lines = [_line(item, today=today, base_url=base_url) for item in group]
    body = "\n\n".join(
        [_("Hello,"), *lines, _("This reminder is sent at most once a week.")]
    )
    return ReminderEmail(
        recipient=group[0].recipient,
        items=tuple(group),
        subject=str(subject),
        body=body,
    )


def reminders_send(
    *,
    today: datetime.date | None = None,
    dry_run: bool = False,
    base_url: str = "",
) -> list[ReminderEmail]:
    """Send what is pending and record each item as sent; with dry_run, only say what
    would go out."""
    today = today or timezone.localdate()
    emails = reminder_emails(
        reminders_pending(today=today), today=today, base_url=base_url
    )
    if dry_run or not emails:
        return emails
    connection = get_connection()
    sent = []
    for email in emails:
        # One transaction per email: a failed send takes its claims back with it,
        # and what already went out stays recorded when a later email fails.
        with transaction.atomic():
            claimed = [item for item in email.items if _claim(item, today=today)]
            if not claimed:
                continue
            if len(claimed) < len(email.items):
                # Another run sent some of these today; tell only of the rest.
                email = reminder_emails(claimed, today=today, base_url=base_url)[0]
            EmailMessage(
                subject=email.subject,
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.recipient.email],
                connection=connection,
            ).send()
        sent.append(email)
    return sent


def _claim(item: ReminderItem, *, today: datetime.date) -> bool:
    """Record the item as sent today, unless another run has: the database's unique
    constraints on (kind, recipient, organisation, action, day) let exactly one of
    any number of overlapping runs, on any number of machines, insert the row. A
    competing insert waits for the first run's transaction and then fails."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=item.kind,
                recipient=item.recipient,
                organisation=item.organisation,
                action=item.action,
                sent_on=today,
            )
    except IntegrityError:
        return False
    return True
