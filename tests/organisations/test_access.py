"""Every URL that takes an id: a user of another organisation gets 404, an anonymous
visitor is sent to log in, and nothing changes."""

import pytest
from django.urls import URLPattern, reverse

from assessments import urls as app_urls
from assessments.models import (
    Action,
    ApiToken,
    Invitation,
    Job,
    Membership,
    Organisation,
    Response,
    Round,
    ShareLink,
    Webhook,
    WebhookDelivery,
)
from assessments.organisations import invitations
from tests.factories import (
    answers_for,
    make_action,
    make_consultant,
    make_membership,
    make_response,
    make_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim():
    """An organisation with an admin, a second member, a round and a submitted response."""
    admin = make_membership(is_admin=True, role="leadership")
    colleague = make_membership(organisation=admin.organisation, role="sales")
    round_ = make_round(organisation=admin.organisation)
    response = make_response(round=round_, respondent=admin.user, submitted=True)
    # A second voice, so the team page (and its chart download) has a team view.
    make_response(round=round_, respondent=colleague.user, role="sales", submitted=True)
    action = make_action(owner=admin, round=round_, source_code="rel-01")
    invitation = invitations.invitation_create(
        organisation=admin.organisation,
        created_by=admin.user,
        role="sales",
        email="invitee@example.com",
    )
    job = Job.objects.create(
        kind=Job.Kind.REPORT,
        key="report:victim",
        owner=admin.user,
        status=Job.Status.DONE,
        result={"key": "lmm:report:victim", "filename": "v.pdf", "source": "/"},
    )
    from assessments.api import tokens
    from assessments.sharing import links
    from assessments.webhooks import deliveries

    token = tokens.token_create(user=admin.user, name="t", scope="read", days=5).token
    link, _secret = links.share_link_create(
        user=admin.user, kind="round", target_id=round_.pk, days=5
    )
    webhook = deliveries.webhook_create(
        organisation=admin.organisation,
        created_by=admin.user,
        url="https://93.184.216.34/hook",
        events=["round.closed"],
    )
    return {
        "invitation_id": invitation.pk,
        "token_id": token.pk,
        "link_id": link.pk,
        "webhook_id": webhook.pk,
        "job_id": job.pk,
        "organisation_id": admin.organisation_id,
        "membership_id": colleague.pk,
        "round_id": round_.pk,
        "response_id": response.pk,
        "action_id": action.pk,
    }


# name: (method, the URL's keyword arguments taken from the victim, extra kwargs)
ACCESS_CASES = {
    "response-start": ("post", ["organisation_id"], {}),
    "organisation-members": ("get", ["organisation_id"], {}),
    "membership-update": ("post", ["organisation_id", "membership_id"], {}),
    "membership-remove": ("post", ["organisation_id", "membership_id"], {}),
    "invitation-create": ("post", ["organisation_id"], {}),
    "invitation-resend": ("post", ["organisation_id", "invitation_id"], {}),
    "invitation-withdraw": ("post", ["organisation_id", "invitation_id"], {}),
    "organisation-anonymity": ("post", ["organisation_id"], {}),
    "round-detail": ("get", ["round_id"], {}),
    "round-close": ("post", ["round_id"], {}),
    "round-reopen": ("post", ["round_id"], {}),
    "organisation-history": ("get", ["organisation_id"], {}),
    "response-step": ("post", ["round_id"], {"step": 1}),
    "response-result": ("get", ["response_id"], {}),
    "plan-detail": ("get", ["organisation_id"], {}),
    "action-create": ("post", ["organisation_id"], {}),
    "action-update": ("post", ["organisation_id", "action_id"], {}),
    "response-report": ("get", ["response_id"], {}),
    "response-chart": ("get", ["response_id"], {"fmt": "png"}),
    "round-report": ("get", ["round_id"], {}),
    "round-chart": ("get", ["round_id"], {"fmt": "svg"}),
    "history-report": ("get", ["organisation_id"], {}),
    "history-chart": ("get", ["organisation_id"], {"fmt": "png"}),
    "job-detail": ("get", ["job_id"], {}),
    "job-download": ("get", ["job_id"], {}),
    "organisation-audit": ("get", ["organisation_id"], {}),
    "api-token-revoke": ("post", ["token_id"], {}),
    "organisation-export-xlsx": ("get", ["organisation_id"], {}),
    "organisation-export-csv": ("get", ["organisation_id"], {"table": "results"}),
    "share-links": ("get", ["organisation_id"], {}),
    "share-link-revoke": ("post", ["organisation_id", "link_id"], {}),
    "webhooks": ("get", ["organisation_id"], {}),
    "webhook-test": ("post", ["organisation_id", "webhook_id"], {}),
    "webhook-delete": ("post", ["organisation_id", "webhook_id"], {}),
}
# The consultant column: what an assigned consultant (a staff user) gets. They read the
# team page and the results, and change nothing.
CONSULTANT_STATUS = {
    "response-start": 404,
    "organisation-members": 404,
    "membership-update": 404,
    "membership-remove": 404,
    "invitation-create": 404,
    "invitation-resend": 404,
    "invitation-withdraw": 404,
    "organisation-anonymity": 404,
    "round-detail": 200,
    "round-close": 404,
    "round-reopen": 404,
    "organisation-history": 200,
    "response-step": 404,
    "response-result": 200,
    "plan-detail": 404,
    "action-create": 404,
    "action-update": 404,
    # An uncached PDF: sent to the page that follows its drawing.
    "response-report": 302,
    "response-chart": 200,
    "round-report": 302,
    "round-chart": 200,
    "history-report": 302,
    "history-chart": 200,
    # A job is its owner's alone.
    "job-detail": 404,
    "job-download": 404,
    "organisation-audit": 404,
    # Tokens are their person's; exports, share links and webhooks the admins'.
    "api-token-revoke": 404,
    "organisation-export-xlsx": 404,
    "organisation-export-csv": 404,
    "share-links": 404,
    "share-link-revoke": 404,
    # A consultant lists (and may add) their own webhooks for the client; the
    # organisation's webhook is not theirs to test or remove.
    "webhooks": 200,
    "webhook-test": 404,
    "webhook-delete": 404,
}
# The invitation link is meant for people outside the organisation; its token is a
# secret, and tests/teams/test_round_page.py covers used, expired and unknown links.
# The address-confirmation link carries a signed token for one account
# (tests/accounts/test_confirmation.py).
EXEMPT = {"invitation-accept", "email-confirm"}


def test_every_url_with_an_id_has_an_access_case():
    with_ids = {
        pattern.name
        for pattern in app_urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.pattern.converters
    }
    assert with_ids - EXEMPT == set(ACCESS_CASES)
    assert set(CONSULTANT_STATUS) == set(ACCESS_CASES)


def snapshot():
    return (
        sorted(Membership.objects.values_list("pk", "role", "is_admin")),
        sorted(Round.objects.values_list("pk", "is_closed")),
        sorted(Response.objects.values_list("pk", "status")),
        sorted(Invitation.objects.values_list("pk", "expires_at", "used_at")),
        sorted(
            Organisation.objects.values_list(
                "pk", "anonymous_rounds", "anonymity_threshold"
            )
        ),
        sorted(Action.objects.values_list("pk", "status", "owner_id", "title")),
        sorted(ApiToken.objects.values_list("pk", "revoked_at")),
        sorted(ShareLink.objects.values_list("pk", "revoked_at")),
        sorted(Webhook.objects.values_list("pk", "url")),
        WebhookDelivery.objects.count(),
    )


def build(name, victim):
    method, keys, extra = ACCESS_CASES[name]
    kwargs = {key: victim[key] for key in keys} | extra
    return method, reverse(f"assessments:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(ACCESS_CASES))
def test_a_user_of_another_organisation_gets_404(client, victim, name):
    stranger = make_membership(is_admin=True)
    make_round(organisation=stranger.organisation)
    client.force_login(stranger.user)
    before = snapshot()
    method, url = build(name, victim)
    data = {
        "role": "sales",
        "is_admin": "on",
        "rel-01": 1,
        "next": "1",
        "title": "Taken over",
        "status": "dropped",
        "due_date": "2030-01-01",
        "owner": stranger.pk,
        "anonymous_rounds": "on",
        "anonymity_threshold": 2,
        "confirm": "yes",
    }
    page = getattr(client, method)(url, data if method == "post" else None)
    assert page.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(ACCESS_CASES))
def test_an_assigned_consultant_reads_and_changes_nothing(client, victim, name):
    organisation = Membership.objects.get(pk=victim["membership_id"]).organisation
    client.force_login(make_consultant(organisation))
    before = snapshot()
    method, url = build(name, victim)
    data = {
        "role": "sales",
        "is_admin": "on",
        "rel-01": 1,
        "next": "1",
        "anonymous_rounds": "on",
        "anonymity_threshold": 2,
        "confirm": "yes",
    }
    page = getattr(client, method)(url, data if method == "post" else None)
    assert page.status_code == CONSULTANT_STATUS[name]
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(ACCESS_CASES))
def test_a_consultant_of_another_organisation_gets_404(client, victim, name):
    other = make_membership(is_admin=True)
    client.force_login(make_consultant(other.organisation))
    before = snapshot()
    method, url = build(name, victim)
    data = {"role": "sales", "is_admin": "on", "rel-01": 1, "next": "1"}
    page = getattr(client, method)(url, data if method == "post" else None)
    assert page.status_code == 404
    assert snapshot() == before


