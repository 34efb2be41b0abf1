"""Pages and bulk commands stay constant in queries as the data grows.

Each test counts the queries of the same request or command at two sizes of data;
the counts must be equal (or, for the SQLite insert batches of an import, follow a
formula that does not grow per record).
"""

import io
import math

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.bulk.exports import streams
from assessments.bulk.imports.plan import import_plan
from assessments.bulk.imports.write import import_write
from assessments.models import Round
from tests.factories import (
    answers_for,
    make_membership,
    make_organisation,
    make_response,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db


def queries_of(action) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        action()
    return [query["sql"] for query in captured]


def get_count(client, url) -> int:
    client.get(url)  # caches, sessions and the questionnaire warm
    page = None

    def fetch():
        nonlocal page
        page = client.get(url)

    count = len(queries_of(fetch))
    assert page.status_code == 200
    return count


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_organisation_change_page_does_not_query_per_member(admin_client):
    organisation = make_organisation()
    make_membership(organisation=organisation)
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])
    one = get_count(admin_client, url)
    for _ in range(49):
        make_membership(organisation=organisation)
    fifty = get_count(admin_client, url)
    assert fifty == one
    # The members are still shown, each named beside the id box.
    page = admin_client.get(url).content.decode()
    for membership in organisation.memberships.select_related("user"):
        change = reverse("admin:auth_user_change", args=[membership.user.pk])
        assert f'<strong><a href="{change}">{membership.user}</a></strong>' in page


def test_the_response_and_organisation_changelists_are_constant(admin_client):
    make_response(submitted=True)
    responses = reverse("admin:assessments_response_changelist")
    organisations = reverse("admin:assessments_organisation_changelist")
    few = get_count(admin_client, responses), get_count(admin_client, organisations)
    for _ in range(30):
        make_response(submitted=True)
    many = get_count(admin_client, responses), get_count(admin_client, organisations)
    assert many == few


def test_the_home_page_of_a_user_in_many_organisations_is_constant(client):
    user = make_user()
    client.force_login(user)

    def join_one():
        organisation = make_organisation()
        make_membership(organisation=organisation, user=user, is_admin=True)
        # A past year, so the history list has something to show.
        past = make_round(organisation=organisation, year=2025)
        make_response(round=past, respondent=user, submitted=True)
        make_round(organisation=organisation, year=2026)

    join_one()
    one = get_count(client, reverse("assessments:home"))
    for _ in range(49):
        join_one()
    fifty = get_count(client, reverse("assessments:home"))
    assert fifty == one


def test_a_round_page_is_constant_in_its_respondents(client):
    round_ = make_round()
    leader = make_user()
    make_membership(organisation=round_.organisation, user=leader, is_admin=True)
    client.force_login(leader)
    url = reverse("assessments:round-detail", args=[round_.pk])
    roles = ("marketing", "sales", "leadership")
    for number in range(2):
        make_response(round=round_, role=roles[number % 3], submitted=True)
    two = get_count(client, url)
    for number in range(48):
        make_response(round=round_, role=roles[number % 3], submitted=True)
    fifty = get_count(client, url)
    assert fifty == two


def records(count, prefix):
    return [
        {
            "organisation": f"{prefix} {n // 5}",
            "year": 2025,
            "respondent": f"p{n}@{prefix}.test",
            "role": ("marketing", "sales")[n % 2],
            "answers": answers_for(),
        }
        for n in range(count)
    ]


def test_an_import_runs_the_same_queries_at_100_and_300_records_but_inserts():
    def run(count, prefix):
        items = records(count, prefix)
        return queries_of(lambda: import_write(plan=import_plan(records=items)))

    small, large = run(100, "small"), run(300, "large")

    def split(queries):
        inserts = [q for q in queries if q.lstrip().upper().startswith("INSERT")]
        return len(queries) - len(inserts), len(inserts)

    (small_other, small_inserts), (large_other, large_inserts) = (
        split(small),
        split(large),
    )
    assert large_other == small_other
    # Inserts come in batches: every answer of a 500-record chunk in one statement,
    # users, memberships and responses in as many rows as the database takes in one
    # statement (SQLite: 999 parameters, so at least 40 rows of these tables).
    for count, inserts in ((100, small_inserts), (300, large_inserts)):
        assert inserts <= 2 + 3 * math.ceil(count / 40) + math.ceil(count / 500)
    assert Round.objects.filter(organisation__name__startswith="large").count() == 60


def test_export_results_runs_the_same_queries_at_two_sizes():
    def export(*args):
        return queries_of(
            lambda: call_command("export_results", *args, stdout=io.StringIO())
        )

    round_ = make_round()
    make_response(round=round_, submitted=True)
    export()  # the questionnaire is loaded once per process
    small = len(export()), len(export("--rounds")), len(export("--format", "csv"))
    for number in range(30):
        round_ = make_round() if number % 3 == 0 else round_
        make_response(round=round_, submitted=True)
    large = len(export()), len(export("--rounds")), len(export("--format", "csv"))
    assert large == small


def test_exports_read_a_fixed_number_of_streams_across_many_fetches(monkeypatch):
    import json

    from assessments.answering import answer_scoring
    from assessments.bulk.exports import rows as bulk_exports_rows
    from assessments.models import Response

    # Three rows per fetch: every stream crosses many fetch boundaries.
    monkeypatch.setattr(streams, "FETCH_SIZE", 3)
    rounds = [make_round() for _ in range(4)]
    for number in range(14):
        make_response(
            round=rounds[number % 4],
            answers=answers_for(relationship=1 + number % 4, maturity=1 + number % 3),
            submitted=True,
        )

    def export(*args):
        out = io.StringIO()
        queries = queries_of(lambda: call_command("export_results", *args, stdout=out))
        return queries, json.loads(out.getvalue())

    export()  # the questionnaire is loaded once per process
    queries, rows = export()
    assert len(queries) == 2  # the responses (with their figures), the answers
    expected = {}
    for response in Response.objects.select_related(
        "round__organisation", "round__questionnaire", "respondent"
    ):
        result = answer_scoring.response_result(response=response)
        expected[(response.round.organisation.name, response.respondent.email)] = (
            bulk_exports_rows.plan_fields(result)
        )
    # Each row's checks and weakest answers come from its own answers: the merge
    # kept the two streams in step.
    assert len(rows) == 14
    assert len({str(plan) for plan in expected.values()}) > 1
    for row in rows:
        key = (row["organisation"], row["respondent"])
        assert {"checks": row["checks"], "actions": row["actions"]} == expected[key]
    queries, rounds_rows = export("--rounds")
    assert len(queries) == 3  # the rounds, their responses, the answers
    assert sorted(row["responses"] for row in rounds_rows) == [3, 3, 4, 4]
