"""API token use and share-link opens are in the audit trail: who, which token or
link, which organisation's data, when; superusers and the organisation's admins read
them, nobody else."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.audit import events
from assessments.models import AuditEvent
from tests.api.conftest import bearer
from tests.factories import make_membership, make_response, make_round, make_user
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def team():
    round_ = make_round(year=2026)
    admin = make_membership(organisation=round_.organisation, is_admin=True)
    make_response(round=round_, respondent=admin.user, submitted=True)
    return round_, admin


def test_token_use_is_recorded_once_per_token_organisation_and_hour(team, monkeypatch):
    round_, admin = team
    other = make_membership(user=admin.user, is_admin=True).organisation
    api = APIClient()
    bearer(api, admin.user)
    token_prefix = admin.user.api_tokens.get().prefix
    for _ in range(5):
        assert api.get(f"/api/v1/rounds/{round_.pk}/").status_code == 200
    api.get(f"/api/v1/organisations/{round_.organisation_id}/history/")
    api.get(f"/api/v1/organisations/{other.pk}/rounds/")
    rows = AuditEvent.objects.filter(kind=Kind.API_TOKEN_USE).order_by("pk")
    # Six requests about one organisation, one about another: two events.
    assert [(e.actor, e.organisation_id) for e in rows] == [
        (admin.user, round_.organisation_id),
        (admin.user, other.pk),
    ]
    assert token_prefix in rows[0].target
    assert f"/api/v1/rounds/{round_.pk}/" in rows[0].target
    assert rows[0].ip_address == "127.0.0.1"
    # An hour later, the same token's use is recorded again.
    later = events.timezone.now() + datetime.timedelta(hours=1)
    monkeypatch.setattr(events.timezone, "now", lambda: later)
    api.get(f"/api/v1/rounds/{round_.pk}/")
    assert AuditEvent.objects.filter(kind=Kind.API_TOKEN_USE).count() == 3


def test_refused_api_requests_and_sessions_leave_no_token_event(team):
    round_, admin = team
    stranger = make_membership(is_admin=True)
    api = APIClient()
    bearer(api, stranger.user)
    assert api.get(f"/api/v1/rounds/{round_.pk}/").status_code == 404
    api.credentials()
    api.force_login(admin.user)
    assert api.get(f"/api/v1/rounds/{round_.pk}/").status_code == 200
    assert not AuditEvent.objects.filter(kind=Kind.API_TOKEN_USE).exists()


def _share(client, admin, round_):
    client.force_login(admin.user)
    made = client.post(
        "/share/new/", {"kind": "round", "target": round_.pk, "days": "30"}
    )
    url = re.search(r'id="share-new-url">([^<]+)<', made.content.decode()).group(1)
    client.logout()
    return url.replace("http://testserver", "")


def test_a_share_link_open_is_recorded_with_the_visitors_network_only(client, team):
    round_, admin = team
    url = _share(client, admin, round_)
    # The waiting page, reloaded while the report is drawn, is not an open.
    assert client.get(url, REMOTE_ADDR="203.0.113.77").status_code == 202
    assert not AuditEvent.objects.filter(kind=Kind.SHARE_LINK_OPEN).exists()
    run_jobs()
    assert client.get(url, REMOTE_ADDR="203.0.113.77").status_code == 200
    assert client.get(url, REMOTE_ADDR="2001:db8:1:2::9").status_code == 200
    opens = AuditEvent.objects.filter(kind=Kind.SHARE_LINK_OPEN).order_by("pk")
    assert [(e.organisation_id, e.actor, e.ip_address) for e in opens] == [
        (round_.organisation_id, None, "203.0.113.0"),
        (round_.organisation_id, None, "2001:db8:1::"),
    ]
    assert admin.user.email in opens[0].target


def test_the_organisation_audit_page_shows_both_to_its_admins_only(client, team):
    round_, admin = team
    api = APIClient()
    bearer(api, admin.user)
    api.get(f"/api/v1/rounds/{round_.pk}/")
    url = _share(client, admin, round_)
    client.get(url)
    run_jobs()
    client.get(url)
    page = reverse("assessments:organisation-audit", args=[round_.organisation_id])
    client.force_login(admin.user)
    text = client.get(page).content.decode()
    assert "API token use" in text and "Share link opened" in text
    # Another organisation's admin and a plain member: 404.
    for user in (
        make_membership(is_admin=True).user,
        make_membership(organisation=round_.organisation).user,
    ):
        client.force_login(user)
        assert client.get(page).status_code == 404
    # Superusers read every event in the admin.
    client.force_login(make_user(is_staff=True, is_superuser=True))
    listing = client.get(
        reverse("admin:assessments_auditevent_changelist")
    ).content.decode()
    assert "API token use" in listing and "Share link opened" in listing
