"""The admin import's dry run lists every refused record with every field refused;
the write shows how far it got while its one transaction runs, and ends with a
summary and a link to the clients."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.bulk.imports import uploads
from assessments.models import Job, Profile, Response
from tests.bulk.helpers import record, upload
from tests.factories import (
    answers_for,
    make_organisation,
    make_response,
    make_round,
    make_user,
)
from tests.jobs.helpers import run_jobs

pytestmark = pytest.mark.django_db


def _refused(job):
    return {entry["record"]: dict(entry["errors"]) for entry in job.result["refused"]}


def test_the_dry_run_lists_every_refused_record_and_every_field(client, consultant):
    other = make_organisation(name="Not Yours")
    answers = answers_for()
    first_code = next(iter(answers))
    several = record(2, year="last year", role="ceo", respondent="not an address")
    bad_answers = dict(answers)
    bad_answers[first_code] = 99
    bad_answers["no-such-code"] = 1
    files = [
        record(1),
        several,
        record(3, answers=bad_answers),
        record(4),
        {k: v for k, v in record(5).items() if k != "organisation"}
        | {"organisation_id": other.pk},
        # The same person twice in one round.
        record(4),
        "not an object",
    ]
    page = upload(client, files)
    run_jobs()
    job = Job.objects.get()
    refused = _refused(job)
    assert sorted(refused) == [2, 3, 5, 6, 7]
    assert set(refused[2]) == {"year", "role", "respondent"}
    assert refused[3] == {
        f"answers.{first_code}": refused[3][f"answers.{first_code}"],
        "answers.no-such-code": "unknown question code",
    }
    assert "99 is not among" in refused[3][f"answers.{first_code}"]
    assert refused[5] == {
        "organisation_id": "this organisation is not one of your clients"
    }
    assert (
        "same organisation, year and respondent as record 4"
        in (refused[6]["respondent"])
    )
    assert refused[7] == {"": "a record must be a JSON object"}
    assert job.result["refused_count"] == 5
    html = client.get(page.url).content.decode()
    assert "5 records are refused" in html
    assert 'id="import-refused"' in html
    for text in ("ceo", "not an address", "no-such-code", "must be a whole number"):
        assert text in html
    assert 'id="import-confirm"' not in html
    assert not Response.objects.exists()


def test_records_of_existing_rounds_are_each_named(client, consultant):
    closed = make_round(organisation=consultant.own, year=2024, is_closed=True)
    open_round = make_round(organisation=consultant.own, year=2025)
    done = make_user(email="done@own.test", username="done@own.test")
    make_response(round=open_round, respondent=done, submitted=True)
    unconfirmed = make_user(email="new@own.test", username="new@own.test")
    Profile.objects.update_or_create(
        user=unconfirmed, defaults={"email_confirmed": False}
    )
    files = [
        record(1, organisation="Own Client", year=closed.year),
        record(2, organisation="Own Client", year=2025, respondent="done@own.test"),
        record(3, organisation="Own Client", year=2026, respondent="new@own.test"),
        record(4, organisation="Own Client", year=2026),
    ]
    upload(client, files, match="match")
    run_jobs()
    refused = _refused(Job.objects.get())
    assert refused == {
        1: {"year": "the round is closed"},
        2: {"respondent": "has already submitted a response for this round"},
        3: {"respondent": refused[3]["respondent"]},
    }
    assert "never confirmed" in refused[3]["respondent"]


def test_a_long_list_is_cut_and_says_how_many(client, consultant, monkeypatch):
    from assessments.bulk.imports import refusals

    monkeypatch.setattr(refusals, "LISTED", 3)
    upload(client, [record(n, role="boss") for n in range(1, 8)])
    run_jobs()
    job = Job.objects.get()
    assert job.result["refused_count"] == 7
    assert [entry["record"] for entry in job.result["refused"]] == [1, 2, 3]
    html = client.get(
        reverse("admin-portfolio:import-job", args=[job.pk])
    ).content.decode()
    assert "7 records are refused" in html
    assert "The first 3 of them are listed" in html


def test_the_write_shows_its_progress_from_outside_its_transaction(
    client, consultant, monkeypatch
):
    cache.clear()
    from assessments.bulk.imports import write

    monkeypatch.setattr(write, "CHUNK_SIZE", 2)
    real_write = uploads.import_write
    seen = []

    def watched(*, plan, progress):
        def progress_and_look(done):
            progress(done)
            job = Job.objects.get(key__startswith="import-write:")
            page = client.get(reverse("admin-portfolio:import-job", args=[job.pk]))
            seen.append(
                (
                    done,
                    f'data-written="{done}"' in page.content.decode(),
                    # The job's own row is not where the page read it.
                    Job.objects.filter(pk=job.pk, done=done).exists(),
                )
            )

        return real_write(plan=plan, chunk_size=2, progress=progress_and_look)

    monkeypatch.setattr(uploads, "import_write", watched)
    page = upload(client, [record(n) for n in range(1, 6)])
    run_jobs()
    client.post(reverse("admin-portfolio:import-confirm", args=[Job.objects.get().pk]))
    run_jobs()
    assert [(done, shown) for done, shown, _ in seen] == [
        (2, True),
        (4, True),
        (5, True),
    ]
    assert not any(in_row for _done, _shown, in_row in seen)
    write_job = Job.objects.get(key__startswith="import-write:")
    done = client.get(
        reverse("admin-portfolio:import-job", args=[write_job.pk])
    ).content.decode()
    assert "5 submitted responses imported" in done
    assert reverse("admin-portfolio:portfolio") in done
    assert 'id="job-progress"' not in done
    assert page.status_code == 302


def test_the_page_reads_the_write_progress_label(client, consultant):
    cache.clear()
    upload(client, [record(1), record(2)])
    run_jobs()
    check = Job.objects.get()
    client.post(reverse("admin-portfolio:import-confirm", args=[check.pk]))
    write_job = Job.objects.get(key__startswith="import-write:")
    uploads._written(write_job, 1)
    # Another process serves the page: nothing of this one's cache helps it.
    cache.clear()
    assert cache.get(uploads._written_key(write_job)) is None
    html = client.get(
        reverse("admin-portfolio:import-job", args=[write_job.pk])
    ).content.decode()
    assert "1 of 2 records written" in html
    assert 'data-written="1"' in html


@pytest.mark.parametrize(
    "bad",
    [
        {"organisation_id": [1]},
        {"organisation": {"name": "x"}},
        {"answers": {"x": [1]}},
        {"answers": [1, 2]},
        {"year": None, "role": [], "respondent": 5},
        {"version": [2]},
    ],
)
def test_odd_values_are_listed_not_crashed_on(client, consultant, bad):
    raw = record(1) | bad
    if "organisation_id" in bad:
        del raw["organisation"]
    if bad.get("answers") == {"x": [1]}:
        raw["answers"] = answers_for() | {next(iter(answers_for())): [1]}
    upload(client, [raw])
    run_jobs()
    job = Job.objects.get()
    assert job.status == "done"
    assert [entry["record"] for entry in job.result["refused"]] == [1]
