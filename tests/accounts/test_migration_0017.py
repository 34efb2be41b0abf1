"""Migration 0017: accounts that signed up before addresses were confirmed and joined
no organisation must confirm; reminders recorded twice by overlapping runs are
dropped so that the once-a-day constraints can hold."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ensure_seeded_questionnaire

BEFORE = [("assessments", "0015_answer_response_index")]
AFTER = [("assessments", "0017_security_round_two")]


@pytest.mark.django_db(transaction=True)
def test_unproven_sign_ups_must_confirm_and_duplicate_reminders_go():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("auth", "User")
    Organisation = apps.get_model("assessments", "Organisation")
    Membership = apps.get_model("assessments", "Membership")
    Reminder = apps.get_model("assessments", "Reminder")
    signed_up = User.objects.create(username="s@x.test", email="s@x.test", password="x")
    member = User.objects.create(username="m@x.test", email="m@x.test", password="x")
    imported = User.objects.create(username="i@x.test", email="i@x.test", password="!x")
    staff = User.objects.create(username="c@x.test", password="x", is_staff=True)
    organisation = Organisation.objects.create(
        name="Acme", industry="", revenue_team_size=1, monthly_lead_volume=1
    )
    Membership.objects.create(organisation=organisation, user=member, role="sales")
    day = datetime.date(2026, 12, 1)
    for _ in range(2):
        Reminder.objects.create(
            kind="assessment", recipient=member, organisation=organisation, sent_on=day
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Profile = apps.get_model("assessments", "Profile")
    unconfirmed = set(
        Profile.objects.filter(email_confirmed=False).values_list("user_id", flat=True)
    )
    assert unconfirmed == {signed_up.pk}
    assert {member.pk, imported.pk, staff.pk}.isdisjoint(unconfirmed)
    assert apps.get_model("assessments", "Reminder").objects.count() == 1

    MigrationExecutor(connection).migrate(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    ensure_seeded_questionnaire()
