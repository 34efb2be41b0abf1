"""Anonymous rounds: a round of five (two from marketing, three from sales) read by
its admin, a member, the consultant and a superuser shows nobody's answers or point,
and a role only from the organisation's threshold on."""

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Organisation, Round
from assessments.organisations import rounds
from tests.factories import (
    answers_for,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)
from tests.jobs.helpers import fetch_report

pytestmark = pytest.mark.django_db

# Each person rates the relationship differently, so each one's x is their own.
MARKETING_RATINGS = (5, 4)
SALES_RATINGS = (1, 2, 3)


@pytest.fixture
def anonymous_round():
    admin = make_membership(is_admin=True, role="leadership")
    round_ = make_round(organisation=admin.organisation, is_anonymous=True)
    people = [
        make_response(
            round=round_,
            role=role,
            answers=answers_for(relationship=rating),
            submitted=True,
        )
        for role, ratings in (
            ("marketing", MARKETING_RATINGS),
            ("sales", SALES_RATINGS),
        )
        for rating in ratings
    ]
    return admin, round_, people


def individual_traces(people, *, except_for=None):
    """What would give a person away: their address, their answers' page, and for
    marketing (a role below the threshold) their point."""
    for response in people:
        if response == except_for:
            continue
        yield response.respondent.email
        yield reverse("assessments:response-result", args=[response.pk])
        if response.role == "marketing":
            yield f"{response.x:.2f}"


def outside_charts(html: str) -> str:
    """The page without its drawings, whose coordinates are numbers too; the charts
    are checked by their respondent points."""
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.S)


def readers(admin, round_):
    return {
        "admin": admin.user,
        "member": make_membership(organisation=round_.organisation).user,
        "consultant": make_consultant(round_.organisation),
        "superuser": make_consultant(round_.organisation, is_superuser=True),
    }


@pytest.mark.parametrize("who", ["admin", "member", "consultant", "superuser"])
def test_the_team_page_shows_no_individual(client, anonymous_round, who):
    admin, round_, people = anonymous_round
    client.force_login(readers(admin, round_)[who])
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "anonymous-round" in html
    for trace in individual_traces(people):
        assert trace not in outside_charts(html)
    assert page.context["respondent_rows"] == []
    assert not re.findall(r'id="lmm-point-respondent-', html)
    # Sales has three respondents and is shown; marketing's two are not, nor the gap.
    assert [group["role"] for group in page.context["roles"]] == ["sales"]
    assert page.context["gap"] is None
    assert "gap is shown once marketing and sales each have 3" in html
    assert page.context["team"]["count"] == 5


def test_a_respondent_sees_their_own_row_and_no_one_elses(client, anonymous_round):
    _admin, round_, people = anonymous_round
    own = people[0]
    client.force_login(own.respondent)
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    html = page.content.decode()
    for trace in individual_traces(people, except_for=own):
        assert trace not in outside_charts(html)
    (row,) = page.context["respondent_rows"]
    assert row["label"] == "You"
    assert row["response_id"] == own.pk
    assert len(re.findall(r'id="lmm-point-respondent-', html)) <= 2  # wide + compact
    assert (
        client.get(reverse("assessments:response-result", args=[own.pk])).status_code
        == 200
    )


def test_below_the_threshold_not_even_the_team_result_is_shown(client):
    admin = make_membership(is_admin=True, role="leadership")
    round_ = make_round(organisation=admin.organisation, is_anonymous=True)
    people = [
        make_response(
            round=round_,
            role="sales",
            answers=answers_for(relationship=r),
            submitted=True,
        )
        for r in (1, 5)
    ]
    client.force_login(admin.user)
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    html = page.content.decode()
    assert "anonymous-waiting" in html
    assert page.context["team"] is None
    assert "lmm-point-respondent-" not in html
    for response in people:
        assert f"{response.x:.2f}" not in outside_charts(html)
        assert response.respondent.email not in html


def test_a_lower_threshold_shows_marketing_and_the_gap(client, anonymous_round):
    admin, round_, _people = anonymous_round
    Organisation.objects.filter(pk=round_.organisation_id).update(anonymity_threshold=2)
    client.force_login(admin.user)
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    assert [g["role"] for g in page.context["roles"]] == ["marketing", "sales"]
    assert page.context["gap"] is not None
    assert page.context["respondent_rows"] == []


def test_the_team_pdf_shows_no_individual(client, anonymous_round):
    admin, round_, people = anonymous_round
    client.force_login(admin.user)
    pdf = fetch_report(client, reverse("assessments:round-report", args=[round_.pk]))
    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Anonymous round" in text
    for trace in individual_traces(people):
        assert trace not in text


