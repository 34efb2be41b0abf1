"""Every way a response is submitted or a round closed tells the webhooks alike:
the pages, the import command, the admin's import and the admin's round form."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Job, Organisation, Response, WebhookDelivery
from assessments.webhooks import deliveries, events
from tests.factories import (
    answers_for,
    confirm_all_steps_but_last,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
    make_user,
)
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


def _hook(organisation, events=("response.submitted", "round.closed")):
    return deliveries.webhook_create(
        organisation=organisation,
        created_by=make_user(),
        url="https://93.184.216.34/hook",
        events=list(events),
    )


def _sent():
    return sorted(
        (d.event, d.payload["organisation"], d.payload["data"].get("round"))
        for d in WebhookDelivery.objects.all()
    )


def test_a_response_submitted_on_its_last_page(client):
    admin = make_membership(is_admin=True)
    _hook(admin.organisation)
    round_ = make_round(organisation=admin.organisation, year=2026)
    response = make_response(round=round_, respondent=admin.user)
    answers = answers_for()
    steps = confirm_all_steps_but_last(response, answers)
    client.force_login(admin.user)
    page = client.post(
        reverse("assessments:response-step", args=[response.round_id, len(steps)]),
        {c: answers[c] for c in steps[-1].codes if c in answers} | {"next": "1"},
    )
    assert page.status_code == 302
    assert _sent() == [("response.submitted", admin.organisation_id, response.round_id)]


def test_responses_imported_by_the_command(tmp_path):
    organisation = make_organisation(name="Acme GmbH")
    quiet = make_organisation(name="Quiet AG")
    _hook(organisation)
    records = [
        {
            "organisation_id": target.pk,
            "year": 2025,
            "respondent": f"{name}@acme.test",
            "role": "marketing",
            "answers": answers_for(),
        }
        for target, name in (
            (organisation, "ann"),
            (organisation, "bob"),
            (quiet, "cy"),
        )
    ]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(records))
    call_command("import_answers", str(path), stdout=io.StringIO())
    round_id = Response.objects.filter(round__organisation=organisation).values_list(
        "round_id", flat=True
    )[0]
    # One event per response of the organisation with a webhook, none for the other.
    assert _sent() == [("response.submitted", organisation.pk, round_id)] * 2
    ids = {d.payload["data"]["response"] for d in WebhookDelivery.objects.all()}
    assert ids == set(
        Response.objects.filter(round__organisation=organisation).values_list(
            "pk", flat=True
        )
    )


def test_a_dry_run_tells_nobody(tmp_path):
    organisation = make_organisation(name="Acme GmbH")
    _hook(organisation)
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps(
            [
                {
                    "organisation_id": organisation.pk,
                    "year": 2025,
                    "respondent": "ann@acme.test",
                    "role": "sales",
                    "answers": answers_for(),
                }
            ]
        )
    )
    call_command("import_answers", str(path), "--dry-run", stdout=io.StringIO())
    assert _sent() == []


def test_responses_imported_from_the_admin(client):
    own = make_organisation(name="Own Client")
    consultant = make_consultant(own)
    _hook(own)
    client.force_login(consultant)
    records = [
        {
            "organisation": "Own Client",
            "year": 2026,
            "respondent": f"p{n}@own.test",
            "role": "sales",
            "answers": answers_for(),
        }
        for n in range(3)
    ]
    page = client.post(
        reverse("admin-portfolio:import"),
        {
            "file": SimpleUploadedFile("a.json", json.dumps(records).encode()),
            "match": "match",
        },
    )
    run_jobs()
    # The dry run queued nothing.
    assert _sent() == []
    check = Job.objects.get()
    client.post(reverse("admin-portfolio:import-confirm", args=[check.pk]))
    run_jobs()
    assert page.status_code == 302
    round_id = Response.objects.values_list("round_id", flat=True).first()
    assert _sent() == [("response.submitted", own.pk, round_id)] * 3


def test_a_round_closed_on_its_page_and_from_the_admin(client):
    first = make_round(year=2025)
    second = make_round(year=2026)
    admin = make_membership(organisation=first.organisation, is_admin=True)
    _hook(first.organisation)
    _hook(second.organisation)
    client.force_login(admin.user)
    client.post(reverse("assessments:round-close", args=[first.pk]), {"confirm": "yes"})
    superuser = make_user(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    page = client.post(
        reverse("admin:assessments_round_change", args=[second.pk]),
        {"is_closed": "on"},
    )
    assert page.status_code == 302
    second.refresh_from_db()
    assert second.is_closed and second.closed_at is not None
    assert _sent() == sorted(
        [
            ("round.closed", first.organisation_id, first.pk),
            ("round.closed", second.organisation_id, second.pk),
        ]
    )
    # Saving the closed round again tells nobody twice.
    client.post(
        reverse("admin:assessments_round_change", args=[second.pk]),
        {"is_closed": "on"},
    )
    assert len(_sent()) == 2
    assert Organisation.objects.count() == 2


def test_a_submission_in_an_anonymous_round_names_neither_the_response_nor_its_role():
    organisation = make_organisation()
    _hook(organisation)
    named = make_round(organisation=organisation, year=2025)
    anonymous = make_round(organisation=organisation, year=2026, is_anonymous=True)
    for round_ in (named, anonymous):
        response = make_response(round=round_, role="sales", submitted=True)
        events.response_submitted(response=response)
    data = {
        d.payload["data"]["round"]: d.payload["data"]
        for d in WebhookDelivery.objects.filter(event="response.submitted")
    }
    assert data[named.pk]["role"] == "sales"
    assert "response" in data[named.pk]
    assert data[anonymous.pk] == {"round": anonymous.pk, "year": 2026}
