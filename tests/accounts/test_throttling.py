"""Log-in (site and admin), password reset and sign-up are throttled; a locked-out
person sees a clear page; lockouts show in the admin and can be lifted there."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _rate_limits(settings):
    settings.RATELIMIT_ENABLE = True


def log_in(client, email, password, url=None, **extra):
    return client.post(
        url or reverse("login"), {"username": email, "password": password}, **extra
    )


def test_the_right_password_after_five_wrong_ones_is_refused_with_a_clear_page(
    client, settings
):
    make_user(email="ann@x.test", username="ann@x.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "ann@x.test", "wrong").status_code == 200
    page = log_in(client, "Ann@X.test ", "wrong")
    assert page.status_code == 429
    page = log_in(client, "ann@x.test", PASSWORD)
    assert page.status_code == 429
    assert "Log-in paused for 15 minutes" in page.content.decode()
    assert 'class="navbar' in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_ip_on_many_accounts_lock_that_ip(client, settings):
    make_user(email="bob@x.test", username="bob@x.test")
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess{number}@x.test", "wrong")
    assert log_in(client, "bob@x.test", PASSWORD).status_code == 429
    # Another address is not affected by that IP's failures.
    assert (
        log_in(client, "bob@x.test", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code
        == 302
    )


def test_strangers_failures_from_other_addresses_do_not_lock_the_account(
    client, settings
):
    make_user(email="cy@x.test", username="cy@x.test")
    for number in range(settings.AXES_FAILURE_LIMIT * 3):
        log_in(client, "cy@x.test", "wrong", REMOTE_ADDR=f"10.0.1.{number}")
    assert (
        log_in(client, "cy@x.test", PASSWORD, REMOTE_ADDR="10.0.2.1").status_code == 302
    )


def test_the_accounts_own_failures_from_one_address_lock_it_there(client, settings):
    make_user(email="cy@x.test", username="cy@x.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "cy@x.test", "wrong", REMOTE_ADDR="10.0.1.1")
    assert (
        log_in(client, "cy@x.test", PASSWORD, REMOTE_ADDR="10.0.1.1").status_code == 429
    )
    assert (
        log_in(client, "cy@x.test", PASSWORD, REMOTE_ADDR="10.0.2.1").status_code == 302
    )


def test_an_address_the_user_logged_in_from_before_is_not_blocked_by_strangers(
    client, settings
):
    make_user(email="di@x.test", username="di@x.test")
    assert (
        log_in(client, "di@x.test", PASSWORD, REMOTE_ADDR="10.0.4.1").status_code == 302
    )
    client.logout()
    # Someone behind the same address guesses other accounts until it is locked.
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess{number}@x.test", "wrong", REMOTE_ADDR="10.0.4.1")
    assert (
        log_in(client, "new@x.test", "wrong", REMOTE_ADDR="10.0.4.1").status_code == 429
    )
    assert (
        log_in(client, "di@x.test", PASSWORD, REMOTE_ADDR="10.0.4.1").status_code == 302
    )


def test_a_completed_password_reset_lifts_the_lock(client, settings):
    user = make_user(email="ed@x.test", username="ed@x.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ed@x.test", "wrong", REMOTE_ADDR="10.0.5.1")
    assert (
        log_in(client, "ed@x.test", PASSWORD, REMOTE_ADDR="10.0.5.1").status_code == 429
    )
    client.post(
        reverse("password_reset"), {"email": "ed@x.test"}, REMOTE_ADDR="10.0.5.1"
    )
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[-1].body)
    form_page = client.get(link.group(1), REMOTE_ADDR="10.0.5.1", follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "another-long-pass-1",
            "new_password2": "another-long-pass-1",
        },
        REMOTE_ADDR="10.0.5.1",
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-pass-1")
    page = log_in(client, "ed@x.test", "another-long-pass-1", REMOTE_ADDR="10.0.5.1")
    assert page.status_code == 302


def test_the_admin_log_in_is_throttled_too(client, settings):
    make_user(email="staff@x.test", username="staff@x.test", is_staff=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "staff@x.test", "wrong", url=url)
    page = log_in(client, "staff@x.test", PASSWORD, url=url)
    assert page.status_code == 429
    assert "Log-in paused" in page.content.decode()


def test_a_lockout_is_listed_in_the_admin_and_deleting_it_lets_the_user_in(
    client, settings
):
    make_user(email="dee@x.test", username="dee@x.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "dee@x.test", "wrong", REMOTE_ADDR="10.0.3.1")
    assert (
        log_in(client, "dee@x.test", PASSWORD, REMOTE_ADDR="10.0.3.1").status_code
        == 429
    )

    admin = make_user(is_staff=True, is_superuser=True)
    staff = client.__class__()
    staff.force_login(admin)
    listing = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assert "dee@x.test" in listing.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    staff.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert not AccessAttempt.objects.exists()
    assert (
        log_in(client, "dee@x.test", PASSWORD, REMOTE_ADDR="10.0.3.1").status_code
        == 302
    )


def test_password_reset_sends_at_most_three_emails_per_address_an_hour(client):
    make_user(email="eve@x.test", username="eve@x.test")
    url = reverse("password_reset")
    statuses = [
        client.post(url, {"email": email}, REMOTE_ADDR=f"10.0.4.{n}").status_code
        for n, email in enumerate(
            ["eve@x.test", "EVE@x.test", " eve@x.test", "eve@x.test"]
        )
    ]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_ip(client, settings):
    url = reverse("password_reset")
    statuses = [
        client.post(url, {"email": f"n{n}@x.test"}).status_code for n in range(21)
    ]
    assert statuses.count(302) == 20
    page = client.post(url, {"email": "last@x.test"})
    assert page.status_code == 429
    assert "Too many attempts" in page.content.decode()


def test_sign_up_is_limited_per_ip(client):
    url = reverse("assessments:signup")
    for n in range(20):
        client.post(url, {"email": "taken@x.test" if n else "", "password1": "x"})
    page = client.post(url, {"email": "new@x.test", "password1": "x"})
    assert page.status_code == 429


def test_a_huge_user_name_is_counted_without_a_500(client):
    page = log_in(client, "0" * 5000, "wrong")
    assert page.status_code == 200
    assert all(len(a.username) <= 255 for a in AccessAttempt.objects.all())
