"""Imports carry the organisation's industry, revenue-team size and lead volume, so
imported clients are found by the portfolio's filters and judged at their scale."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessments.bulk.imports import uploads
from assessments.models import Organisation, Response
from assessments.organisations import create
from tests.factories import answers_for, make_user

pytestmark = pytest.mark.django_db


def run(tmp_path, records, *args):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(records))
    out = io.StringIO()
    call_command("import_answers", str(path), *args, stdout=out)
    return out.getvalue()


def record(**overrides):
    fields = {
        "organisation": "Novem AG",
        "year": 2025,
        "respondent": "ann@novem.test",
        "role": "marketing",
        "answers": answers_for(),
    }
    fields.update(overrides)
    return fields


def test_a_new_organisation_is_created_with_the_profile_its_records_give(tmp_path):
    run(
        tmp_path,
        [
            record(industry=" Logistics ", revenue_team_size=40),
            record(respondent="bob@novem.test", monthly_lead_volume=900),
        ],
    )
    organisation = Organisation.objects.get(name="Novem AG")
    assert organisation.industry == "Logistics"
    assert organisation.revenue_team_size == 40
    assert organisation.monthly_lead_volume == 900
    # The responses are judged at the organisation's scale.
    assert set(
        Response.objects.filter(round__organisation=organisation).values_list(
            "revenue_team_size", flat=True
        )
    ) == {40}


def test_an_existing_organisation_takes_the_values_given(tmp_path):
    existing = create.organisation_create(creator=make_user(), name="Old Client")
    existing.industry = "Retail"
    existing.save()
    by_id = {k: v for k, v in record().items() if k != "organisation"}
    run(tmp_path, [{**by_id, "organisation_id": existing.pk, "revenue_team_size": 7}])
    existing.refresh_from_db()
    assert existing.revenue_team_size == 7
    # A field the file does not give is kept.
    assert existing.industry == "Retail"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("industry", "", "field 'industry': must be a non-empty text"),
        ("industry", 12, "field 'industry': must be a non-empty text"),
        ("industry", "x" * 101, "field 'industry': at most 100 characters"),
        ("revenue_team_size", "ten", "field 'revenue_team_size': must be a whole"),
        ("revenue_team_size", 0, "field 'revenue_team_size': must be between 1"),
        ("revenue_team_size", True, "field 'revenue_team_size': must be a whole"),
        ("monthly_lead_volume", -1, "field 'monthly_lead_volume': must be between 0"),
        ("monthly_lead_volume", 2.5, "field 'monthly_lead_volume': must be a whole"),
    ],
)
def test_a_bad_profile_field_is_refused_naming_record_and_field(
    tmp_path, field, value, message
):
    with pytest.raises(CommandError, match=f"record 2, {message}"):
        run(tmp_path, [record(), record(respondent="bob@novem.test", **{field: value})])
    assert not Organisation.objects.filter(name="Novem AG").exists()


def test_the_csv_template_and_csv_records_carry_the_profile():
    template = uploads.csv_template()
    header = template.splitlines()[0].split(",")
    for name in ("industry", "revenue_team_size", "monthly_lead_volume"):
        assert name in header
    (parsed,) = uploads.parse_csv_records(template)
    assert parsed["industry"] == "Software"
    assert parsed["revenue_team_size"] == 12 and parsed["monthly_lead_volume"] == 300
