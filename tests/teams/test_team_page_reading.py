"""The team page reads like a person's result: "Since <year>" and the
consultant's advice near the top, and checks as lists rather than a paragraph of
quoted statements."""

import re

import pytest
from django.template.loader import render_to_string

from assessments import scoring
from assessments.accounts.languages import language_remember
from assessments.results import sections
from tests.site.german_site import build_site, visible_text
from tests.site.test_german import log_in

pytestmark = pytest.mark.django_db


def test_since_and_advice_come_before_the_details(client):
    site = build_site()
    language_remember(user=site.admin_user, language="en")
    log_in(client, site.admin_user)
    page = client.get(site.pages["team"]).content.decode()
    where = {
        name: page.index(f'id="{name}"')
        for name in ("team-points", "since", "advice", "perception-gap", "checks")
    }
    assert where["team-points"] < where["since"] < where["perception-gap"]
    assert where["since"] < where["advice"] < where["perception-gap"]
    assert where["advice"] < where["checks"]
    # Each once, not again further down.
    assert page.count('id="since"') == page.count('id="advice"') == 1


def _render(plan):
    return render_to_string(
        "assessments/results/_sections.html",
        {"plan": {**plan, "coverage": [], "upgrade": None}},
    )


def test_a_check_about_many_statements_lists_them():
    codes = tuple(f"lm-{n:02d}" for n in range(1, 16))
    texts = {code: f"Practice number {code[-2:]} is in place." for code in codes}
    check = scoring.Check(
        "paper_not_lived", codes, {"count": 15, "total": 16, "respondents": 3}
    )
    html = _render({"checks": [sections._check_row(check, texts)], "checked": []})
    alert = re.search(r'data-check="paper_not_lived">(.*?)</div>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", alert.group(1))
    assert items == [f"Practice number {n:02d} is in place" for n in range(1, 16)]
    sentence = visible_text(alert.group(1).split("<ul")[0])
    assert "(see the list below)" in sentence and "Practice number" not in sentence


def test_a_check_about_one_or_two_statements_quotes_them():
    texts = {"lm-01": "Criteria are written down.", "lm-02": "A score exists."}
    check = scoring.Check("skipped_stages", ("lm-01", "lm-02"))
    row = sections._check_row(check, texts)
    assert row["items"] == []
    assert "“Criteria are written down”; “A score exists”" in row["message"]


def test_no_warnings_lists_what_was_checked():
    html = _render({"checks": [], "checked": ["first thing", "second thing"]})
    block = re.search(r'id="no-warnings">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", block) == ["first thing", "second thing"]
