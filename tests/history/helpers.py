"""Shared by the history tests: an admin, two years both answered by them, and the
history page's URL."""

import pytest
from django.urls import reverse

from tests.factories import answers_for, make_membership, make_response, make_round


@pytest.fixture
def admin():
    return make_membership(is_admin=True, role="marketing")


def two_years(admin, *, first=None, second=None):
    """Year one (2025) and year two (2026), both answered by the admin."""
    year_one = make_response(
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
        role="marketing",
        answers=first or answers_for(relationship=2, maturity=2),
        submitted=True,
    )
    year_two = make_response(
        round=make_round(organisation=admin.organisation, year=2026),
        respondent=admin.user,
        role="marketing",
        answers=second or answers_for(relationship=4, maturity=2),
        submitted=True,
    )
    return year_one, year_two


def history_url(organisation_id):
    return reverse("assessments:organisation-history", args=[organisation_id])