def test_a_consultant_reads_the_team_page_without_member_controls(client, victim):
    organisation = Membership.objects.get(pk=victim["membership_id"]).organisation
    client.force_login(make_consultant(organisation))
    url = reverse("assessments:round-detail", args=[victim["round_id"]])
    html = client.get(url).content.decode()
    assert "team result" in html
    assert reverse("assessments:round-close", args=[victim["round_id"]]) not in html
    assert "<form" not in html.split("<main", 1)[-1].split("</main>")[0]


@pytest.mark.parametrize("name", sorted(ACCESS_CASES))
def test_an_anonymous_visitor_is_sent_to_log_in(client, victim, name):
    before = snapshot()
    method, url = build(name, victim)
    page = getattr(client, method)(url)
    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))
    assert snapshot() == before


def test_an_admin_cannot_reach_a_member_of_another_organisation_through_their_own(
    client, victim
):
    admin = make_membership(is_admin=True)
    client.force_login(admin.user)
    url = reverse(
        "assessments:membership-remove",
        args=[admin.organisation_id, victim["membership_id"]],
    )
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=victim["membership_id"]).exists()


def test_a_plain_member_cannot_read_a_colleagues_answers(client, victim):
    colleague = Membership.objects.get(pk=victim["membership_id"])
    client.force_login(colleague.user)
    url = reverse("assessments:response-result", args=[victim["response_id"]])
    assert client.get(url).status_code == 404
    round_page = client.get(
        reverse("assessments:round-detail", args=[victim["round_id"]])
    )
    assert round_page.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/99999999999999999999999/members/",
        "/organisations/99999999999999999999999/members/1/",
        "/rounds/99999999999999999999999/",
        "/rounds/99999999999999999999999/reopen/",
        "/organisations/99999999999999999999999/history/",
        "/rounds/1/steps/99999999999999999999999/",
        "/responses/99999999999999999999999/",
        "/organisations/99999999999999999999999/plan/",
        "/organisations/1/plan/99999999999999999999999/",
        "/invitations/%00abc/",
        "/invitations/" + "a" * 65 + "/",
    ],
)
def test_absurd_ids_and_tokens_are_a_404_not_a_500(client, path):
    client.force_login(make_membership().user)
    # A NUL anywhere in a request is refused before any view (lmm_site/middleware.py).
    expected = 400 if "%00" in path else 404
    assert client.get(path).status_code == expected
    assert client.post(path).status_code == expected


