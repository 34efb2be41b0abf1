"""Creating an organisation (views/organisations.py)."""

import pytest
from django.urls import reverse

from assessments.models import Organisation
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("revenue_team_size", -3), ("revenue_team_size", "many"), ("name", "")],
)
def test_organisation_form_rejects_bad_input(client, field, value):
    client.force_login(make_user())
    data = {
        "name": "Acme",
        "revenue_team_size": 5,
        "monthly_lead_volume": 10,
        "role": "sales",
    }
    data[field] = value
    page = client.post(reverse("assessments:organisation-create"), data)
    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert not Organisation.objects.exists()
