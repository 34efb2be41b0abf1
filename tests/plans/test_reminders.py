import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Reminder, Response
from assessments.plans import reminders
from tests.factories import make_action, make_membership, make_response, make_round

pytestmark = pytest.mark.django_db


class Clock:
    """A frozen clock the test moves by hand."""

    def __init__(self, day):
        self.day = day

    def now(self):
        return datetime.datetime.combine(
            self.day, datetime.time(6, 0), tzinfo=datetime.UTC
        )


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime.date(2026, 6, 15))
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def submitted_on(day, **overrides):
    response = make_response(submitted=True, **overrides)
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    Response.objects.filter(pk=response.pk).update(submitted_at=moment)
    return response


def send(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.parametrize(
    ("months_ago", "reminded"), [(10, False), (11, True), (13, True)]
)
def test_every_member_is_told_when_the_last_assessment_is_11_months_old(
    clock, months_ago, reminded
):
    admin = make_membership(is_admin=True)
    colleague = make_membership(organisation=admin.organisation)
    round_ = make_round(organisation=admin.organisation, year=2025)
    submitted_on(
        reminders.months_before(clock.day, months_ago),
        round=round_,
        respondent=admin.user,
    )
    send()
    expected = sorted([admin.user.email, colleague.user.email]) if reminded else []
    assert recipients() == expected
    if reminded:
        assert "time for this year's assessment" in mail.outbox[0].body
        assert admin.organisation.name in mail.outbox[0].body


def test_a_newer_submission_stops_the_assessment_reminder(clock):
    admin = make_membership(is_admin=True)
    submitted_on(
        datetime.date(2025, 5, 1),
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
    )
    submitted_on(
        datetime.date(2026, 5, 1),
        round=make_round(organisation=admin.organisation, year=2026),
        respondent=admin.user,
    )
    send()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("due_in_days", "status", "reminded"),
    [
        (-30, "open", True),
        (0, "in_progress", True),
        (7, "open", True),
        (8, "open", False),
        (-3, "done", False),
        (-3, "dropped", False),
    ],
)
def test_owners_hear_of_actions_due_within_a_week_or_overdue(
    clock, due_in_days, status, reminded
):
    owner = make_membership()
    action = make_action(
        owner=owner,
        due_date=clock.day + datetime.timedelta(days=due_in_days),
        status=status,
    )
    send()
    assert recipients() == ([owner.user.email] if reminded else [])
    if reminded:
        assert action.title in mail.outbox[0].body
        assert ("was due on" if due_in_days < 0 else "is due on") in (
            mail.outbox[0].body
        )


def test_a_second_run_the_same_day_sends_nothing(clock):
    owner = make_membership()
    make_action(owner=owner, due_date=clock.day)
    assert "Sent 1 email." in send()
    assert Reminder.objects.count() == 1
    assert "Sent 0 emails." in send()
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_a_reminder_that_still_applies_returns_after_a_week(clock):
    owner = make_membership()
    make_action(owner=owner, due_date=clock.day)
    send()
    clock.day += datetime.timedelta(days=6)
    send()
    assert len(mail.outbox) == 1
    clock.day += datetime.timedelta(days=1)
    send()
    assert len(mail.outbox) == 2


def test_one_email_per_person_lists_all_their_reminders(clock):
    owner = make_membership(is_admin=True)
    submitted_on(
        datetime.date(2025, 6, 1),
        round=make_round(organisation=owner.organisation, year=2025),
        respondent=owner.user,
    )
    first = make_action(owner=owner, title="First action", due_date=clock.day)
    second = make_action(owner=owner, title="Second action", due_date=clock.day)
    send()
    assert recipients() == [owner.user.email]
    body = mail.outbox[0].body
    assert "time for this year's assessment" in body
    assert first.title in body and second.title in body
    assert Reminder.objects.filter(recipient=owner.user).count() == 3


def test_dry_run_lists_and_neither_sends_nor_records(clock):
    owner = make_membership()
    action = make_action(owner=owner, due_date=clock.day)
    output = send("--dry-run")
    assert f"Would send to {owner.user.email}" in output
    assert action.title in output
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    send()
    assert recipients() == [owner.user.email]


def test_links_use_the_base_url(clock):
    owner = make_membership()
    action = make_action(owner=owner, due_date=clock.day)
    send("--base-url", "https://lmm.example.com/")
    expected = (
        f"https://lmm.example.com/organisations/{owner.organisation_id}"
        f"/plan/{action.pk}/"
    )
    assert expected in mail.outbox[0].body


def test_a_failed_send_records_nothing(clock, monkeypatch):
    owner = make_membership()
    make_action(owner=owner, due_date=clock.day)

    def fail(self, *args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    with pytest.raises(OSError):
        send()
    assert not Reminder.objects.exists()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 6, 15), 11, datetime.date(2025, 7, 15)),
        (datetime.date(2026, 1, 31), 11, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 12, 31), 11, datetime.date(2026, 1, 31)),
    ],
)
def test_months_before(day, months, expected):
    assert reminders.months_before(day, months) == expected
