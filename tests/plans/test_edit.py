"""Editing an action: who may, bad input, owners and overdue dates (plans.py,
plan_forms.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.models import Action
from assessments.plans import actions as plan_actions
from tests.factories import make_action, make_membership
from tests.plans.helpers import (
    TODAY,
    action_form,
    admin,  # noqa: F401 - a fixture
    frozen_today,  # noqa: F401 - an autouse fixture
    member,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


# Who edits what


def update_url(action):
    return reverse(
        "assessments:action-update", args=[action.organisation_id, action.pk]
    )


def update_form(action, **overrides):
    data = {
        "title": action.title,
        "owner": action.owner_id,
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "notes": action.notes,
    }
    data.update(overrides)
    return data


def test_the_owner_edits_their_own_action(client, member):
    action = make_action(owner=member)
    client.force_login(member.user)
    page = client.post(update_url(action), update_form(action, status="in_progress"))
    assert page.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_an_admin_edits_every_action(client, admin, member):
    action = make_action(owner=member)
    client.force_login(admin.user)
    client.post(update_url(action), update_form(action, status="done", owner=admin.pk))
    action.refresh_from_db()
    assert (action.status, action.owner) == ("done", admin)


def test_another_member_can_neither_open_nor_change_someone_elses_action(
    client, member
):
    action = make_action(owner=member)
    colleague = make_membership(organisation=member.organisation)
    client.force_login(colleague.user)
    assert client.get(update_url(action)).status_code == 403
    page = client.post(update_url(action), update_form(action, status="dropped"))
    assert page.status_code == 403
    assert escape(str(plan_actions.MESSAGE_NOT_YOURS)) in page.content.decode()
    action.refresh_from_db()
    assert action.status == "open"
    plan = client.get(reverse("assessments:plan-detail", args=[action.organisation_id]))
    assert update_url(action) not in plan.content.decode()


# Bad input: a clear message and a 4xx, nothing saved


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_date": "2026-13-45"}, "Enter a valid date as YYYY-MM-DD."),
        ({"due_date": "tomorrow"}, "Enter a valid date as YYYY-MM-DD."),
        ({"due_date": "1900-01-01"}, "Choose a due date between 2000 and 2100."),
        ({"due_date": "2026-06-14"}, "The due date cannot be in the past."),
        ({"status": "finished"}, "Choose one of: open, in progress, done, dropped."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"title": ""}, "This field is required."),
        ({"notes": "x" * 2001}, "at most 2000 characters"),
        ({"owner": "abc"}, "Choose a member of this organisation as the owner."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, member, overrides, message):
    action = make_action(owner=member)
    before = Action.objects.values().get()
    client.force_login(member.user)
    page = client.post(update_url(action), update_form(action, **overrides))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert Action.objects.values().get() == before


def test_the_owner_must_be_a_member_of_the_organisation(client, admin):
    stranger = make_membership()
    client.force_login(admin.user)
    page = client.post(
        reverse("assessments:action-create", args=[admin.organisation_id]),
        action_form(owner=stranger.pk),
    )
    assert page.status_code == 400
    assert "Choose a member of this organisation as the owner." in (
        page.content.decode()
    )
    assert not Action.objects.exists()
    with pytest.raises(Exception, match="must be a member"):
        plan_actions.action_create(
            organisation=admin.organisation,
            created_by=admin.user,
            title="x",
            owner=stranger,
            due_date=TODAY,
        )


def test_an_overdue_action_keeps_its_past_date_when_edited(client, member):
    action = make_action(owner=member, due_date=datetime.date(2026, 5, 1))
    client.force_login(member.user)
    client.post(update_url(action), update_form(action, status="in_progress"))
    action.refresh_from_db()
    assert (action.status, action.due_date) == (
        "in_progress",
        datetime.date(2026, 5, 1),
    )
