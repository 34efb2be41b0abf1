"""Names must be visible and free of bidi overrides; errors quote little of the input."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.answering import answer_scoring
from assessments.models import Organisation
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from assessments.validators import clip, validate_visible_name
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ORGANISATION = {
    "industry": "Software",
    "revenue_team_size": 12,
    "monthly_lead_volume": 300,
    "role": "marketing",
}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("\u200b", "invisible_name"),
        ("\u200b\u200c\u200d\ufeff", "invisible_name"),
        ("\u3164\u2800\u00a0", "invisible_name"),
        ("Acme\u202eHmbG", "bidi_control"),
        ("\u2067Acme\u2069", "bidi_control"),
        ("Acme\u200f", "bidi_control"),
        ("Acme\nGmbH", "control_character"),
        ("Acme\x1b[31m", "control_character"),
    ],
)
def test_invisible_or_bidi_names_are_refused(client, name, code):
    with pytest.raises(ValidationError) as error:
        validate_visible_name(name)
    assert error.value.code == code
    client.force_login(make_user())
    page = client.post(
        reverse("assessments:organisation-create"), ORGANISATION | {"name": name}
    )
    assert page.status_code == 200
    assert page.context["form"].has_error("name", code)
    assert not Organisation.objects.exists()


def test_a_nul_in_a_name_is_refused():
    # Forms never get one (the request is refused first: tests/site/test_query_fuzzing.py);
    # the import and the admin's model validation do.
    with pytest.raises(ValidationError) as error:
        validate_visible_name("Acme\x00GmbH")
    assert error.value.code == "control_character"


@pytest.mark.parametrize(
    "name", ["Acme GmbH", "Müller & Söhne", "株式会社", "שלום", "3M"]
)
def test_ordinary_names_in_any_script_are_accepted(name):
    validate_visible_name(name)


def test_a_huge_role_value_is_not_echoed(client):
    client.force_login(make_user())
    huge = "r" * 100_000
    page = client.post(
        reverse("assessments:organisation-create"),
        ORGANISATION | {"name": "Acme", "role": huge},
    )
    assert page.status_code == 200
    errors = " ".join(page.context["form"].errors["role"])
    assert len(errors) < 120 and "rrrr" not in errors


def test_a_huge_answer_value_is_quoted_short():
    data = questionnaire_data(questionnaire_current())
    code = next(iter(data.questions))
    with pytest.raises(ValidationError) as error:
        answer_scoring.validate_answers(data, {code: "9" * 1_000_000, "x" * 10_000: 1})
    assert all(len(m) <= 200 for m in error.value.messages)
    assert all(len(key) <= 100 for key in error.value.message_dict)


def test_clip_keeps_short_values_and_cuts_long_ones():
    assert clip("abc") == "'abc'"
    assert len(clip("x" * 10_000)) == 100
    assert clip(12) == "12"
