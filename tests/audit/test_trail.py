"""The audit trail: log-ins, failed log-ins, log-outs, model changes, exports and
consultants' views are recorded; superusers read all of it in the admin, and an
organisation's admins read their organisation's; old entries are purged."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import AuditEvent, Membership
from tests.factories import (
    make_consultant,
    make_membership,
    make_response,
    make_user,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
Kind = AuditEvent.Kind


def log_in(client, user, password=PASSWORD):
    return client.post(
        reverse("login"), {"username": user.get_username(), "password": password}
    )


def test_log_in_failed_log_in_and_log_out_are_recorded(client):
    user = make_user(username="ann@example.com", email="ann@example.com")

    log_in(client, user, password="wrong")
    log_in(client, user)
    client.post(reverse("logout"))

    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.kind for e in events] == [Kind.LOG_IN_FAILED, Kind.LOG_IN, Kind.LOG_OUT]
    assert events[0].target == "ann@example.com"
    assert events[0].actor is None
    assert events[1].actor == user
    assert events[1].ip_address == "127.0.0.1"


def test_a_change_by_an_admin_is_recorded_with_who_and_the_organisation(client):
    admin = make_membership(is_admin=True)
    member = make_membership(organisation=admin.organisation, role="marketing")
    client.force_login(admin.user)

    client.post(
        reverse(
            "assessments:membership-update",
            args=[admin.organisation_id, member.pk],
        ),
        {"role": "sales"},
    )

    entry = LogEntry.objects.get_for_object(member).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == admin.user
    assert entry.changes["role"] == ["marketing", "sales"]
    assert entry.additional_data == {"organisation_id": admin.organisation_id}


def test_exports_are_recorded(client):
    consultant = make_consultant()
    client.force_login(consultant)

    client.get(reverse("admin-portfolio:csv"))
    client.get(reverse("assessments:my-data-download"))

    exports = AuditEvent.objects.filter(kind=Kind.EXPORT, actor=consultant)
    assert sorted(e.target for e in exports) == sorted(
        [reverse("admin-portfolio:csv"), reverse("assessments:my-data-download")]
    )


def test_a_consultants_view_of_a_client_page_is_recorded_a_members_is_not(client):
    response = make_response(submitted=True)
    organisation = response.round.organisation
    consultant = make_consultant(organisation)
    client.force_login(consultant)

    client.get(reverse("admin-portfolio:client", args=[organisation.pk]))
    client.get(reverse("assessments:round-detail", args=[response.round_id]))
    client.force_login(response.respondent)
    client.get(reverse("assessments:round-detail", args=[response.round_id]))

    views = AuditEvent.objects.filter(kind=Kind.CONSULTANT_VIEW)
    assert [(e.actor, e.organisation) for e in views] == [
        (consultant, organisation),
        (consultant, organisation),
    ]


def test_a_refused_page_leaves_no_consultant_view(client):
    response = make_response(submitted=True)
    stranger = make_consultant()
    client.force_login(stranger)

    page = client.get(reverse("assessments:round-detail", args=[response.round_id]))

    assert page.status_code == 404
    assert not AuditEvent.objects.filter(kind=Kind.CONSULTANT_VIEW).exists()


def test_an_organisations_admins_read_its_trail_and_nobody_elses(client):
    admin = make_membership(is_admin=True)
    member = make_membership(organisation=admin.organisation)
    other = make_membership(is_admin=True)
    Membership.objects.filter(pk=member.pk).first().save()
    consultant = make_consultant(admin.organisation)
    client.force_login(consultant)
    client.get(reverse("admin-portfolio:client", args=[admin.organisation_id]))
    client.force_login(other.user)
    client.get(reverse("admin-portfolio:client", args=[other.organisation_id]))

    client.force_login(admin.user)
    page = client.get(
        reverse("assessments:organisation-audit", args=[admin.organisation_id])
    )

    assert page.status_code == 200
    text = page.content.decode()
    assert "Consultant view" in text
    assert consultant.email in text
    assert "membership" in text
    assert other.organisation.name not in text
    lines = page.context["lines"]
    assert lines == sorted(lines, key=lambda line: line.at, reverse=True)

    client.force_login(member.user)
    assert (
        client.get(
            reverse("assessments:organisation-audit", args=[admin.organisation_id])
        ).status_code
        == 404
    )
    client.force_login(other.user)
    assert (
        client.get(
            reverse("assessments:organisation-audit", args=[admin.organisation_id])
        ).status_code
        == 404
    )


def test_the_whole_trail_is_for_superusers_in_the_admin(client, admin_user):
    AuditEvent.objects.create(kind=Kind.LOG_IN, actor=admin_user)
    url = reverse("admin:assessments_auditevent_changelist")

    client.force_login(make_consultant())
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "Log-in" in page.content.decode()


def test_old_entries_are_purged(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    old = AuditEvent.objects.create(kind=Kind.LOG_IN)
    AuditEvent.objects.filter(pk=old.pk).update(
        at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = AuditEvent.objects.create(kind=Kind.LOG_IN)
    member = make_membership()
    LogEntry.objects.filter(object_pk=str(member.pk)).update(
        timestamp=timezone.now() - datetime.timedelta(days=31)
    )

    call_command("purge_expired_data")

    assert list(AuditEvent.objects.all()) == [recent]
    assert not LogEntry.objects.filter(
        content_type__model="membership", object_pk=str(member.pk)
    ).exists()
