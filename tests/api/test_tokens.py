import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.api import tokens
from assessments.models import ApiToken
from tests.api.conftest import bearer
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations/"


def test_a_token_is_stored_only_as_its_hash():
    created = tokens.token_create(user=make_user(), name="CRM", scope="read", days=5)
    row = ApiToken.objects.get()
    assert created.secret not in (row.key_hash, row.prefix)
    assert row.key_hash == hashlib.sha256(created.secret.encode()).hexdigest()
    assert created.secret.startswith(row.prefix)


def test_a_token_opens_the_api_and_notes_its_use(api):
    membership = make_membership()
    bearer(api, membership.user)
    answer = api.get(ORGANISATIONS)
    assert answer.status_code == 200
    assert [o["id"] for o in answer.json()["results"]] == [membership.organisation_id]
    assert ApiToken.objects.get().last_used_at is not None


def test_no_token_no_api(api):
    assert api.get(ORGANISATIONS).status_code in (401, 403)
    api.credentials(HTTP_AUTHORIZATION="Bearer lmm_not-a-token")
    assert api.get(ORGANISATIONS).status_code == 401


def test_an_expired_token_is_refused(api):
    user = make_user()
    bearer(api, user)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api.get(ORGANISATIONS).status_code == 401


def test_a_revoked_token_is_refused(api):
    user = make_user()
    bearer(api, user)
    assert tokens.token_revoke(user=user, token_id=ApiToken.objects.get().pk)
    assert api.get(ORGANISATIONS).status_code == 401


def test_someone_else_cannot_revoke_a_token():
    created = tokens.token_create(user=make_user(), name="a", scope="read", days=5)
    assert not tokens.token_revoke(user=make_user(), token_id=created.token.pk)
    assert ApiToken.objects.get().revoked_at is None


def test_a_read_only_token_cannot_write(api):
    membership = make_membership(is_admin=True)
    bearer(api, membership.user, scope="read")
    answer = api.post(
        f"{ORGANISATIONS}{membership.organisation_id}/actions/",
        {"title": "x", "owner": membership.pk, "due_date": "2099-01-01"},
        format="json",
    )
    assert answer.status_code == 403
    assert "read-only" in answer.json()["detail"]


@pytest.mark.parametrize("days", [0, tokens.MAX_DAYS + 1])
def test_expiry_is_bounded(client, days):
    client.force_login(make_user())
    answer = client.post(
        reverse("assessments:api-tokens"), {"name": "n", "scope": "read", "days": days}
    )
    assert answer.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_account_page_shows_a_new_secret_once_and_revokes(client):
    user = make_user()
    client.force_login(user)
    url = reverse("assessments:api-tokens")
    answer = client.post(url, {"name": "BI tool", "scope": "write", "days": 30})
    assert answer.status_code == 200
    secret = answer.context["created"].secret
    assert secret in answer.content.decode()
    assert answer["Cache-Control"] == "no-store"
    again = client.get(url).content.decode()
    assert secret not in again and "BI tool" in again
    token = ApiToken.objects.get(user=user)
    assert token.scope == "write"
    client.post(reverse("assessments:api-token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_stranger_cannot_revoke_through_the_page(client):
    created = tokens.token_create(user=make_user(), name="a", scope="read", days=5)
    client.force_login(make_user())
    client.post(reverse("assessments:api-token-revoke", args=[created.token.pk]))
    assert ApiToken.objects.get().revoked_at is None
