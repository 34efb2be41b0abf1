"""Answering the questionnaire in tests: a signed-in member, starting their
response, and the step URLs."""

import pytest
from django.urls import reverse

from assessments.models import Round
from tests.factories import make_membership


def step_url(round_, step):
    return reverse("assessments:response-step", args=[round_.pk, step])


def answers_of(codes, answers):
    return {code: answers[code] for code in codes}


@pytest.fixture
def member(client):
    membership = make_membership(role="marketing", is_admin=True)
    client.force_login(membership.user)
    return membership


def start(client, membership):
    page = client.post(
        reverse("assessments:response-start", args=[membership.organisation_id])
    )
    round_ = Round.objects.get(organisation=membership.organisation)
    return page, round_
