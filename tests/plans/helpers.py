"""Shared by the action plan tests: the frozen date, an admin and a member, and the
statement and form they adopt with."""

import datetime

import pytest
from django.utils import timezone

from assessments.questionnaire.data import questionnaire_data
from tests.factories import make_membership

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


def action_form(**overrides):
    data = {"title": "Agree the lead definition", "due_date": "2026-09-30", "notes": ""}
    data.update(overrides)
    return data
