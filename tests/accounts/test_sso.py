"""Single sign-on against the real test provider (tests/sso_provider), driven with
Django's test client: who gets in, which account they land in, what is refused and
what the audit trail keeps. The browser tests (tests/browser/test_sso.py) go
through the same flows as a person does."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.models import AuditEvent, Membership
from tests.factories import make_membership, make_organisation, make_user
from tests.servers import sso_provider
from tests.sso_provider import people
from tests.sso_provider.drive import provider_sign_in

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind
CALLBACK = "http://testserver/sso/callback/"


@pytest.fixture(scope="module")
def provider_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("provider")


@pytest.fixture(scope="module")
def issuer(provider_dir):
    with sso_provider(provider_dir, CALLBACK) as url:
        yield url


@pytest.fixture
def sso_on(settings, issuer):
    settings.SSO_ISSUER = issuer
    settings.SSO_CLIENT_ID = people.CLIENT_ID
    settings.SSO_CLIENT_SECRET = people.CLIENT_SECRET
    cache.clear()
    return settings


def sso_log_in(client, email, next_url=""):
    start = reverse("oidc_authentication_init")
    answer = client.get(start + (f"?next={next_url}" if next_url else ""))
    assert answer.status_code == 302
    back = provider_sign_in(answer["Location"], email, back_to=CALLBACK)
    parts = urlsplit(back)
    return client.get(parts.path + "?" + parts.query)


def logged_in_as(client):
    return client.get(reverse("assessments:home")).wsgi_request.user


def test_a_new_verified_person_gets_one_account_and_lands_logged_in(client, sso_on):
    answer = sso_log_in(client, "ada@sso.test")

    assert answer.status_code == 302
    user = logged_in_as(client)
    assert user.email == "ada@sso.test"
    assert not user.has_usable_password()
    # A second sign-in finds the same account.
    client.logout()
    sso_log_in(client, "ada@sso.test")
    assert logged_in_as(client).pk == user.pk
    kinds = list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [Kind.SSO_LOG_IN, Kind.LOG_OUT, Kind.SSO_LOG_IN]


def test_the_provider_is_discovered_once_then_read_from_the_cache(
    client, sso_on, provider_dir
):
    def discovery_reads():
        log = (provider_dir / "provider.log").read_text()
        return log.count("GET /o/.well-known/openid-configuration")

    before = discovery_reads()
    sso_log_in(client, "ada@sso.test")
    client.logout()
    sso_log_in(client, "ada@sso.test")

    # One read for both sign-ins (the start page and the callback use it).
    assert discovery_reads() == before + 1
    assert logged_in_as(client).email == "ada@sso.test"


def test_an_existing_account_is_found_by_its_address_whatever_the_case(client, sso_on):
    existing = make_user(username="BO@SSO.test", email="Bo@Sso.Test")

    sso_log_in(client, "bo@sso.test")

    assert logged_in_as(client).pk == existing.pk
    assert type(existing).objects.filter(email__iexact="bo@sso.test").count() == 1


def test_an_unverified_address_is_refused_and_links_no_account(client, sso_on):
    existing = make_user(username="eve@sso.test", email="eve@sso.test")

    answer = sso_log_in(client, "eve@sso.test")

    assert answer.status_code == 403
    assert "has not verified your email address" in answer.content.decode()
    assert not logged_in_as(client).is_authenticated
    event = AuditEvent.objects.get()
    assert (event.kind, event.target) == (
        Kind.SSO_LOG_IN_FAILED,
        "unverified eve@sso.test",
    )
    assert existing.is_active


@pytest.mark.parametrize("email", ["fay@sso.test", "gus@sso.test"])
def test_a_token_for_another_client_or_expired_is_refused(client, sso_on, email):
    answer = sso_log_in(client, email)

    assert answer.status_code == 403
    assert "could not be trusted" in answer.content.decode()
    assert not logged_in_as(client).is_authenticated
    event = AuditEvent.objects.get()
    assert (event.kind, event.target) == (Kind.SSO_LOG_IN_FAILED, "token")


def test_no_account_is_made_from_a_refused_token(client, sso_on, django_user_model):
    sso_log_in(client, "gus@sso.test")

    assert not django_user_model.objects.filter(email="gus@sso.test").exists()


def test_a_domain_no_organisation_allows_is_refused_once_domains_are_listed(
    client, sso_on, django_user_model
):
    make_organisation(sso_domains="sso.test")

    answer = sso_log_in(client, "hal@elsewhere.test")

    assert answer.status_code == 403
    assert "cannot sign in here with single sign-on" in answer.content.decode()
    assert not django_user_model.objects.filter(email="hal@elsewhere.test").exists()
    sso_log_in(client, "ada@sso.test")
    assert logged_in_as(client).email == "ada@sso.test"


def test_an_invitation_survives_the_round_trip_and_is_accepted(client, sso_on):
    organisation = make_organisation(name="Acme")
    inviter = make_membership(organisation=organisation, is_admin=True).user
    from assessments.organisations.invitations import invitation_create

    invitation = invitation_create(
        organisation=organisation, created_by=inviter, role="sales", email="cy@sso.test"
    )
    page = reverse("assessments:invitation-accept", args=[invitation.token])
    assert 'id="sso-accept"' in client.get(page).content.decode()

    answer = sso_log_in(client, "cy@sso.test", next_url=page)

    assert answer["Location"] == page
    client.post(page)
    membership = Membership.objects.get(organisation=organisation, role="sales")
    assert membership.user.email == "cy@sso.test"


def test_an_invitation_for_another_address_is_not_accepted(client, sso_on):
    organisation = make_organisation(name="Acme")
    inviter = make_membership(organisation=organisation, is_admin=True).user
    from assessments.organisations.invitations import invitation_create

    invitation = invitation_create(
        organisation=organisation, created_by=inviter, role="sales", email="x@sso.test"
    )
    page = reverse("assessments:invitation-accept", args=[invitation.token])
    client.get(page)

    sso_log_in(client, "dee@sso.test", next_url=page)
    client.post(page)

    assert not Membership.objects.filter(user__email="dee@sso.test").exists()


def test_a_callback_without_a_started_sign_in_is_a_clear_400(client, sso_on):
    answer = client.get(reverse("oidc_authentication_callback"))

    assert answer.status_code == 400
    assert 'id="sso-problem"' in answer.content.decode()


def test_sso_is_off_unless_configured(client, settings):
    settings.SSO_ISSUER = ""

    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    assert 'id="sso-start"' not in client.get(reverse("login")).content.decode()


def test_an_unreachable_provider_is_a_clear_page(client, settings):
    settings.SSO_ISSUER = "http://127.0.0.1:9/o"
    settings.SSO_CLIENT_ID = "x"
    settings.SSO_CLIENT_SECRET = "y"
    cache.clear()

    answer = client.get(reverse("oidc_authentication_init"))

    assert answer.status_code == 502
    assert 'id="sso-problem"' in answer.content.decode()


def test_a_person_with_a_second_factor_is_still_asked_for_the_code(client, sso_on):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(username="dee@sso.test", email="dee@sso.test")
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    sso_log_in(client, "dee@sso.test")
    answer = client.get(reverse("assessments:home"))

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("assessments:two-factor-verify"))


def test_staff_signed_in_with_sso_still_need_a_second_factor_for_the_admin(
    client, sso_on
):
    sso_on.MFA_REQUIRED_FOR_STAFF = True
    make_user(username="ada@sso.test", email="ada@sso.test", is_staff=True)

    sso_log_in(client, "ada@sso.test")
    answer = client.get(reverse("admin:index"))

    assert answer.status_code == 302
    assert answer["Location"] == reverse("assessments:two-factor-setup")


def test_a_forged_state_is_a_400_and_a_cancel_at_the_provider_a_403(client, sso_on):
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    callback = reverse("oidc_authentication_callback")

    forged = client.get(callback, {"code": "abc", "state": "not-the-one-sent"})
    cancelled = client.get(callback, {"error": "access_denied", "state": "x"})

    assert forged.status_code == 400
    assert cancelled.status_code == 403
    assert 'id="sso-problem"' in cancelled.content.decode()
    assert not logged_in_as(client).is_authenticated


def test_a_code_the_provider_does_not_know_is_a_clear_403(client, sso_on):
    from urllib.parse import parse_qs

    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]

    answer = client.get(
        reverse("oidc_authentication_callback"), {"code": "made-up", "state": state}
    )

    assert answer.status_code == 403
    assert "could not be reached or refused" in answer.content.decode()
    event = AuditEvent.objects.get()
    assert (event.kind, event.target) == (Kind.SSO_LOG_IN_FAILED, "provider")
