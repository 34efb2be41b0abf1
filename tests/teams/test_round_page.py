"""The team page: who has answered, closing a round, the points, the gap and its queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Response
from tests.factories import (
    answers_for,
    make_membership,
    make_response,
    make_round,
    make_submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    membership = make_membership(role="leadership", is_admin=True)
    client.force_login(membership.user)
    return membership


def test_admin_sees_who_answered_but_not_draft_answers(client, admin):
    round_ = make_round(organisation=admin.organisation)
    drafting = make_response(round=round_, answers={"rel-01": 5}, role="sales")
    done = make_response(round=round_, submitted=True, role="marketing")
    page = client.get(reverse("assessments:round-detail", args=[round_.pk]))
    html = page.content.decode()
    assert drafting.respondent.email in html and "in progress" in html
    assert done.respondent.email in html and "submitted" in html
    draft_url = reverse("assessments:response-result", args=[drafting.pk])
    assert client.get(draft_url).status_code == 404
    done_url = reverse("assessments:response-result", args=[done.pk])
    assert client.get(done_url).status_code == 200


def test_closing_a_round_stops_answers(client, admin):
    round_ = make_round(organisation=admin.organisation)
    member = make_membership(organisation=admin.organisation, role="sales")
    make_response(
        round=round_, respondent=member.user, role="sales", answers={"rel-01": 2}
    )
    client.post(
        reverse("assessments:round-close", args=[round_.pk]), {"confirm": "yes"}
    )
    round_.refresh_from_db()
    assert round_.is_closed
    client.force_login(member.user)
    page = client.post(
        reverse("assessments:response-step", args=[round_.pk, 1]),
        {f"rel-{i:02d}": 4 for i in range(1, 11)} | {"next": "1"},
    )
    assert page.status_code == 302
    response = Response.objects.get(round=round_, respondent=member.user)
    assert not response.is_submitted
    page = client.get(
        reverse("assessments:response-step", args=[round_.pk, 1]), follow=True
    )
    assert "This round is closed and takes no more answers." in page.content.decode()
    assert response.answers.get(question__code="rel-01").choice.value == 2


def test_non_admins_cannot_close_a_round(client):
    member = make_membership(role="sales")
    round_ = make_round(organisation=member.organisation)
    client.force_login(member.user)
    assert (
        client.post(reverse("assessments:round-close", args=[round_.pk])).status_code
        == 404
    )
    round_.refresh_from_db()
    assert not round_.is_closed


def test_one_response_shows_that_result_and_asks_for_more_voices(client, admin):
    round_ = make_round(organisation=admin.organisation)
    make_response(
        round=round_, respondent=admin.user, submitted=True, role="leadership"
    )
    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()
    assert "A team view needs more voices" in html
    assert "<svg" not in html


def test_round_page_shows_all_points_the_team_and_the_gap(client, admin):
    round_ = make_round(organisation=admin.organisation)
    make_submitted(
        round_,
        marketing=answers_for(relationship=4, maturity=2),
        sales=answers_for(relationship=2, maturity=2),
    )
    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()
    assert "Respondent 1</a>" in html and "Respondent 2</a>" in html
    assert "Respondents (small dots in their role" in html
    assert "Team (combined)" in html
    # Hand calculation: marketing x = 4 - 1 = 3, sales x = 2 - 1 = 1, team x = 2;
    # practices only talked about (2) are not defined: y = 0.
    assert "x = 2.00, y = 0.00" in html
    assert (
        "Marketing sees it 2.00 points higher than Sales (x 3.00 against 1.00)" in html
    )
    assert (
        "2 levels apart on the relationship and 0 levels apart on lead management"
        in html
    )
    assert "Marketing agrees more (4.0 against 2.0 on a 1–5 scale)." in html
    assert 'id="reading-guide"' in html


def test_round_page_query_count_does_not_grow_with_respondents(
    client, admin, django_assert_num_queries
):
    round_ = make_round(organisation=admin.organisation)
    for role in ("marketing", "sales"):
        make_response(round=round_, role=role, submitted=True)
    url = reverse("assessments:round-detail", args=[round_.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as two_respondents:
        client.get(url)
    # Read now: every request clears the connection's query log.
    expected = len(two_respondents.captured_queries)
    for role in ("marketing", "sales", "lead_management", "other"):
        make_response(round=round_, role=role, submitted=True)
    client.get(url)
    with django_assert_num_queries(expected):
        client.get(url)


def test_team_page_places_the_team_at_the_stage_half_its_members_reach(client, admin):
    # Each member says No to a different one of diag-1, diag-2, diag-3 (Yes to the
    # rest, ownership Yes): each is Stage 2; the per-question majority says Stage 4.
    round_ = make_round(organisation=admin.organisation)
    for role, no in (("marketing", "diag-1"), ("sales", "diag-2"), ("other", "diag-3")):
        make_response(
            round=round_,
            role=role,
            answers=answers_for(diagnostics={no: 0}, ownership=1),
            submitted=True,
        )

    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()

    assert "Stage 2 · Defined</dd>" in html
    assert "3 members at stage 2 Defined" in html
    assert 'id="stage-limited"' in html
    assert "Optimized" not in html


def test_team_page_lists_statements_members_rate_two_steps_apart(client, admin):
    round_ = make_round(organisation=admin.organisation)
    for role, rating in (("marketing", 5), ("sales", 2), ("other", 2)):
        make_response(
            round=round_,
            role=role,
            answers=answers_for(relationship=rating, maturity=3),
            submitted=True,
        )

    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()

    # The median of 5, 2, 2 is 2: one outlier does not lift the team to level 3.
    assert "x = 1.00" in html
    assert 'id="splits"' in html
    assert "ratings from 2 to 5, median 2" in html
    # 20 statements are split: the eight widest are named, the rest counted.
    assert html.count("ratings from 2 to 5, median 2") == 8
    assert "and 12 more statements rated two steps or more apart" in html


def test_with_two_respondents_members_see_no_spread_or_splits_admins_do(client, admin):
    # Two respondents: a split's range or the stage spread would give away the
    # other person's answers to a member; the organisation's admin sees them.
    round_ = make_round(organisation=admin.organisation)
    member = make_membership(organisation=admin.organisation, role="sales")
    make_response(
        round=round_,
        respondent=member.user,
        role="sales",
        answers=answers_for(relationship=5, diagnostics={"diag-1": 0}, ownership=1),
        submitted=True,
    )
    make_response(
        round=round_,
        role="marketing",
        answers=answers_for(relationship=2),
        submitted=True,
    )
    url = reverse("assessments:round-detail", args=[round_.pk])

    client.force_login(member.user)
    as_member = client.get(url).content.decode()
    client.force_login(admin.user)
    as_admin = client.get(url).content.decode()

    assert 'id="members-private"' in as_member
    assert "ratings from 2 to 5" not in as_member
    assert "member at stage" not in as_member
    assert "ratings from 2 to 5" in as_admin
    assert "1 member at stage 2 Defined" in as_admin


def test_the_kept_table_of_points_is_each_readers_own(client, admin):
    """The table of points is kept under a digest of what it shows: an admin's copy,
    which names every respondent, is never served to a member."""
    round_ = make_round(organisation=admin.organisation)
    others = [
        make_response(round=round_, submitted=True, role=role)
        for role in ("marketing", "marketing", "sales", "sales")
    ]
    member = make_membership(organisation=admin.organisation, role="sales")
    own = make_response(round=round_, respondent=member.user, submitted=True)
    url = reverse("assessments:round-detail", args=[round_.pk])

    def points(page):
        html = page.content.decode()
        return html[
            html.index('id="team-points"') : html.index(
                "</section>", html.index('id="team-points"')
            )
        ]

    as_admin = points(client.get(url))
    assert all(r.respondent.email in as_admin for r in others)
    client.force_login(member.user)
    as_member = points(client.get(url))
    assert not any(r.respondent.email in as_member for r in others)
    own_url = reverse("assessments:response-result", args=[own.pk])
    assert own_url in as_member
    assert as_member.count('href="/') == 1
    # A new submission changes what the table shows: not the kept copy.
    make_response(round=round_, submitted=True, role="marketing")
    assert points(client.get(url)).count("<tr>") == as_member.count("<tr>") + 1


def test_the_kept_list_of_who_answered_follows_each_change(client, admin):
    round_ = make_round(organisation=admin.organisation)
    drafting = make_response(round=round_, answers={"rel-01": 5}, role="sales")
    url = reverse("assessments:round-detail", args=[round_.pk])

    def state_of(email):
        html = client.get(url).content.decode()
        start = html.index(email)
        return html[start : html.index("</li>", start)]

    assert "in progress" in state_of(drafting.respondent.email)
    # The same person's answers submitted.
    drafting.delete()
    make_response(
        round=round_, respondent=drafting.respondent, role="sales", submitted=True
    )
    assert "submitted" in state_of(drafting.respondent.email)
    newcomer = make_membership(organisation=admin.organisation, role="marketing")
    assert "not started" in state_of(newcomer.user.email)
