import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.bulk.exports import columns
from tests.factories import (
    make_action,
    make_consultant,
    make_membership,
    make_response,
    make_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation_with_data():
    round_ = make_round(year=2026)
    organisation = round_.organisation
    organisation.name = "=HYPERLINK(1)"
    organisation.save()
    admin = make_membership(organisation=organisation, is_admin=True)
    member = make_membership(organisation=organisation)
    make_response(round=round_, respondent=admin.user, submitted=True)
    make_response(round=round_, respondent=member.user, submitted=True)
    make_action(
        organisation=organisation,
        owner=member,
        title="+cmd|' /C calc'!A0",
        due_date=datetime.date(2027, 3, 31),
    )
    # Another organisation's data never shows.
    make_response(submitted=True)
    make_action()
    return organisation, admin, member


def _csv(client, organisation, table):
    answer = client.get(
        reverse("assessments:organisation-export-csv", args=[organisation.pk, table])
    )
    assert answer.status_code == 200
    return list(csv.reader(io.StringIO(answer.content.decode())))


def _same(value, text) -> bool:
    """A cell read from the workbook holds what the CSV's cell says."""
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return str(value) == text
    if isinstance(value, int | float):
        return float(text) == value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() == text
    return value == text


def test_the_workbook_opens_and_matches_the_csv(client, organisation_with_data):
    organisation, admin, _member = organisation_with_data
    client.force_login(admin.user)
    answer = client.get(
        reverse("assessments:organisation-export-xlsx", args=[organisation.pk])
    )
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["results", "rounds", "plan"]
    expected_columns = {
        "results": columns.RESPONSE_COLUMNS,
        "rounds": columns.ROUND_COLUMNS,
        "plan": columns.ACTION_COLUMNS,
    }
    for name in book.sheetnames:
        sheet_rows = list(book[name].iter_rows(values_only=True))
        csv_rows = _csv(client, organisation, name)
        assert list(sheet_rows[0]) == list(expected_columns[name]) == csv_rows[0]
        assert len(sheet_rows) == len(csv_rows)
        for sheet_row, csv_row in zip(sheet_rows[1:], csv_rows[1:], strict=True):
            assert len(sheet_row) == len(csv_row)
            assert all(map(_same, sheet_row, csv_row)), (sheet_row, csv_row)
    results = list(book["results"].iter_rows(values_only=True))
    header = results[0]
    assert len(results) == 3  # two respondents, none of the other organisation
    assert isinstance(results[1][header.index("x")], int | float)
    assert isinstance(results[1][header.index("stage")], int)
    plan = list(book["plan"].iter_rows(values_only=True))
    due = plan[1][plan[0].index("due_date")]
    assert due.date() == datetime.date(2027, 3, 31)
    assert book["plan"].cell(row=2, column=plan[0].index("due_date") + 1).is_date


def test_formulas_are_defused_in_both(client, organisation_with_data):
    organisation, admin, _member = organisation_with_data
    client.force_login(admin.user)
    answer = client.get(
        reverse("assessments:organisation-export-xlsx", args=[organisation.pk])
    )
    book = load_workbook(io.BytesIO(answer.content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    plan = list(book["plan"].iter_rows(values_only=True))
    assert plan[1][plan[0].index("title")] == "'+cmd|' /C calc'!A0"
    assert _csv(client, organisation, "plan")[1][0] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("who", ["member", "stranger", "consultant"])
def test_only_the_organisations_admins_download(client, organisation_with_data, who):
    organisation, _admin, member = organisation_with_data
    user = {
        "member": member.user,
        "stranger": make_membership(is_admin=True).user,
        "consultant": make_consultant(organisation),
    }[who]
    client.force_login(user)
    urls = [reverse("assessments:organisation-export-xlsx", args=[organisation.pk])]
    urls += [
        reverse("assessments:organisation-export-csv", args=[organisation.pk, t])
        for t in ("results", "rounds", "plan")
    ]
    for url in urls:
        assert client.get(url).status_code == 404


def test_an_unknown_table_is_404(client, organisation_with_data):
    organisation, admin, _member = organisation_with_data
    client.force_login(admin.user)
    url = reverse(
        "assessments:organisation-export-csv", args=[organisation.pk, "secrets"]
    )
    assert client.get(url).status_code == 404


def test_the_history_page_offers_the_downloads_to_admins_only(
    client, organisation_with_data
):
    organisation, admin, member = organisation_with_data
    url = reverse("assessments:organisation-history", args=[organisation.pk])
    client.force_login(admin.user)
    assert b'id="export-links"' in client.get(url).content
    client.force_login(member.user)
    assert b'id="export-links"' not in client.get(url).content


def test_a_consultant_downloads_the_portfolio_as_xlsx(client, organisation_with_data):
    organisation, _admin, _member = organisation_with_data
    client.force_login(make_consultant(organisation))
    answer = client.get(reverse("admin-portfolio:xlsx"))
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    rows = list(book["portfolio"].iter_rows(values_only=True))
    csv_rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("admin-portfolio:csv")).content.decode())
        )
    )
    assert list(rows[0]) == csv_rows[0]
    assert len(rows) == len(csv_rows) == 2
    assert rows[1][rows[0].index("organisation")] == "'=HYPERLINK(1)"
