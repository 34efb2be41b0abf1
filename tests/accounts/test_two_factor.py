"""Two-factor log-in: an authenticator app with recovery codes, asked for after the
password, throttled like passwords, and required for staff in the admin when set."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.accounts import two_factor
from tests.factories import make_consultant, make_membership, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def code_for(device, steps_ahead=0):
    """The code the app shows now, or `steps_ahead` periods of 30 s later."""
    return f"{totp(device.bin_key, device.step, device.t0 - steps_ahead * device.step, device.digits):06d}"


def log_in(client, user):
    return client.post(
        reverse("login"), {"username": user.get_username(), "password": PASSWORD}
    )


def with_authenticator(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = two_factor.recovery_codes_new(user=user)
    return device, codes


def test_setting_up_confirms_the_app_and_shows_ten_recovery_codes(client):
    user = make_user()
    client.force_login(user)

    page = client.get(reverse("assessments:two-factor-setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert two_factor.totp_secret(device) in page.content.decode()

    done = client.post(
        reverse("assessments:two-factor-setup"), {"code": code_for(device)}
    )

    assert done.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert two_factor.has_second_factor(user)


def test_a_wrong_first_code_leaves_the_app_unconfirmed(client):
    user = make_user()
    client.force_login(user)
    client.get(reverse("assessments:two-factor-setup"))
    device = TOTPDevice.objects.get(user=user)
    wrong = "123456" if code_for(device) != "123456" else "654321"

    page = client.post(reverse("assessments:two-factor-setup"), {"code": wrong})

    assert page.status_code == 400
    assert not two_factor.has_second_factor(user)


def test_after_the_password_every_page_asks_for_the_code(client):
    user = make_membership().user
    device, _codes = with_authenticator(user)

    after_password = log_in(client, user)
    home = client.get(reverse("assessments:home"))
    my_data = client.get(reverse("assessments:my-data"))

    assert after_password.status_code == 302
    assert home.status_code == 302
    assert home.url.startswith(reverse("assessments:two-factor-verify"))
    assert my_data.url.startswith(reverse("assessments:two-factor-verify"))

    verified = client.post(
        reverse("assessments:two-factor-verify"),
        {"code": code_for(device), "next": reverse("assessments:my-data")},
    )
    assert verified.status_code == 302
    assert verified.url == reverse("assessments:my-data")
    assert client.get(reverse("assessments:my-data")).status_code == 200


def test_a_recovery_code_works_once(client):
    user = make_user()
    _device, codes = with_authenticator(user)
    log_in(client, user)

    used = client.post(reverse("assessments:two-factor-verify"), {"code": codes[0]})
    assert used.status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client.post(reverse("logout"))
    log_in(client, user)
    again = client.post(reverse("assessments:two-factor-verify"), {"code": codes[0]})
    assert again.status_code == 400
    assert "That code is not right, or was already used." in again.content.decode()


def test_a_wrong_code_is_refused_and_the_site_stays_closed(client):
    user = make_user()
    device, _codes = with_authenticator(user)
    log_in(client, user)
    wrong = "123456" if code_for(device) != "123456" else "654321"

    page = client.post(reverse("assessments:two-factor-verify"), {"code": wrong})

    assert page.status_code == 400
    assert client.get(reverse("assessments:home")).status_code == 302


def test_after_a_wrong_code_the_next_one_waits_a_moment(client):
    user = make_user()
    device, codes = with_authenticator(user)
    log_in(client, user)
    client.post(reverse("assessments:two-factor-verify"), {"code": "not-a-code"})

    at_once = client.post(
        reverse("assessments:two-factor-verify"), {"code": code_for(device)}
    )

    assert at_once.status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    later = client.post(
        reverse("assessments:two-factor-verify"), {"code": code_for(device)}
    )
    assert later.status_code == 302


def test_codes_are_throttled_like_passwords(client, settings):
    settings.RATELIMIT_ENABLE = True
    user = make_user()
    device, _codes = with_authenticator(user)
    log_in(client, user)
    for _ in range(5):
        client.post(reverse("assessments:two-factor-verify"), {"code": "not-a-code"})

    sixth = client.post(
        reverse("assessments:two-factor-verify"), {"code": code_for(device)}
    )

    assert sixth.status_code == 429
    assert client.get(reverse("assessments:home")).status_code == 302


def test_people_without_a_second_factor_log_in_with_the_password(client):
    user = make_membership().user
    log_in(client, user)
    assert client.get(reverse("assessments:home")).status_code == 200


def test_staff_need_a_second_factor_for_admin_and_portfolio_when_required(
    client, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    consultant = make_consultant()
    log_in(client, consultant)

    for url in (reverse("admin:index"), reverse("admin-portfolio:portfolio")):
        page = client.get(url)
        assert page.status_code == 302, url
        assert page.url == reverse("assessments:two-factor-setup")
    assert client.get(reverse("assessments:my-data")).status_code == 200

    device, _codes = with_authenticator(consultant)
    client.post(reverse("logout"))
    log_in(client, consultant)
    client.post(reverse("assessments:two-factor-verify"), {"code": code_for(device)})
    assert client.get(reverse("admin-portfolio:portfolio")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_reach_the_admin_with_the_password_alone_when_not_required(
    client, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    consultant = make_consultant()
    log_in(client, consultant)
    assert client.get(reverse("admin:index")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client):
    user = make_user()
    device, old = with_authenticator(user)
    log_in(client, user)
    client.post(reverse("assessments:two-factor-verify"), {"code": code_for(device)})

    page = client.post(reverse("assessments:recovery-codes-new"))

    new = page.context["codes"]
    assert set(new).isdisjoint(old)
    assert set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    ) == set(new)


def test_turning_off_needs_the_password(client):
    user = make_user()
    device, _codes = with_authenticator(user)
    log_in(client, user)
    client.post(reverse("assessments:two-factor-verify"), {"code": code_for(device)})

    client.post(reverse("assessments:two-factor-remove"), {"password": "wrong"})
    assert two_factor.has_second_factor(user)
    client.post(reverse("assessments:two-factor-remove"), {"password": PASSWORD})
    assert not two_factor.has_second_factor(user)
