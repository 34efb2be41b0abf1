import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_createsuperuser_account_logs_in_with_its_address(client):
    get_user_model().objects.create_superuser(
        "admin", "Boss@Example.com", "a-long-test-password"
    )
    page = client.post(
        reverse("login"),
        {"username": "boss@example.com", "password": "a-long-test-password"},
    )
    assert page.status_code == 302
    assert client.session.get("_auth_user_id")


def test_a_wrong_password_by_address_is_refused(client):
    get_user_model().objects.create_superuser(
        "admin", "boss@example.com", "a-long-test-password"
    )
    page = client.post(
        reverse("login"), {"username": "boss@example.com", "password": "wrong"}
    )
    assert page.status_code == 200
    assert not client.session.get("_auth_user_id")
