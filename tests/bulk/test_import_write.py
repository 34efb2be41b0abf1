"""import_write writes chunk by chunk in one transaction: a fixed number of queries
per chunk, rows shared across chunks made once, and a failing chunk undoes them all."""

import math

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.bulk.imports.plan import import_plan
from assessments.bulk.imports.read import ImportRejected
from assessments.bulk.imports.write import import_write
from assessments.models import Answer, Membership, Organisation, Response, Round
from tests.factories import answers_for, make_user

pytestmark = pytest.mark.django_db

CHUNK = 10
# Organisations inserted; users looked up and inserted; memberships looked up and
# inserted; rounds looked up and inserted; drafts looked up; responses and answers
# inserted.
QUERIES_PER_CHUNK = 10


def records(count, organisation="Chunk Ltd", per_organisation=4, year=2025):
    answers = answers_for()
    return [
        {
            "organisation": f"{organisation} {n // per_organisation}",
            "year": year,
            "respondent": f"p{n}@chunk.test",
            "role": ("marketing", "sales")[n % 2],
            "answers": answers,
        }
        for n in range(count)
    ]


def inserts_into(queries, model):
    table = connection.ops.quote_name(model._meta.db_table)
    return [q for q in queries if q["sql"].startswith(f"INSERT INTO {table}")]


@pytest.mark.parametrize("count", [CHUNK, 35])
def test_each_chunk_is_one_insert_of_responses_and_a_fixed_number_of_queries(
    count, django_assert_max_num_queries
):
    plan = import_plan(records=records(count))
    chunks = math.ceil(count / CHUNK)
    # Two more: the savepoint of the transaction inside the test's own, and its
    # release; and one for the webhooks listening to the new responses, once.
    with (
        django_assert_max_num_queries(QUERIES_PER_CHUNK * chunks + 3),
        CaptureQueriesContext(connection) as queries,
    ):
        summary = import_write(plan=plan, chunk_size=CHUNK)
    assert len(inserts_into(queries.captured_queries, Response)) == chunks
    assert summary.responses == Response.objects.filter(status="submitted").count()
    assert summary.responses == count
    assert Answer.objects.count() == count * len(answers_for())


def test_an_organisation_and_a_person_spanning_chunks_are_made_once():
    # Twelve respondents of one organisation over two years: 24 records, 3 chunks.
    file = records(12, per_organisation=12, year=2024)
    file += records(12, per_organisation=12, year=2025)
    summary = import_write(plan=import_plan(records=file), chunk_size=CHUNK)
    assert Organisation.objects.filter(name="Chunk Ltd 0").count() == 1
    assert summary.organisations_created == 1
    assert summary.users_created == 12
    assert summary.rounds_created == 2
    assert Round.objects.count() == 2
    assert Membership.objects.count() == 12
    assert Response.objects.filter(status="submitted").count() == 24


def test_a_failure_in_the_last_chunk_undoes_every_earlier_chunk():
    file = records(25)
    plan = import_plan(records=file)
    # After the check, someone takes the username the last record's new user needs:
    # only the third chunk's insert can fail.
    make_user(username="p24@chunk.test", email="other@chunk.test")
    before = get_user_model().objects.count()
    with pytest.raises(ImportRejected):
        import_write(plan=plan, chunk_size=CHUNK)
    assert get_user_model().objects.count() == before
    assert not Organisation.objects.exists()
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_the_plan_keeps_the_parsed_records_not_a_copy_of_each():
    file = records(3)
    plan = import_plan(records=file)
    assert plan.records is file
    assert plan.new_users == ("p0@chunk.test", "p1@chunk.test", "p2@chunk.test")
