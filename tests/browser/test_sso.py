"""Single sign-on as a person goes through it, against the test OpenID provider
running as a process of its own (tests/sso_provider): the browser follows the
discovered endpoints to the provider's log-in page and back. Refusals (unverified
address, a token for another client, an expired token, a domain that signs in with
SSO only) show their page, and the audit trail keeps every event."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import expect

from assessments.models import AuditEvent, Membership
from assessments.organisations import create
from assessments.organisations.invitations import invitation_create
from tests.browser.test_team_flow import PASSWORD
from tests.browser.waits import settled
from tests.factories import make_organisation
from tests.servers import sso_provider
from tests.sso_provider import people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Kind = AuditEvent.Kind


@pytest.fixture(scope="module")
def issuer(live_server, tmp_path_factory):
    callback = live_server.url + "/sso/callback/"
    with sso_provider(tmp_path_factory.mktemp("provider"), callback) as url:
        yield url


@pytest.fixture
def sso_on(settings, issuer):
    settings.SSO_ISSUER = issuer
    settings.SSO_CLIENT_ID = people.CLIENT_ID
    settings.SSO_CLIENT_SECRET = people.CLIENT_SECRET
    settings.SSO_PROVIDER_NAME = "Test ID"
    cache.clear()
    return settings


def sign_in_at_provider(page, email):
    """On the provider's own log-in page, as a person types there."""
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill(email)
    page.get_by_label("Password").fill(people.PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()


def refused(page, text, artifacts, name):
    expect(page.get_by_role("heading", name="You are not signed in")).to_be_visible()
    expect(page.locator("#sso-problem")).to_contain_text(text)
    page.screenshot(path=str(artifacts / name), full_page=True)
    settled(page)
    assert (
        not get_user_model()
        .objects.exclude(email__endswith="@example.com")
        .filter(last_login__isnull=False)
        .exists()
    )


def test_sign_in_through_the_provider_and_log_out(live_server, page, artifacts, sso_on):
    page.goto(live_server.url + "/accounts/login/")
    page.screenshot(path=str(artifacts / "sso_login_page.png"), full_page=True)
    page.get_by_role("link", name="Sign in with Test ID").click()
    sign_in_at_provider(page, "ada@sso.test")

    # Back on the site, logged in: a new person is asked to create an organisation.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.screenshot(path=str(artifacts / "sso_signed_in.png"), full_page=True)
    settled(page)
    user = get_user_model().objects.get(email="ada@sso.test")
    assert not user.has_usable_password()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    expect(
        page.get_by_role("navigation").get_by_role("link", name="Log in")
    ).to_be_visible()
    page.screenshot(path=str(artifacts / "sso_signed_out.png"), full_page=True)
    settled(page)
    events = AuditEvent.objects.order_by("pk").values_list("kind", "actor_id")
    assert list(events) == [(Kind.SSO_LOG_IN, user.pk), (Kind.LOG_OUT, user.pk)]

    # While the provider's session lasts, signing in again asks for no password.
    page.get_by_role("link", name="Sign out of the sign-in service too").click()
    expect(page).to_have_url(live_server.url + "/")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Sign in with Test ID").click()
    # The provider's session has ended: its log-in page asks again.
    sign_in_at_provider(page, "ada@sso.test")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_without_ending_the_provider_session_it_signs_in_again_without_asking(
    live_server, page, sso_on
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Sign in with Test ID").click()
    sign_in_at_provider(page, "bo@sso.test")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Sign in with Test ID").click()

    # Straight back, logged in: what the "sign out there too" link is for.
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert "Test identity provider" not in page.content()


@pytest.mark.parametrize(
    ("email", "text", "reason", "shot"),
    [
        (
            "eve@sso.test",
            "has not verified your email address",
            "unverified eve@sso.test",
            "sso_unverified.png",
        ),
        ("fay@sso.test", "could not be trusted", "token", "sso_wrong_audience.png"),
        ("gus@sso.test", "could not be trusted", "token", "sso_expired.png"),
    ],
    ids=["unverified-email", "wrong-audience", "expired-token"],
)
def test_refused_sign_ins_show_why_and_are_recorded(
    live_server, page, artifacts, sso_on, email, text, reason, shot
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Sign in with Test ID").click()
    sign_in_at_provider(page, email)

    refused(page, text, artifacts, shot)
    assert not get_user_model().objects.filter(email=email).exists()
    event = AuditEvent.objects.get()
    assert (event.kind, event.target, event.actor) == (
        Kind.SSO_LOG_IN_FAILED,
        reason,
        None,
    )


def test_an_invitation_is_accepted_with_sso(live_server, page, artifacts, sso_on):
    admin = get_user_model().objects.create_user(
        "olga@example.com", "olga@example.com", PASSWORD
    )
    organisation = create.organisation_create(
        creator=admin,
        name="Contoso Pumps",
        revenue_team_size=8,
        monthly_lead_volume=200,
        role="marketing",
    )
    invitation = invitation_create(
        organisation=organisation,
        created_by=admin,
        role="sales",
        email="cy@sso.test",
    )

    page.goto(f"{live_server.url}/invitations/{invitation.token}/")
    page.get_by_role("link", name="Sign in with single sign-on").click()
    sign_in_at_provider(page, "cy@sso.test")
    # Back on the invitation, now signed in.
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("Welcome to Contoso Pumps.")).to_be_visible()
    page.screenshot(path=str(artifacts / "sso_invitation.png"), full_page=True)
    settled(page)
    membership = Membership.objects.get(organisation=organisation, role="sales")
    assert membership.user.email == "cy@sso.test"


def test_password_log_in_is_refused_for_an_sso_only_domain(
    live_server, page, artifacts, sso_on
):
    make_organisation(name="Contoso", sso_domains="sso.test", sso_only=True)
    get_user_model().objects.create_user("dee@sso.test", "dee@sso.test", PASSWORD)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("dee@sso.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(
        page.get_by_text("Your organisation signs in with single sign-on")
    ).to_be_visible()
    page.screenshot(path=str(artifacts / "sso_only_domain.png"), full_page=True)
    # The way it points to works.
    page.get_by_role("link", name="Sign in with Test ID").click()
    sign_in_at_provider(page, "dee@sso.test")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