def test_a_plain_member_does_not_see_a_lone_respondents_ratings_in_the_gap(client):
    admin = make_membership(is_admin=True, role="leadership")
    round_ = make_round(organisation=admin.organisation)
    for role, rating in (("marketing", 5), ("sales", 1)):
        make_response(
            round=round_,
            role=role,
            answers=answers_for(relationship=rating),
            submitted=True,
        )
    url = reverse("assessments:round-detail", args=[round_.pk])
    plain = make_membership(organisation=admin.organisation, role="other")
    client.force_login(plain.user)
    html = client.get(url).content.decode()
    assert "Perception gap" in html
    assert "5.0 against 1.0" not in html
    assert "gap-details-private" in html
    client.force_login(admin.user)
    assert "5.0 against 1.0" in client.get(url).content.decode()


def test_a_stranger_cannot_reach_an_action_through_their_own_organisation(
    client, victim
):
    stranger = make_membership(is_admin=True)
    client.force_login(stranger.user)
    url = reverse(
        "assessments:action-update",
        args=[stranger.organisation_id, victim["action_id"]],
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x", "status": "done"}).status_code == 404
    assert Action.objects.get(pk=victim["action_id"]).status == "open"


def test_a_stranger_cannot_adopt_from_another_organisations_round(client, victim):
    stranger = make_membership(is_admin=True)
    client.force_login(stranger.user)
    url = reverse("assessments:action-create", args=[stranger.organisation_id])
    page = client.post(
        f"{url}?round={victim['round_id']}&source=rel-01",
        {"title": "x", "owner": stranger.pk, "due_date": "2030-01-01"},
    )
    assert page.status_code == 404
    assert Action.objects.count() == 1


# The anonymous case: in an anonymous round one person's answers are theirs alone.
RESPONSE_URLS = {
    "response-result": {},
    "response-report": {},
    "response-chart": {"fmt": "png"},
}


@pytest.mark.parametrize("name", sorted(RESPONSE_URLS))
@pytest.mark.parametrize("reader", ["admin", "colleague", "consultant", "superuser"])
def test_nobody_but_the_respondent_reads_a_response_of_an_anonymous_round(
    client, victim, name, reader
):
    Round.objects.filter(pk=victim["round_id"]).update(is_anonymous=True)
    response = Response.objects.get(pk=victim["response_id"])
    colleague = Membership.objects.get(pk=victim["membership_id"])
    organisation = colleague.organisation
    # The victim's response is the admin's own: the admin reads the colleague's.
    target = Response.objects.get(
        round_id=victim["round_id"], respondent=colleague.user
    )
    readers = {
        "admin": response.respondent,
        "colleague": make_membership(organisation=organisation).user,
        "consultant": make_consultant(organisation),
        "superuser": make_consultant(organisation, is_superuser=True),
    }
    url = reverse(
        f"assessments:{name}", kwargs={"response_id": target.pk, **RESPONSE_URLS[name]}
    )
    client.force_login(readers[reader])
    assert client.get(url).status_code == 404
    client.force_login(colleague.user)
    # Their own: the page, or a report queued for them (a redirect to its progress).
    assert client.get(url).status_code in (200, 302)
