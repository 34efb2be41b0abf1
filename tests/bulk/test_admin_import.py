"""Consultants import from the admin: upload, a dry run by a worker, confirm, the
import by a worker, and a summary; into their own clients or new ones only."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.models import Job, Organisation, Response
from tests.bulk.helpers import IMPORT_URL, record, upload
from tests.factories import make_consultant, make_organisation, make_user
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


def test_a_consultant_checks_confirms_and_sees_the_summary(client, consultant):
    page = upload(client, [record(1), record(2)])
    assert page.status_code == 302
    check_url = page.url
    waiting = client.get(check_url).content.decode()
    assert 'data-status="queued"' in waiting
    assert '<meta http-equiv="refresh" content="1">' in waiting
    assert not Organisation.objects.filter(name="Nordwind GmbH").exists()
    run_jobs()
    preview = client.get(check_url).content.decode()
    assert "2 submitted responses" in preview
    assert "1 new organisation, assigned to you: Nordwind GmbH" in preview
    assert "2 new accounts, 0 existing accounts found" in preview
    assert 'id="import-confirm"' in preview
    assert "http-equiv" not in preview
    # The dry run wrote nothing.
    assert not Response.objects.exists()
    job = Job.objects.get()
    confirmed = client.post(reverse("admin-portfolio:import-confirm", args=[job.pk]))
    write_url = confirmed.url
    assert write_url != check_url
    # Confirming twice starts one import.
    client.post(reverse("admin-portfolio:import-confirm", args=[job.pk]))
    assert Job.objects.count() == 2
    assert 'data-phase="write"' in client.get(write_url).content.decode()
    run_jobs()
    done = client.get(write_url).content.decode()
    assert (
        "2 submitted responses imported: 1 new organisations, 2 new accounts, "
        "1 new rounds." in done
    )
    assert reverse("admin-portfolio:portfolio") in done
    nordwind = Organisation.objects.get(name="Nordwind GmbH")
    assert list(nordwind.consultants.all()) == [consultant]
    assert Response.objects.filter(status="submitted").count() == 2
    # The new client is on the consultant's portfolio.
    portfolio = client.get(reverse("admin-portfolio:portfolio")).content.decode()
    assert "Nordwind GmbH" in portfolio


def test_the_csv_template_round_trips(client, consultant):
    template = client.get(reverse("admin-portfolio:import-template"))
    assert template["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(template.content.decode())))
    header, example = rows
    assert header[:7] == [
        "organisation",
        "organisation_id",
        "year",
        "respondent",
        "role",
        "version",
        header[6],
    ]
    assert "diag-1" in header
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    example[header.index("organisation")] = "Own Client"
    example[header.index("organisation_id")] = ""
    writer.writerow(example)
    page = upload(
        client, name="answers.csv", content=out.getvalue().encode(), match="match"
    )
    assert page.status_code == 302
    run_jobs()
    preview = client.get(page.url).content.decode()
    assert "Adds to 1 existing client: Own Client (1 record)" in preview


def test_a_bad_record_is_named_with_its_field_and_nothing_is_written(
    client, consultant
):
    bad = record(2)
    bad["year"] = "last year"
    page = upload(client, [record(1), bad])
    run_jobs()
    html = client.get(page.url).content.decode()
    assert "The file is refused; nothing was written." in html
    assert "record 2, field &#x27;year&#x27;" in html
    assert 'id="import-confirm"' not in html
    job = Job.objects.get()
    assert client.post(
        reverse("admin-portfolio:import-confirm", args=[job.pk])
    ).url == reverse("admin-portfolio:import-job", args=[job.pk])
    assert Job.objects.count() == 1
    assert not Response.objects.exists()


def test_a_consultant_cannot_import_into_another_consultants_client(client, consultant):
    other = make_organisation(name="Not Yours")
    for raw in (
        {**record(1), "organisation_id": other.pk},
        {**record(1), "organisation": "Not Yours"},
    ):
        if "organisation_id" in raw:
            del raw["organisation"]
        page = upload(client, [raw], match="match")
        run_jobs()
        html = client.get(page.url).content.decode()
        assert "this organisation is not one of your clients" in html
    assert not Response.objects.filter(round__organisation=other).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("answers.txt", b"[]", "Upload a .json or a .csv file."),
        ("answers.json", b"{not json", "malformed JSON"),
        ("answers.json", b"\xff\xfe", "not UTF-8"),
        ("answers.csv", b"a,b\n1,2\n", "the CSV&#x27;s first row must name"),
    ],
)
def test_an_unreadable_file_is_a_400_with_a_clear_message(
    client, consultant, name, content, message
):
    page = upload(client, name=name, content=content)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Job.objects.exists()


def test_nobody_else_reaches_an_import(client, consultant):
    page = upload(client, [record(1)])
    job = Job.objects.get()
    client.force_login(make_consultant())
    assert client.get(page.url).status_code == 404
    assert (
        client.post(
            reverse("admin-portfolio:import-confirm", args=[job.pk])
        ).status_code
        == 404
    )
    client.force_login(make_user())
    assert "/admin/login/" in client.get(page.url).url
    assert "/admin/login/" in client.get(IMPORT_URL).url


def test_an_existing_account_is_listed_left_out_and_invited_never_attached(
    client, consultant, mailoutbox
):
    """Issue 19's rule in the admin: an account found by address joins only by
    accepting an invitation to that address."""
    existing = make_user(
        email="person1@nordwind.test", username="person1@nordwind.test"
    )
    page = upload(client, [record(1), record(2)])
    run_jobs()
    preview = client.get(page.url).content.decode()
    assert "Existing accounts left out" in preview
    assert "person1@nordwind.test (record 1)" in preview
    check = Job.objects.get()
    done_url = client.post(
        reverse("admin-portfolio:import-confirm", args=[check.pk])
    ).url
    run_jobs()
    done = client.get(done_url).content.decode()
    assert "1 submitted responses imported" in done
    assert "1 existing account was emailed an invitation." in done
    nordwind = Organisation.objects.get(name="Nordwind GmbH")
    assert not nordwind.memberships.filter(user=existing).exists()
    assert not Response.objects.filter(respondent=existing).exists()
    (invitation,) = nordwind.invitations.all()
    assert invitation.email == "person1@nordwind.test"
    assert [m.to for m in mailoutbox] == [["person1@nordwind.test"]]
