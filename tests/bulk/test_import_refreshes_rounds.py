"""An import refreshes the rounds it writes to as a submission does: once its write
has committed, a worker stores each round's team result (the latest of its
organisation flagged) and draws every reader's team and history chart in English
and German, so the first view of either page draws nothing."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.bulk.imports import write
from assessments.models import Job, Membership, Round, TeamResult
from assessments.reports import tasks as report_tasks
from assessments.teams import round_store
from tests.factories import (
    answers_for,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)
from tests.jobs.helpers import run_jobs
from tests.reports.test_chart_layouts import drawings  # noqa: F401
from tests.reports.test_round_charts_drawn import nothing_drawn, pages

pytestmark = pytest.mark.django_db


def record(n, organisation="Own Client", year=2026):
    return {
        "organisation": organisation,
        "year": year,
        "respondent": f"person{n}@own.test",
        "role": ("marketing", "sales")[n % 2],
        "answers": answers_for(relationship=1 + n % 4, maturity=2),
    }


@pytest.fixture
def client_with_last_year():
    """A consultant's client whose 2025 round is stored as its latest result."""
    own = make_organisation(name="Own Client")
    admin = make_membership(organisation=own, is_admin=True, role="leadership")
    last_year = make_round(organisation=own, year=2025)
    make_response(round=last_year, respondent=admin.user, submitted=True)
    round_store.round_refresh(round=last_year)
    assert TeamResult.objects.get(round=last_year).is_latest
    consultant = make_consultant(own)
    return own, admin.user, consultant


def admin_import(client, consultant, records, on_commit):
    """Upload, dry run, confirm and write, each job run by a worker as in
    production: a job's transaction commits before the next job runs."""
    client.force_login(consultant)
    content = json.dumps(records).encode()
    client.post(
        reverse("admin-portfolio:import"),
        {"file": SimpleUploadedFile("answers.json", content), "match": "match"},
    )
    run_jobs()
    check = Job.objects.get(key__startswith="import-check:")
    client.post(reverse("admin-portfolio:import-confirm", args=[check.pk]))
    with on_commit(execute=True):
        run_jobs()
    written = Job.objects.get(key__startswith="import-write:")
    assert written.status == Job.Status.DONE, written.error
    assert written.result["responses"] == len(records)


def readers(organisation, consultant):
    return [consultant] + [
        membership.user
        for membership in Membership.objects.filter(organisation=organisation)
    ]


def test_an_admin_import_stores_the_rounds_result_and_draws_every_readers_charts(
    client,
    client_with_last_year,
    django_capture_on_commit_callbacks,
    drawings,  # noqa: F811
):
    own, _admin, consultant = client_with_last_year
    admin_import(
        client, consultant, [record(1), record(2)], django_capture_on_commit_callbacks
    )
    round_ = Round.objects.get(organisation=own, year=2026)
    queued = Job.objects.filter(key__startswith="rounds-changed:")
    assert [job.payload["rounds"] for job in queued] == [[round_.pk]]
    assert not TeamResult.objects.filter(round=round_).exists()

    run_jobs()
    assert queued.get().status == Job.Status.DONE
    stored = TeamResult.objects.get(round=round_)
    assert (stored.respondents, stored.is_latest) == (2, True)
    assert not TeamResult.objects.get(round__year=2025).is_latest
    assert drawings()
    with nothing_drawn():
        for user in readers(own, consultant):
            client.force_login(user)
            pages(client, round_)


def test_without_the_refresh_the_rounds_first_view_would_draw(
    client,
    client_with_last_year,
    django_capture_on_commit_callbacks,
    monkeypatch,
    drawings,  # noqa: F811
):
    # The control: an import that queued nothing leaves the round unstored and
    # its team page to draw on the first view.
    own, admin, consultant = client_with_last_year
    monkeypatch.setattr(report_tasks, "rounds_changed", lambda *, round_ids: [])
    admin_import(
        client, consultant, [record(1), record(2)], django_capture_on_commit_callbacks
    )
    run_jobs()
    round_ = Round.objects.get(organisation=own, year=2026)
    assert not TeamResult.objects.filter(round=round_).exists()
    assert TeamResult.objects.get(round__year=2025).is_latest
    client.force_login(admin)
    with nothing_drawn(), pytest.raises(AssertionError, match="drawn in a web"):
        pages(client, round_)


def test_the_refresh_is_queued_after_the_write_commits_never_inside_it(
    client_with_last_year, django_capture_on_commit_callbacks, tmp_path
):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps([record(1), record(2, organisation="New Ltd")]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command(
            "import_answers",
            str(path),
            "--match-organisations",
            stdout=io.StringIO(),
        )
        # Written, but nothing queued while the transaction is open.
        assert get_user_model().objects.filter(email="person1@own.test").exists()
        assert not Job.objects.filter(key__startswith="rounds-changed:").exists()
    assert callbacks
    for callback in callbacks:
        callback()
    job = Job.objects.get(key__startswith="rounds-changed:")
    assert sorted(job.payload["rounds"]) == sorted(
        Round.objects.filter(year=2026).values_list("pk", flat=True)
    )
    run_jobs()
    assert set(
        TeamResult.objects.filter(is_latest=True).values_list(
            "round__organisation__name", "round__year"
        )
    ) == {("Own Client", 2026), ("New Ltd", 2026)}


def test_a_large_import_shares_its_rounds_between_jobs(
    client_with_last_year, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(report_tasks, "ROUNDS_PER_JOB", 2)
    from assessments.bulk.imports.check import OrganisationMatch
    from assessments.bulk.imports.plan import ExistingAccounts, import_plan

    records = [record(n, organisation=f"Client {n}") for n in range(5)]
    plan = import_plan(
        records=records,
        match=OrganisationMatch.STRICT,
        existing=ExistingAccounts.REFUSE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        write.import_write(plan=plan)
    jobs = Job.objects.filter(key__startswith="rounds-changed:").order_by("pk")
    assert [len(job.payload["rounds"]) for job in jobs] == [2, 2, 1]
    run_jobs()
    assert TeamResult.objects.filter(round__year=2026, is_latest=True).count() == 5
    assert [job.result["rounds"] for job in jobs.all()] == [2, 2, 1]


def test_a_refused_import_queues_nothing(
    client_with_last_year, django_capture_on_commit_callbacks, tmp_path
):
    bad = record(2)
    bad["answers"] = {"diag-1": 99}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps([record(1), bad]))
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CommandError, match="Nothing was imported"),
    ):
        call_command("import_answers", str(path), "--match-organisations")
    assert not Job.objects.filter(key__startswith="rounds-changed:").exists()