def test_exports_leave_out_the_responses_and_the_hidden_gap(anonymous_round):
    _admin, round_, people = anonymous_round
    out = io.StringIO()
    call_command("export_results", stdout=out)
    assert json.loads(out.getvalue()) == []
    out = io.StringIO()
    call_command("export_results", "--rounds", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert row["responses"] == 5
    assert row["marketing_x"] is None and row["gap_x"] is None
    assert row["stage"] is not None
    for trace in individual_traces(people):
        assert trace not in out.getvalue()


def test_the_admin_lists_no_response_and_exports_none(client, anonymous_round):
    admin, round_, people = anonymous_round
    client.force_login(make_consultant(round_.organisation, is_superuser=True))
    changelist = client.get(reverse("admin:assessments_response_changelist"))
    html = changelist.content.decode()
    for response in people:
        assert (
            reverse("admin:assessments_response_change", args=[response.pk]) not in html
        )
        assert client.get(
            reverse("admin:assessments_response_change", args=[response.pk])
        ).status_code in (302, 404)
    round_page = client.get(
        reverse("admin:assessments_round_change", args=[round_.pk])
    ).content.decode()
    client_page = client.get(
        reverse("admin-portfolio:client", args=[round_.organisation_id])
    ).content.decode()
    exported = client.post(
        reverse("admin:assessments_round_changelist"),
        {"action": "export_rounds", "_selected_action": [round_.pk]},
    ).content.decode()
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows[0]["gap_x"] == ""
    for text in (round_page, client_page, exported):
        assert "lmm-point-respondent-" not in text
        for trace in individual_traces(people):
            assert trace not in outside_charts(text)


def test_a_round_takes_the_setting_when_it_opens_and_keeps_it(client):
    admin = make_membership(is_admin=True, role="leadership")
    client.force_login(admin.user)
    url = reverse("assessments:organisation-anonymity", args=[admin.organisation_id])
    client.post(url, {"anonymous_rounds": "on", "anonymity_threshold": "4"})
    organisation = Organisation.objects.get(pk=admin.organisation_id)
    assert (organisation.anonymous_rounds, organisation.anonymity_threshold) == (
        True,
        4,
    )
    round_ = rounds.round_get_or_create(organisation=organisation, year=2026)
    assert round_.is_anonymous
    client.post(url, {"anonymity_threshold": "3"})
    assert Round.objects.get(pk=round_.pk).is_anonymous
    assert not Organisation.objects.get(pk=admin.organisation_id).anonymous_rounds


@pytest.mark.parametrize("value", ["1", "0", "-3", "many", "", "51"])
def test_a_threshold_below_two_or_not_a_number_is_refused_with_a_message(client, value):
    admin = make_membership(is_admin=True, role="leadership")
    client.force_login(admin.user)
    url = reverse("assessments:organisation-anonymity", args=[admin.organisation_id])
    page = client.post(
        url, {"anonymous_rounds": "on", "anonymity_threshold": value}, follow=True
    )
    assert page.status_code == 200
    assert Organisation.objects.get(pk=admin.organisation_id).anonymity_threshold == 3
    assert any("2" in str(m) for m in page.context["messages"])


def test_members_are_told_before_they_answer(client):
    organisation = make_organisation(anonymous_rounds=True)
    member = make_membership(organisation=organisation, role="sales")
    client.force_login(member.user)
    home = client.get(reverse("assessments:home")).content.decode()
    assert f"anonymous-{organisation.pk}" in home
    start = client.post(
        reverse("assessments:response-start", args=[organisation.pk]), follow=True
    )
    assert "anonymous-round" in start.content.decode()


def test_a_plain_member_can_not_change_the_setting(client):
    admin = make_membership(is_admin=True, role="leadership")
    member = make_membership(organisation=admin.organisation)
    client.force_login(member.user)
    url = reverse("assessments:organisation-anonymity", args=[admin.organisation_id])
    assert client.post(url, {"anonymous_rounds": "on"}).status_code == 404
    assert not Organisation.objects.get(pk=admin.organisation_id).anonymous_rounds


def test_a_respondents_own_report_is_theirs_alone(client, anonymous_round):
    admin, _round, people = anonymous_round
    own = people[0]
    url = reverse("assessments:response-report", args=[own.pk])
    client.force_login(admin.user)
    assert client.get(url).status_code == 404
    client.force_login(own.respondent)
    pdf = fetch_report(client, url)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
