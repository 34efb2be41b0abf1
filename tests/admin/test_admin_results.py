"""Results in plain words in the admin, the response changelist, and the CSV action
with the columns of export_results."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.bulk.exports import columns
from assessments.models import Advice
from tests.factories import (
    answers_for,
    make_consultant,
    make_organisation,
    make_response,
    make_round,
    make_submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_round():
    round_ = make_round(year=2026)
    make_submitted(
        round_,
        marketing=answers_for(relationship=2, maturity=4),
        sales=answers_for(relationship=2, maturity=4, diagnostics={"diag-4": 0}),
    )
    return round_


@pytest.fixture
def consultant_client(client, team_round):
    client.force_login(make_consultant(team_round.organisation))
    return client


def test_the_response_page_reads_in_words_with_the_chart(consultant_client, team_round):
    response = team_round.responses.first()
    html = consultant_client.get(
        reverse("admin:assessments_response_change", args=[response.pk])
    ).content.decode()
    assert "Level 2: Defined" in html
    assert "Level 4: Dedicated lead management department" in html
    assert "Above the path" in html
    assert "defined on paper but not lived" in html
    assert '<svg role="img" aria-label="LMM grid' in html
    # Statement texts, not only codes, in the answers and the weakest statements.
    assert "rel-01" in html
    weakest = html.split("Weakest statements", 1)[1]
    assert "rel-" not in weakest.split("</dd>", 1)[0]


def test_the_round_page_shows_the_team_result_in_words_and_the_advice(
    consultant_client, team_round
):
    Advice.objects.create(
        round=team_round, author_name="Clara Berg", text="Live the process you wrote."
    )
    html = consultant_client.get(
        reverse("admin:assessments_round_change", args=[team_round.pk])
    ).content.decode()
    assert "Above the path" in html
    assert "Level 2: Defined" in html
    assert "Checks" in html
    assert "Live the process you wrote." in html and "Clara Berg" in html
    assert reverse("assessments:round-detail", args=[team_round.pk]) in html
    assert "<svg" in html


def test_the_response_changelist_has_the_listed_columns_filters_and_search(
    consultant_client, team_round
):
    url = reverse("admin:assessments_response_changelist")
    page = consultant_client.get(url)
    admin = page.context["cl"].model_admin
    assert list(admin.list_display) == [
        "organisation",
        "year",
        "role",
        "x_display",
        "y_display",
        "stage_display",
        "verdict_display",
    ]
    html = page.content.decode()
    for title in ("year", "industry", "stage", "verdict", "version"):
        assert f"By {title}" in html
    assert "4 Optimized" in html and "Above the path" in html
    email = team_round.responses.first().respondent.email
    assert consultant_client.get(url, {"q": email}).context["cl"].result_count == 1
    name = team_round.organisation.name
    assert consultant_client.get(url, {"q": name}).context["cl"].result_count == 2
    assert consultant_client.get(url, {"stage": "3"}).context["cl"].result_count == 1


def action(client, name, model, ids):
    return client.post(
        reverse(f"admin:assessments_{model}_changelist"),
        {"action": name, "_selected_action": ids},
    )


def exported(*args):
    out = io.StringIO()
    call_command("export_results", "--format", "csv", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_export_selected_responses_has_the_columns_of_export_results(
    consultant_client, team_round
):
    ids = list(team_round.responses.values_list("pk", flat=True))
    page = action(consultant_client, "export_responses", "response", ids)
    rows = list(csv.DictReader(io.StringIO(page.content.decode())))
    assert list(rows[0]) == list(columns.RESPONSE_COLUMNS)
    assert rows == exported()


def test_export_selected_rounds_has_the_columns_of_export_results(
    consultant_client, team_round
):
    page = action(consultant_client, "export_rounds", "round", [team_round.pk])
    rows = list(csv.DictReader(io.StringIO(page.content.decode())))
    assert list(rows[0]) == list(columns.ROUND_COLUMNS)
    assert rows == exported("--rounds")


def test_every_export_row_names_industry_size_volume_and_version(team_round):
    out = io.StringIO()
    call_command("export_results", stdout=out)
    for row in json.loads(out.getvalue()):
        assert row["industry"] == "Software"
        assert (row["revenue_team_size"], row["monthly_lead_volume"]) == (12, 500)
        assert row["questionnaire_version"] == team_round.questionnaire.version


def test_check_messages_read_as_sentences(client):
    organisation = make_organisation(revenue_team_size=150, monthly_lead_volume=500)
    round_ = make_round(organisation=organisation)
    response = make_response(
        round=round_,
        answers=answers_for(diagnostics={"diag-1": 0}, ownership=0),
        submitted=True,
    )
    client.force_login(make_consultant(organisation))
    html = client.get(
        reverse("admin:assessments_response_change", args=[response.pk])
    ).content.decode()
    assert "Scale: with a revenue team of 150 people" in html
    assert "scale_above_stage" not in html


def test_the_response_page_writes_x_and_y_with_two_decimals(client):
    round_ = make_round(year=2026)
    response = make_response(
        round=round_,
        role="sales",
        answers=answers_for(relationship=2, maturity=3),
        submitted=True,
    )
    type(response).objects.filter(pk=response.pk).update(y=1.5714285714285716)
    client.force_login(make_consultant(round_.organisation))
    html = client.get(
        reverse("admin:assessments_response_change", args=[response.pk])
    ).content.decode()
    assert "1.5714285714285716" not in html
    assert "1.57" in html
