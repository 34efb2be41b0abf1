import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Response, ShareLink
from tests.factories import make_membership, make_response, make_round
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db

CREATE = "/share/new/"


@pytest.fixture
def team():
    round_ = make_round()
    admin = make_membership(organisation=round_.organisation, is_admin=True)
    member = make_membership(organisation=round_.organisation)
    make_response(round=round_, respondent=admin.user, submitted=True)
    make_response(round=round_, respondent=member.user, submitted=True)
    return round_, admin, member


def _make(client, kind, target, days="30"):
    answer = client.post(CREATE, {"kind": kind, "target": target, "days": days})
    return answer


def _url(answer) -> str:
    match = re.search(r'id="share-new-url">([^<]+)<', answer.content.decode())
    return match.group(1).replace("http://testserver", "")


@pytest.mark.parametrize("kind", ["round", "history", "response"])
def test_an_admin_shares_a_report_that_opens_without_an_account(client, team, kind):
    round_, admin, member = team
    target = {
        "round": round_.pk,
        "history": round_.organisation_id,
        "response": Response.objects.get(respondent=member.user).pk,
    }[kind]
    client.force_login(admin.user)
    made = _make(client, kind, target)
    assert made.status_code == 200
    url = _url(made)
    link = ShareLink.objects.get()
    assert link.created_by == admin.user and link.kind == kind
    assert url.split("/")[-2] not in (link.key_hash,)

    client.logout()
    # The first open finds no report yet: a worker draws it while the page waits.
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert b'name="robots" content="noindex' in waiting.content
    assert b"href=" not in waiting.content
    run_jobs()
    opened = client.get(url)
    assert opened.status_code == 200
    assert opened["Content-Type"] == "application/pdf"
    assert opened.content.startswith(b"%PDF")
    assert opened["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in opened["Cache-Control"]
    link.refresh_from_db()
    assert link.last_opened_at is not None and link.open_count == 2


def test_the_link_opens_only_its_report(client, team):
    round_, admin, _member = team
    client.force_login(admin.user)
    url = _url(_make(client, "round", round_.pk))
    client.logout()
    assert client.get(url).status_code == 202
    # Holding a link is no log-in: the pages stay closed.
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert page.status_code == 302
    api = client.get(f"/api/v1/rounds/{round_.pk}/")
    assert api.status_code in (401, 403)


def test_an_expired_link_is_404(client, team):
    round_, admin, _member = team
    client.force_login(admin.user)
    url = _url(_make(client, "round", round_.pk))
    ShareLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 404


def test_a_revoked_link_is_404(client, team):
    round_, admin, _member = team
    client.force_login(admin.user)
    url = _url(_make(client, "round", round_.pk))
    link = ShareLink.objects.get()
    client.post(
        reverse("assessments:share-link-revoke", args=[round_.organisation_id, link.pk])
    )
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(url).status_code == 404


def test_a_link_dies_with_its_creators_admin_rights(client, team):
    round_, admin, _member = team
    client.force_login(admin.user)
    url = _url(_make(client, "history", round_.organisation_id))
    admin.is_admin = False
    admin.save()
    assert client.get(url).status_code == 404


def test_an_unknown_link_is_404(client):
    assert client.get("/s/not-a-real-link/").status_code == 404


@pytest.mark.parametrize("who", ["member", "stranger"])
def test_only_admins_make_links(client, team, who):
    round_, _admin, member = team
    user = member.user if who == "member" else make_membership(is_admin=True).user
    client.force_login(user)
    for kind, target in (
        ("round", round_.pk),
        ("history", round_.organisation_id),
        ("response", Response.objects.filter(round=round_).first().pk),
    ):
        assert _make(client, kind, target).status_code == 404
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize(
    "data", [{"kind": "nope", "target": "1"}, {"kind": "round", "target": "x"}, {}]
)
def test_bad_requests_make_nothing(client, team, data):
    client.force_login(team[1].user)
    assert client.post(CREATE, data).status_code == 404
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("days", ["0", "91", "abc"])
def test_expiry_is_bounded(client, team, days):
    round_, admin, _member = team
    client.force_login(admin.user)
    answer = _make(client, "round", round_.pk, days=days)
    assert answer.status_code == 400
    assert not ShareLink.objects.exists()


def test_the_list_shows_creator_and_last_opened_and_is_for_admins(client, team):
    round_, admin, member = team
    client.force_login(admin.user)
    url = _url(_make(client, "round", round_.pk))
    client.get(url)
    client.force_login(admin.user)
    page = client.get(reverse("assessments:share-links", args=[round_.organisation_id]))
    text = page.content.decode()
    assert admin.user.email in text and "(1×)" in text
    client.force_login(member.user)
    assert (
        client.get(
            reverse("assessments:share-links", args=[round_.organisation_id])
        ).status_code
        == 404
    )


def test_the_pages_offer_sharing_to_admins_only(client, team):
    round_, admin, member = team
    pages = [
        reverse("assessments:round-detail", args=[round_.pk]),
        reverse("assessments:organisation-history", args=[round_.organisation_id]),
        reverse(
            "assessments:response-result",
            args=[Response.objects.get(respondent=admin.user).pk],
        ),
    ]
    client.force_login(admin.user)
    for page in pages:
        assert b'id="share-form"' in client.get(page).content, page
    client.force_login(member.user)
    for page in pages[:2]:
        assert b'id="share-form"' not in client.get(page).content, page
