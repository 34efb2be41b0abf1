import pytest
from rest_framework.test import APIClient

from assessments.api import tokens
from tests.factories import make_consultant, make_membership, make_response, make_round


@pytest.fixture
def api():
    return APIClient()


def bearer(client, user, scope="read"):
    created = tokens.token_create(user=user, name="test", scope=scope, days=30)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.secret}")
    return client


@pytest.fixture
def team(db):
    """An organisation with a round two members submitted (one of them its admin), a
    consultant assigned to it and a stranger from another organisation."""
    round_ = make_round()
    organisation = round_.organisation
    admin = make_membership(organisation=organisation, is_admin=True)
    member = make_membership(organisation=organisation, role="sales")
    make_response(round=round_, respondent=admin.user, submitted=True)
    make_response(round=round_, respondent=member.user, role="sales", submitted=True)
    consultant = make_consultant(organisation)
    stranger = make_membership(is_admin=True)
    return {
        "round": round_,
        "organisation": organisation,
        "admin": admin,
        "member": member,
        "consultant": consultant,
        "stranger": stranger.user,
    }
