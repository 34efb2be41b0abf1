"""Consultants register webhooks for the clients assigned to them; a consultant's
webhook hears only that client, and nothing once the consultant is unassigned."""

import json

import pytest
from django.urls import reverse

from assessments.models import WebhookDelivery
from assessments.webhooks import deliveries
from tests.factories import (
    make_consultant,
    make_membership,
    make_response,
    make_round,
)
from tests.jobs.helpers import run_jobs
from tests.webhooks.test_webhooks import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_local(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.JOB_RETRY_BACKOFF = 0


def _submit(round_, django_capture_on_commit_callbacks):
    member = make_membership(organisation=round_.organisation)
    # Submitting tells the webhooks (answering.responses.response_submit).
    with django_capture_on_commit_callbacks(execute=True):
        return make_response(round=round_, respondent=member.user, submitted=True)


def test_a_consultant_registers_a_webhook_for_a_client_on_its_page(
    client, allow_local, django_capture_on_commit_callbacks
):
    mine = make_round(year=2026)
    theirs = make_round(year=2026)
    consultant = make_consultant(mine.organisation)
    client.force_login(consultant)
    with Receiver() as receiver:
        answer = client.post(
            reverse("assessments:webhooks", args=[mine.organisation_id]),
            {"url": receiver.url, "events": ["response.submitted"]},
        )
        assert answer.status_code == 302
        hook = mine.organisation.webhooks.get()
        assert hook.consultant == consultant
        _submit(mine, django_capture_on_commit_callbacks)
        # Another client's event never reaches the consultant's endpoint.
        _submit(theirs, django_capture_on_commit_callbacks)
        run_jobs()
    assert len(receiver.received) == 1
    payload = json.loads(receiver.received[0][1])
    assert payload["organisation"] == mine.organisation_id


def test_a_consultant_cannot_register_for_a_client_not_assigned(client, allow_local):
    mine = make_round(year=2026)
    theirs = make_round(year=2026)
    consultant = make_consultant(mine.organisation)
    client.force_login(consultant)
    url = reverse("assessments:webhooks", args=[theirs.organisation_id])
    assert client.get(url).status_code == 404
    answer = client.post(
        url, {"url": "http://127.0.0.1:9/hook", "events": ["round.closed"]}
    )
    assert answer.status_code == 404
    assert not theirs.organisation.webhooks.exists()


def test_unassigned_consultant_receives_no_more_events(
    allow_local, django_capture_on_commit_callbacks
):
    round_ = make_round(year=2026)
    consultant = make_consultant(round_.organisation)
    with Receiver() as receiver:
        deliveries.webhook_create(
            organisation=round_.organisation,
            created_by=consultant,
            consultant=consultant,
            url=receiver.url,
            events=["response.submitted"],
        )
        # Queued while assigned, unassigned before the worker sends it: not sent.
        _submit(round_, django_capture_on_commit_callbacks)
        round_.organisation.consultants.remove(consultant)
        run_jobs()
        # Once unassigned, new events are not even queued for the webhook.
        _submit(round_, django_capture_on_commit_callbacks)
        run_jobs()
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "no longer advises" in delivery.error


def test_consultant_and_admin_see_what_is_theirs(client, allow_local):
    admin = make_membership(is_admin=True)
    organisation = admin.organisation
    consultant = make_consultant(organisation)
    other_consultant = make_consultant(organisation)
    admins_hook = deliveries.webhook_create(
        organisation=organisation,
        created_by=admin.user,
        url="https://admin.example/hook",
        events=["round.closed"],
    )
    consultants_hook = deliveries.webhook_create(
        organisation=organisation,
        created_by=consultant,
        consultant=consultant,
        url="https://consultant.example/hook",
        events=["round.closed"],
    )
    page = reverse("assessments:webhooks", args=[organisation.pk])
    # The organisation's admin sees every webhook, the consultant's marked as such.
    client.force_login(admin.user)
    text = client.get(page).content.decode()
    assert "admin.example" in text and "consultant.example" in text
    assert "Registered by the consultant" in text
    # A consultant sees neither the admin's secret nor another consultant's hooks.
    client.force_login(other_consultant)
    text = client.get(page).content.decode()
    assert "admin.example" not in text and "consultant.example" not in text
    assert admins_hook.secret not in text
    for name in ("webhook-test", "webhook-delete"):
        for hook in (admins_hook, consultants_hook):
            url = reverse(f"assessments:{name}", args=[organisation.pk, hook.pk])
            assert client.post(url).status_code == 404
    client.force_login(consultant)
    text = client.get(page).content.decode()
    assert "consultant.example" in text and "admin.example" not in text
    url = reverse(
        "assessments:webhook-delete", args=[organisation.pk, consultants_hook.pk]
    )
    assert client.post(url).status_code == 302
    assert list(organisation.webhooks.all()) == [admins_hook]


def test_the_client_page_in_the_admin_links_to_its_webhooks(client):
    admin = make_membership(is_admin=True)
    consultant = make_consultant(admin.organisation)
    client.force_login(consultant)
    page = client.get(
        reverse("admin-portfolio:client", args=[admin.organisation_id])
    ).content.decode()
    assert reverse("assessments:webhooks", args=[admin.organisation_id]) in page
