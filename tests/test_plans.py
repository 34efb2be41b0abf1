import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments import plan_review, plans, services
from assessments.models import Action, Reminder, Response, Round
from assessments.selectors import questionnaire_data
from tests.factories import (
    answers_for,
    make_action,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Every date the code asks for is 15 June 2026, noon UTC."""
    moment = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return TODAY


@pytest.fixture
def admin():
    return make_membership(role="leadership", is_admin=True)


@pytest.fixture
def member(admin):
    return make_membership(organisation=admin.organisation, role="sales")


def first_statement(round_):
    return questionnaire_data(round_.questionnaire).part_questions("relationship")[0]


def label(round_, code, value):
    return questionnaire_data(round_.questionnaire).choices[code][value].label


def adopt_url(membership, round_, code):
    base = reverse("assessments:action-create", args=[membership.organisation_id])
    return f"{base}?round={round_.pk}&source={code}"


def action_form(**overrides):
    data = {"title": "Agree the lead definition", "due_date": "2026-09-30", "notes": ""}
    data.update(overrides)
    return data


# Adopting from the upgrade path


def test_a_member_adopts_a_weak_statement_from_their_result(client, member):
    round_ = make_round(organisation=member.organisation, year=2026)
    response = make_response(
        round=round_, respondent=member.user, role="sales", submitted=True
    )
    client.force_login(member.user)
    page = client.get(reverse("assessments:response-result", args=[response.pk]))
    html = page.content.decode()
    weakest = plan_review.response_plan_section(
        response=response,
        result=services.response_result(response=response),
        viewer=member.user,
    ).statements[0]
    assert adopt_url(member, round_, weakest.code).replace("&", "&amp;") in html

    form_page = client.get(adopt_url(member, round_, weakest.code))
    assert form_page.status_code == 200
    assert escape(weakest.title) in form_page.content.decode()
    page = client.post(
        adopt_url(member, round_, weakest.code),
        action_form(title=weakest.title, owner=member.pk),
    )
    assert page.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.source_code, action.round, action.year) == (
        Action.Source.STATEMENT,
        weakest.code,
        round_,
        2026,
    )
    assert (action.owner, action.created_by, action.status) == (
        member,
        member.user,
        Action.Status.OPEN,
    )
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert "In the plan" in html


def test_an_item_is_adopted_once_per_round(client, member):
    round_ = make_round(organisation=member.organisation)
    code = first_statement(round_).code
    client.force_login(member.user)
    client.post(adopt_url(member, round_, code), action_form(owner=member.pk))
    page = client.post(adopt_url(member, round_, code), action_form(owner=member.pk))
    assert page.status_code == 400
    assert escape(str(plans.MESSAGE_ALREADY_ADOPTED)) in page.content.decode()
    assert Action.objects.count() == 1


def test_a_member_adopts_a_next_stage_requirement(client, member):
    round_ = make_round(organisation=member.organisation)
    code = plans.requirement_code(3, 2)
    client.force_login(member.user)
    client.post(adopt_url(member, round_, code), action_form(owner=member.pk))
    action = Action.objects.get()
    assert (action.source, action.source_code) == (Action.Source.REQUIREMENT, code)


@pytest.mark.parametrize("code", ["diag-1", "nonsense", "req-9-1", "req-3-99", ""])
def test_an_unknown_source_adopts_nothing_and_says_why(client, member, code):
    round_ = make_round(organisation=member.organisation)
    client.force_login(member.user)
    page = client.post(adopt_url(member, round_, code), action_form(owner=member.pk))
    assert page.status_code == 400
    assert escape(str(plans.MESSAGE_UNKNOWN_SOURCE)) in page.content.decode()
    assert not Action.objects.exists()


def test_a_round_of_another_organisation_cannot_be_adopted_from(client, member):
    other_round = make_round()
    client.force_login(member.user)
    url = adopt_url(member, other_round, first_statement(other_round).code)
    assert client.post(url, action_form(owner=member.pk)).status_code == 404
    assert not Action.objects.exists()


def test_only_admins_add_free_actions(client, admin, member):
    url = reverse("assessments:action-create", args=[admin.organisation_id])
    client.force_login(member.user)
    page = client.post(url, action_form(owner=member.pk))
    assert page.status_code == 403
    assert escape(str(plans.MESSAGE_FREE_ACTIONS_ADMIN_ONLY)) in page.content.decode()
    assert not Action.objects.exists()

    client.force_login(admin.user)
    assert client.post(url, action_form(owner=member.pk)).status_code == 302
    action = Action.objects.get()
    assert (action.source, action.source_code, action.owner) == ("free", "", member)


def test_a_free_action_follows_up_the_latest_assessment(client, admin):
    make_round(organisation=admin.organisation, year=2025)
    client.force_login(admin.user)
    client.post(
        reverse("assessments:action-create", args=[admin.organisation_id]),
        action_form(owner=admin.pk),
    )
    assert Action.objects.get().year == 2025


# Who edits what


def update_url(action):
    return reverse(
        "assessments:action-update", args=[action.organisation_id, action.pk]
    )


def update_form(action, **overrides):
    data = {
        "title": action.title,
        "owner": action.owner_id,
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "notes": action.notes,
    }
    data.update(overrides)
    return data


def test_the_owner_edits_their_own_action(client, member):
    action = make_action(owner=member)
    client.force_login(member.user)
    page = client.post(update_url(action), update_form(action, status="in_progress"))
    assert page.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_an_admin_edits_every_action(client, admin, member):
    action = make_action(owner=member)
    client.force_login(admin.user)
    client.post(update_url(action), update_form(action, status="done", owner=admin.pk))
    action.refresh_from_db()
    assert (action.status, action.owner) == ("done", admin)


def test_another_member_can_neither_open_nor_change_someone_elses_action(
    client, member
):
    action = make_action(owner=member)
    colleague = make_membership(organisation=member.organisation)
    client.force_login(colleague.user)
    assert client.get(update_url(action)).status_code == 403
    page = client.post(update_url(action), update_form(action, status="dropped"))
    assert page.status_code == 403
    assert escape(str(plans.MESSAGE_NOT_YOURS)) in page.content.decode()
    action.refresh_from_db()
    assert action.status == "open"
    plan = client.get(reverse("assessments:plan-detail", args=[action.organisation_id]))
    assert update_url(action) not in plan.content.decode()


# Bad input: a clear message and a 4xx, nothing saved


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_date": "2026-13-45"}, "Enter a valid date as YYYY-MM-DD."),
        ({"due_date": "tomorrow"}, "Enter a valid date as YYYY-MM-DD."),
        ({"due_date": "1900-01-01"}, "Choose a due date between 2000 and 2100."),
        ({"due_date": "2026-06-14"}, "The due date cannot be in the past."),
        ({"status": "finished"}, "Choose one of: open, in progress, done, dropped."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"title": ""}, "This field is required."),
        ({"notes": "x" * 2001}, "at most 2000 characters"),
        ({"owner": "abc"}, "Choose a member of this organisation as the owner."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, member, overrides, message):
    action = make_action(owner=member)
    before = Action.objects.values().get()
    client.force_login(member.user)
    page = client.post(update_url(action), update_form(action, **overrides))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert Action.objects.values().get() == before


def test_the_owner_must_be_a_member_of_the_organisation(client, admin):
    stranger = make_membership()
    client.force_login(admin.user)
    page = client.post(
        reverse("assessments:action-create", args=[admin.organisation_id]),
        action_form(owner=stranger.pk),
    )
    assert page.status_code == 400
    assert "Choose a member of this organisation as the owner." in (
        page.content.decode()
    )
    assert not Action.objects.exists()
    with pytest.raises(Exception, match="must be a member"):
        plans.action_create(
            organisation=admin.organisation,
            created_by=admin.user,
            title="x",
            owner=stranger,
            due_date=TODAY,
        )


def test_an_overdue_action_keeps_its_past_date_when_edited(client, member):
    action = make_action(owner=member, due_date=datetime.date(2026, 5, 1))
    client.force_login(member.user)
    client.post(update_url(action), update_form(action, status="in_progress"))
    action.refresh_from_db()
    assert (action.status, action.due_date) == (
        "in_progress",
        datetime.date(2026, 5, 1),
    )


# The plan page


def test_the_plan_lists_open_actions_first_marks_overdue_and_puts_finished_below(
    client, member
):
    late = make_action(owner=member, title="Late one", due_date=TODAY.replace(day=1))
    soon = make_action(owner=member, title="Soon one", due_date=TODAY.replace(day=20))
    busy = make_action(
        owner=member,
        title="Busy one",
        due_date=TODAY.replace(month=8),
        status="in_progress",
    )
    make_action(owner=member, title="Done one", status="done")
    make_action(owner=member, title="Dropped one", status="dropped")
    client.force_login(member.user)
    page = client.get(reverse("assessments:plan-detail", args=[member.organisation_id]))
    assert page.status_code == 200
    html = page.content.decode()
    active, finished = html.split('id="finished-heading"')
    order = [active.index(title) for title in ("Late one", "Soon one", "Busy one")]
    assert order == sorted(order)
    assert "Done one" in finished and "Dropped one" in finished
    assert "Done one" not in active
    assert "1 action is overdue." in active
    rows = {
        row.action.pk: row.is_overdue
        for row in plans.plan_for(membership=member).active
    }
    assert rows == {late.pk: True, soon.pk: False, busy.pk: False}


def test_the_plan_page_queries_do_not_grow_with_actions_or_members(
    client, admin, django_assert_num_queries
):
    make_action(owner=admin)
    client.force_login(admin.user)
    url = reverse("assessments:plan-detail", args=[admin.organisation_id])
    client.get(url)
    with django_assert_num_queries(4) as small:
        assert client.get(url).status_code == 200
    for number in range(5):
        colleague = make_membership(organisation=admin.organisation)
        make_action(owner=colleague, status="done" if number % 2 else "open")
        make_action(owner=colleague, due_date=TODAY.replace(day=1))
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("lmm-plan-action") == 11


def test_result_and_team_pages_do_not_grow_with_actions_or_years(client, member):
    def page_queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as counted:
            assert client.get(url).status_code == 200
        return len(counted.captured_queries)

    client.force_login(member.user)
    counts = {}
    for years in (2, 4):
        for year in range(2026 - years + 1, 2027):
            round_ = make_round(organisation=member.organisation, year=year)
            response = make_response(
                round=round_, respondent=member.user, submitted=True
            )
            for _number in range(years):
                make_action(owner=member, round=round_, year=year, source_code="rel-01")
        counts[years] = (
            page_queries(reverse("assessments:response-result", args=[response.pk])),
            page_queries(reverse("assessments:round-detail", args=[round_.pk])),
        )
        Action.objects.all().delete()
        Response.objects.all().delete()
        Round.objects.all().delete()
    assert counts[2] == counts[4]


def test_the_result_links_to_the_plan(client, member):
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert reverse("assessments:plan-detail", args=[member.organisation_id]) in html


# Next year's result: how last year's actions went


@pytest.fixture
def two_years(member):
    """A 2025 round and a 2026 round of the same organisation."""
    return (
        make_round(organisation=member.organisation, year=2025),
        make_round(organisation=member.organisation, year=2026),
    )


def test_next_years_result_says_the_action_is_done_and_the_rating_rose(
    client, member, two_years
):
    first, second = two_years
    code = first_statement(first).code
    make_response(
        round=first,
        respondent=member.user,
        answers=answers_for() | {code: 2},
        submitted=True,
    )
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    response = make_response(
        round=second,
        respondent=member.user,
        answers=answers_for() | {code: 4},
        submitted=True,
    )
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert "Actions adopted since 2025" in html
    expected = (
        f"Done, and the rating rose from {label(first, code, 2)} "
        f"to {label(second, code, 4)}."
    )
    assert expected in html


def test_a_fallen_or_unchanged_rating_is_said_plainly(member, two_years):
    first, second = two_years
    code = first_statement(first).code
    make_response(
        round=first,
        respondent=member.user,
        answers=answers_for() | {code: 4},
        submitted=True,
    )
    fell = make_action(owner=member, round=first, year=2025, source_code=code)
    response = make_response(
        round=second,
        respondent=member.user,
        answers=answers_for() | {code: 3},
        submitted=True,
    )
    section = plan_review.response_plan_section(
        response=response,
        result=services.response_result(response=response),
        viewer=member.user,
    )
    assert [item.action for item in section.review] == [fell]
    assert section.review[0].sentence == (
        f"Open, and the rating fell from {label(first, code, 4)} "
        f"to {label(second, code, 3)}."
    )
    fell.status = "in_progress"
    assert (
        plan_review.review_sentence(
            fell,
            before=3.0,
            after=3.0,
            data_before=questionnaire_data(first.questionnaire),
            data_after=questionnaire_data(second.questionnaire),
        )
        == f"In progress, and the rating stayed at {label(second, code, 3)}."
    )


def test_a_respondent_without_last_years_answers_sees_the_status_only(
    client, member, two_years
):
    first, second = two_years
    code = first_statement(first).code
    make_response(round=first, answers=answers_for() | {code: 1}, submitted=True)
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    response = make_response(round=second, respondent=member.user, submitted=True)
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    # Another person's 2025 answers are never compared with this respondent's.
    assert "Done; the statement was not rated in both years." in html


def test_the_team_page_compares_the_teams_combined_ratings(client, member, two_years):
    first, second = two_years
    code = first_statement(first).code
    for rating in (2, 3):
        make_response(
            round=first, answers=answers_for() | {code: rating}, submitted=True
        )
    for rating in (4, 4):
        make_response(
            round=second, answers=answers_for() | {code: rating}, submitted=True
        )
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    make_action(owner=member, year=2026, title="Adopted this year")
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:round-detail", args=[second.pk])
    ).content.decode()
    expected = (
        f"Done, and the rating rose from 2.5 ({label(first, code, 3)}) "
        f"to {label(second, code, 4)}."
    )
    assert expected in html
    assert "Adopted this year" not in html


def test_the_team_page_keeps_a_lone_respondents_rating_to_admins(
    client, admin, member, two_years
):
    first, second = two_years
    code = first_statement(first).code
    make_response(round=first, answers=answers_for() | {code: 2}, submitted=True)
    for _number in range(2):
        make_response(round=second, answers=answers_for() | {code: 4}, submitted=True)
    make_action(owner=member, round=first, year=2025, source_code=code, status="done")
    url = reverse("assessments:round-detail", args=[second.pk])
    client.force_login(member.user)
    html = client.get(url).content.decode()
    assert escape(str(plan_review.MISSING_TEAM) % {"status": "Done"}) in html
    assert "rose from" not in html
    client.force_login(admin.user)
    html = client.get(url).content.decode()
    assert (
        f"Done, and the rating rose from {label(first, code, 2)} "
        f"to {label(second, code, 4)}."
    ) in html


def test_a_one_response_team_page_offers_no_statements_to_adopt(client, member):
    round_ = make_round(organisation=member.organisation)
    response = make_response(round=round_, submitted=True)
    weakest = services.response_result(response=response).upgrade.weakest
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:round-detail", args=[round_.pk])
    ).content.decode()
    assert weakest
    assert not any(f"source={code}" in html for code in weakest)


def test_a_first_year_has_no_review_section(client, member):
    response = make_response(
        round=make_round(organisation=member.organisation),
        respondent=member.user,
        submitted=True,
    )
    client.force_login(member.user)
    html = client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()
    assert 'id="plan-review"' not in html


# export_results --actions


def export(*args):
    out = io.StringIO()
    call_command("export_results", "--actions", *args, stdout=out)
    return out.getvalue()


def test_export_lists_one_row_per_action(member):
    other = make_membership(organisation=make_organisation(name="Beta"))
    make_action(
        owner=member,
        year=2025,
        source_code="rel-01",
        title="First",
        due_date=datetime.date(2026, 7, 1),
        status="done",
    )
    make_action(owner=other, title="Second")
    rows = json.loads(export())
    assert len(rows) == 2
    first = next(row for row in rows if row["title"] == "First")
    assert first == {
        "organisation": member.organisation.name,
        "year": 2025,
        "title": "First",
        "source": "statement",
        "source_code": "rel-01",
        "owner": member.user.email,
        "due_date": "2026-07-01",
        "status": "done",
    }
    table = list(csv.DictReader(io.StringIO(export("--format", "csv"))))
    assert [row["title"] for row in table] == [row["title"] for row in rows]
    assert table[0].keys() == first.keys()


def test_export_of_actions_and_rounds_at_once_is_refused():
    with pytest.raises(CommandError, match="one of"):
        call_command("export_results", "--actions", "--rounds", stdout=io.StringIO())


@pytest.mark.parametrize("model", ["action", "reminder"])
def test_consultants_see_actions_and_reminders_in_the_admin(
    client, admin_user, member, model
):
    action = make_action(owner=member, source_code="rel-01")
    Reminder.objects.create(
        kind="action",
        recipient=member.user,
        organisation=member.organisation,
        action=action,
        sent_on=TODAY,
    )
    client.force_login(admin_user)
    page = client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert page.status_code == 200
    assert member.organisation.name in page.content.decode()
    change = client.get(reverse("admin:assessments_action_change", args=[action.pk]))
    assert change.status_code == 200
