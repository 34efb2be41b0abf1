"""Overlapping writes and failing databases: no 500 where a form error fits, the
last step and the submit are one transaction, and error pages in the site's layout."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.views.defaults import permission_denied

from assessments.accounts.forms import SignUpForm
from assessments.answering import responses
from assessments.models import Answer, Membership, Response
from assessments.organisations import invitations
from tests.factories import (
    answers_for,
    confirm_all_steps_but_last,
    make_membership,
    make_response,
    make_user,
)

pytestmark = pytest.mark.django_db


def last_step_setup():
    """A draft with every answer but the last step's; returns (response, url, post)."""
    membership = make_membership(is_admin=True)
    response = make_response(respondent=membership.user)
    response.round.organisation = membership.organisation
    answers = answers_for()
    steps = confirm_all_steps_but_last(response, answers)
    last = steps[-1]
    url = reverse("assessments:response-step", args=[response.round_id, len(steps)])
    post = {code: answers[code] for code in last.codes if code in answers}
    post |= {"next": "1"}
    return response, url, post, last.codes


@pytest.mark.parametrize(
    ("error", "status", "says"),
    [
        # SQLite's write lock held past the busy timeout (a large import): send
        # it again (lmm_site/middleware.py).
        ("database is locked", 503, "What you just sent was not saved"),
        ("disk I/O error", 500, "Your change was not saved"),
    ],
)
def test_a_database_failure_at_submit_keeps_neither_step_nor_submit(
    monkeypatch, error, status, says
):
    response, url, post, codes = last_step_setup()
    client = Client(raise_request_exception=False)
    client.force_login(response.respondent)

    def failing(**kwargs):
        raise OperationalError(error)

    monkeypatch.setattr(responses, "response_submit", failing)
    page = client.post(url, post)
    assert page.status_code == status
    html = page.content.decode()
    assert says in html
    assert 'class="navbar' in html
    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT
    assert not Answer.objects.filter(response=response, question__code__in=codes)


def test_the_last_step_and_the_submit_succeed_together(client):
    response, url, post, codes = last_step_setup()
    client.force_login(response.respondent)
    page = client.post(url, post)
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.is_submitted
    assert Answer.objects.filter(response=response, question__code__in=codes).count()


def test_a_sign_up_losing_the_unique_race_gets_the_email_taken_error(
    client, monkeypatch
):
    make_user(email="race@x.test", username="race@x.test")
    # The race: the form's check ran before the other sign-up committed.
    monkeypatch.setattr(
        SignUpForm, "clean_email", lambda self: self.cleaned_data["email"].lower()
    )
    page = client.post(
        reverse("assessments:signup"),
        {
            "email": "race@x.test",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert page.status_code == 200
    assert "already exists" in page.content.decode()
    assert get_user_model().objects.filter(email="race@x.test").count() == 1


def test_an_invitation_accept_losing_a_race_is_a_message(monkeypatch):
    admin = make_membership(is_admin=True)
    first = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    user = make_user()
    real_create = Membership.objects.create

    def racing_create(**kwargs):
        # The other tab's accept committed just before this one's insert.
        real_create(**kwargs)
        return real_create(**kwargs)

    monkeypatch.setattr(Membership.objects, "create", racing_create)
    with pytest.raises(ValidationError) as error:
        invitations.invitation_accept(token=first.token, user=user)
    assert error.value.code == "already_member"


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/no-such-page/", 404, "This page does not exist"),
        ("/rounds/999999/", 404, "This page does not exist"),
    ],
)
def test_not_found_is_in_the_site_layout(client, url, status, text):
    client.force_login(make_user())
    page = client.get(url)
    assert page.status_code == status
    html = page.content.decode()
    assert text in html and 'class="navbar' in html


def test_a_bad_host_gets_the_400_page_in_the_layout(client):
    page = client.get("/", HTTP_HOST="evil.example")
    assert page.status_code == 400
    assert "This request could not be read" in page.content.decode()


def test_a_missing_csrf_token_gets_the_403_page_in_the_layout():
    client = Client(enforce_csrf_checks=True)
    page = client.post(reverse("login"), {"username": "a", "password": "b"})
    assert page.status_code == 403
    html = page.content.decode()
    assert "The form expired" in html and 'class="navbar' in html


def test_a_forbidden_page_is_in_the_layout(rf):
    page = permission_denied(rf.get("/"), PermissionDenied())
    assert page.status_code == 403
    html = page.content.decode()
    assert "You may not do this" in html and 'class="navbar' in html
