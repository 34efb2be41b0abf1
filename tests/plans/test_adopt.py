"""Adopting a weak statement or a next-stage requirement as an action, and free
actions (plans.py)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.answering import answer_scoring
from assessments.models import Action
from assessments.plans import actions as plan_actions
from assessments.plans import review
from tests.factories import make_response, make_round
from tests.plans.helpers import (
    action_form,
    admin,  # noqa: F401 - a fixture
    first_statement,
    frozen_today,  # noqa: F401 - an autouse fixture
    member,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


def adopt_url(membership, round_, code):
    base = reverse("assessments:action-create", args=[membership.organisation_id])
    return f"{base}?round={round_.pk}&source={code}"


# Adopting from the upgrade path


def test_a_member_adopts_a_weak_statement_from_their_result(client, member):
    round_ = make_round(organisation=member.organisation, year=2026)
    response = make_response(
        round=round_, respondent=member.user, role="sales", submitted=True
    )
    client.force_login(member.user)
    page = client.get(reverse("assessments:response-result", args=[response.pk]))
    html = page.content.decode()
    weakest = review.response_plan_section(
        response=response,
        result=answer_scoring.response_result(response=response),
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
    assert escape(str(plan_actions.MESSAGE_ALREADY_ADOPTED)) in page.content.decode()
    assert Action.objects.count() == 1


def test_a_member_adopts_a_next_stage_requirement(client, member):
    round_ = make_round(organisation=member.organisation)
    code = plan_actions.requirement_code(3, 2)
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
    assert escape(str(plan_actions.MESSAGE_UNKNOWN_SOURCE)) in page.content.decode()
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
    assert (
        escape(str(plan_actions.MESSAGE_FREE_ACTIONS_ADMIN_ONLY))
        in page.content.decode()
    )
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


def test_the_form_and_the_plan_name_no_internal_code(client, member):
    round_ = make_round(organisation=member.organisation, year=2026)
    response = make_response(
        round=round_, respondent=member.user, role="sales", submitted=True
    )
    weakest = review.response_plan_section(
        response=response,
        result=answer_scoring.response_result(response=response),
        viewer=member.user,
    ).statements[0]
    client.force_login(member.user)
    form_page = client.get(adopt_url(member, round_, weakest.code)).content.decode()
    # What a reader sees: the text, not the links' and fields' addresses.
    assert weakest.code not in re.sub(r"<[^>]+>", " ", form_page)
    client.post(
        adopt_url(member, round_, weakest.code),
        action_form(title=weakest.title, owner=member.pk),
    )
    plan = client.get(
        reverse("assessments:plan-detail", args=[member.organisation_id])
    ).content.decode()
    assert weakest.code not in re.sub(r"<[^>]+>", " ", plan)
