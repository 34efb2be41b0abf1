import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Job, WebhookDelivery
from assessments.webhooks import addresses, deliveries, signing
from tests.factories import make_membership, make_response, make_round
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


class Receiver:
    """A real HTTP endpoint on 127.0.0.1 that keeps what it was sent and answers
    with the statuses it is given, in turn."""

    def __init__(self, statuses=(200,)):
        self.received = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.headers, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def allow_local(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.JOB_RETRY_BACKOFF = 0


def _verify(secret, headers, body):
    return signing.is_valid(
        secret=secret,
        event_id=headers["X-LMM-Event-Id"],
        timestamp=int(headers["X-LMM-Timestamp"]),
        body=body,
        given=headers["X-LMM-Signature"].removeprefix("sha256="),
    )


def test_a_submitted_response_reaches_the_endpoint_signed(
    client, allow_local, django_capture_on_commit_callbacks
):
    round_ = make_round(year=2026)
    admin = make_membership(organisation=round_.organisation, is_admin=True)
    with Receiver() as receiver:
        client.force_login(admin.user)
        answer = client.post(
            reverse("assessments:webhooks", args=[round_.organisation_id]),
            {"url": receiver.url, "events": ["response.submitted", "round.closed"]},
        )
        assert answer.status_code == 302
        hook = round_.organisation.webhooks.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = make_response(
                round=round_, respondent=admin.user, submitted=True
            )
        run_jobs()
        assert len(receiver.received) == 1
        headers, body = receiver.received[0]
        assert _verify(hook.secret, headers, body)
        assert not _verify("another secret", headers, body)
        payload = json.loads(body)
        assert payload["event"] == "response.submitted"
        assert payload["id"] == headers["X-LMM-Event-Id"]
        assert payload["data"]["response"] == response.pk
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == "delivered" and delivery.response_status == 200


def test_closing_a_round_on_its_page_sends_round_closed(
    client, allow_local, django_capture_on_commit_callbacks
):
    round_ = make_round(year=2026)
    admin = make_membership(organisation=round_.organisation, is_admin=True)
    with Receiver() as receiver:
        deliveries.webhook_create(
            organisation=round_.organisation,
            created_by=admin.user,
            url=receiver.url,
            events=["round.closed"],
        )
        client.force_login(admin.user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("assessments:round-close", args=[round_.pk]), {"confirm": "yes"}
            )
        run_jobs()
        assert [json.loads(b)["event"] for _h, b in receiver.received] == [
            "round.closed"
        ]


def test_a_failing_endpoint_is_retried_then_delivered(
    allow_local, django_capture_on_commit_callbacks
):
    membership = make_membership(is_admin=True)
    with Receiver(statuses=(500, 503, 200)) as receiver:
        hook = deliveries.webhook_create(
            organisation=membership.organisation,
            created_by=membership.user,
            url=receiver.url,
            events=["round.closed"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            deliveries.test_event_send(webhook=hook)
        for _ in range(3):
            run_jobs()
        assert len(receiver.received) == 3
        # Every attempt carries the same event id: the receiver can drop repeats.
        assert len({h["X-LMM-Event-Id"] for h, _b in receiver.received}) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.attempts == 3
    assert Job.objects.get(kind=Job.Kind.WEBHOOK).status == Job.Status.DONE


def test_the_test_button_sends_a_test_event(
    client, allow_local, django_capture_on_commit_callbacks
):
    membership = make_membership(is_admin=True)
    with Receiver() as receiver:
        hook = deliveries.webhook_create(
            organisation=membership.organisation,
            created_by=membership.user,
            url=receiver.url,
            events=["round.closed"],
        )
        client.force_login(membership.user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse(
                    "assessments:webhook-test",
                    args=[membership.organisation_id, hook.pk],
                )
            )
        run_jobs()
        assert json.loads(receiver.received[0][1])["event"] == "test"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.5/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://localhost/hook",
        "http://93.184.216.34/hook",
    ],
)
def test_private_addresses_and_plain_http_are_refused(url):
    with pytest.raises(ValidationError):
        addresses.check_url(url)


def test_the_page_refuses_a_private_address_with_a_message(client):
    membership = make_membership(is_admin=True)
    client.force_login(membership.user)
    answer = client.post(
        reverse("assessments:webhooks", args=[membership.organisation_id]),
        {"url": "https://127.0.0.1/x", "events": ["round.closed"]},
    )
    assert answer.status_code == 400
    assert "public addresses only" in answer.content.decode()
    assert not membership.organisation.webhooks.exists()


@pytest.mark.parametrize("who", ["member", "stranger"])
def test_only_the_organisations_admins_manage_webhooks(client, who):
    admin = make_membership(is_admin=True)
    hook = deliveries.webhook_create(
        organisation=admin.organisation,
        created_by=admin.user,
        url="https://93.184.216.34/hook",
        events=["round.closed"],
    )
    user = (
        make_membership(organisation=admin.organisation).user
        if who == "member"
        else make_membership(is_admin=True).user
    )
    client.force_login(user)
    organisation_id = admin.organisation_id
    assert (
        client.get(reverse("assessments:webhooks", args=[organisation_id])).status_code
        == 404
    )
    for name in ("webhook-test", "webhook-delete"):
        url = reverse(f"assessments:{name}", args=[organisation_id, hook.pk])
        assert client.post(url).status_code == 404
    assert admin.organisation.webhooks.exists()


def test_send_reminders_tells_of_each_overdue_action_once(
    allow_local, django_capture_on_commit_callbacks
):
    import datetime

    from django.core.management import call_command

    from tests.factories import make_action

    membership = make_membership(is_admin=True)
    overdue = make_action(
        organisation=membership.organisation,
        owner=membership,
        due_date=datetime.date(2001, 1, 1),
        year=2001,
    )
    make_action(organisation=membership.organisation, owner=membership)  # not due
    with Receiver() as receiver:
        deliveries.webhook_create(
            organisation=membership.organisation,
            created_by=membership.user,
            url=receiver.url,
            events=["action.overdue"],
        )
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_reminders", stdout=__import__("io").StringIO())
            run_jobs()
        assert len(receiver.received) == 1
        payload = json.loads(receiver.received[0][1])
        assert payload["event"] == "action.overdue"
        assert payload["data"]["action"] == overdue.pk


def test_the_delivery_log_is_for_superusers_only(client):
    from tests.factories import make_consultant, make_user

    membership = make_membership(is_admin=True)
    hook = deliveries.webhook_create(
        organisation=membership.organisation,
        created_by=membership.user,
        url="https://93.184.216.34/hook",
        events=["round.closed"],
    )
    deliveries.test_event_send(webhook=hook)
    url = reverse("admin:assessments_webhookdelivery_changelist")
    client.force_login(make_consultant(membership.organisation))
    assert client.get(url).status_code == 403
    client.force_login(make_user(is_staff=True, is_superuser=True))
    page = client.get(url)
    assert page.status_code == 200
    assert "93.184.216.34" in page.content.decode()
