"""Exporting the actions, and the consultants' view of actions and reminders in the
admin."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import Reminder
from tests.factories import make_action, make_membership, make_organisation
from tests.plans.helpers import (
    TODAY,
    admin,  # noqa: F401 - a fixture member depends on
    frozen_today,  # noqa: F401 - an autouse fixture
    member,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


# export_results --actions


def export(*args):
    out = io.StringIO()
    call_command("export_results", "--actions", *args, stdout=out)
    return out.getvalue()


def test_export_lists_one_row_per_action(member):
    other = make_membership(organisation=make_organisation(name="Beta"))
    make_action(
        owner=member,
        year=2025,
        source_code="rel-01",
        title="First",
        due_date=datetime.date(2026, 7, 1),
        status="done",
    )
    make_action(owner=other, title="Second")
    rows = json.loads(export())
    assert len(rows) == 2
    first = next(row for row in rows if row["title"] == "First")
    assert first == {
        "organisation": member.organisation.name,
        "year": 2025,
        "title": "First",
        "source": "statement",
        "source_code": "rel-01",
        "owner": member.user.email,
        "due_date": "2026-07-01",
        "status": "done",
    }
    table = list(csv.DictReader(io.StringIO(export("--format", "csv"))))
    assert [row["title"] for row in table] == [row["title"] for row in rows]
    assert table[0].keys() == first.keys()


def test_the_actions_are_read_in_batches_as_they_are_written(
    member, monkeypatch, django_assert_num_queries
):
    from assessments.bulk.exports import rows as export_rows

    monkeypatch.setattr(export_rows, "ACTION_BATCH", 2)
    for n in range(5):
        make_action(owner=member, title=f"Action {n}")
    with django_assert_num_queries(0):
        stream = export_rows.actions_export_rows()
    # A generator over the database cursor: nothing is held beyond one batch.
    assert iter(stream) is stream
    first = next(stream)
    assert first["organisation"] == member.organisation.name
    assert [first, *stream] == json.loads(export())


def test_export_of_actions_and_rounds_at_once_is_refused():
    with pytest.raises(CommandError, match="one of"):
        call_command("export_results", "--actions", "--rounds", stdout=io.StringIO())


@pytest.mark.parametrize("model", ["action", "reminder"])
def test_consultants_see_actions_and_reminders_in_the_admin(
    client, admin_user, member, model
):
    action = make_action(owner=member, source_code="rel-01")
    Reminder.objects.create(
        kind="action",
        recipient=member.user,
        organisation=member.organisation,
        action=action,
        sent_on=TODAY,
    )
    client.force_login(admin_user)
    page = client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert page.status_code == 200
    assert member.organisation.name in page.content.decode()
    change = client.get(reverse("admin:assessments_action_change", args=[action.pk]))
    assert change.status_code == 200
