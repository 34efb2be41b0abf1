"""An organisation's SSO-only switch: people of its domains cannot log in with a
password, nor get one through a reset or a sign-up, while single sign-on is set up.
The domains are set by superusers only."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import AuditEvent
from tests.factories import make_consultant, make_organisation, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture
def sso_set_up(settings):
    settings.SSO_ISSUER = "http://127.0.0.1:9/o"
    settings.SSO_CLIENT_ID = "lmm"
    settings.SSO_CLIENT_SECRET = "secret"
    make_organisation(name="Acme", sso_domains="acme.test, acme.example", sso_only=True)
    return settings


def log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def test_the_log_in_form_refuses_an_sso_only_address_and_says_why(client, sso_set_up):
    make_user(username="ann@acme.example", email="ann@acme.example")

    answer = log_in(client, "Ann@Acme.Example")

    assert answer.status_code == 200
    assert "signs in with single sign-on" in answer.content.decode()
    assert 'id="sso-start"' in answer.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_domains_still_log_in_with_a_password(client, sso_set_up):
    make_user(username="bob@other.test", email="bob@other.test")

    answer = log_in(client, "bob@other.test")

    assert answer.status_code == 302
    assert "_auth_user_id" in client.session


def test_without_sso_configured_the_switch_does_not_lock_anyone_out(client, sso_set_up):
    sso_set_up.SSO_ISSUER = ""
    make_user(username="ann@acme.test", email="ann@acme.test")

    assert log_in(client, "ann@acme.test").status_code == 302


def test_the_admin_log_in_by_user_name_is_refused_too(client, sso_set_up):
    make_user(username="admin", email="boss@acme.test", is_staff=True)

    client.post(reverse("admin:login"), {"username": "admin", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOG_IN_FAILED).exists()


def test_a_password_reset_sends_no_link_to_an_sso_only_address(client, sso_set_up):
    make_user(username="ann@acme.test", email="ann@acme.test")
    make_user(username="bob@other.test", email="bob@other.test")

    for email in ("ann@acme.test", "bob@other.test"):
        answer = client.post(reverse("password_reset"), {"email": email})
        assert answer.status_code == 302

    assert [message.to for message in mail.outbox] == [["bob@other.test"]]


def test_sign_up_with_an_sso_only_address_is_refused(client, sso_set_up):
    answer = client.post(
        reverse("assessments:signup"),
        {
            "email": "new@acme.test",
            "password1": "Zq8!long-pass",
            "password2": "Zq8!long-pass",
        },
    )

    assert answer.status_code == 200
    assert "signs in with single sign-on" in answer.content.decode()


def test_a_wrong_domain_list_is_a_clear_error_in_the_admin(admin_client):
    organisation = make_organisation(name="Acme")
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {**form.initial, "name": "Acme", "sso_domains": "acme.test, not a domain"}
    data = {key: value for key, value in data.items() if value is not None}
    data.update(
        {
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "consultants": [],
        }
    )

    answer = admin_client.post(url, data)

    assert answer.status_code == 200
    errors = answer.context["adminform"].form.errors
    assert list(errors) == ["sso_domains"], errors
    assert "Not an e-mail domain: 'not a domain'." in errors["sso_domains"][0]
    organisation.refresh_from_db()
    assert organisation.sso_domains == ""


def test_consultants_cannot_see_or_set_the_domains(client):
    organisation = make_organisation(name="Acme")
    consultant = make_consultant(organisation)
    client.force_login(consultant)
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert "sso_domains" not in page.context["adminform"].form.fields
