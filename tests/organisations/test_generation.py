"""The clients' generation: the portfolio keeps its order, count and filter choices
under a token that every change a list of clients shows renews, in this process at
once and for the others when the change is committed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.organisations import generation
from tests.factories import (
    answers_for,
    make_consultant,
    make_organisation,
    make_response,
    make_round,
)

pytestmark = pytest.mark.django_db

URL = "/admin/portfolio/"


def make_client(name, *, industry="Software", year=2026):
    organisation = make_organisation(name=name, industry=industry)
    round_ = make_round(organisation=organisation, year=year)
    make_response(round=round_, answers=answers_for(), submitted=True)
    return organisation


@pytest.fixture
def portfolio(client):
    alpha, bravo = make_client("Alpha"), make_client("Bravo", industry="Retail")
    consultant = make_consultant(alpha, bravo)
    client.force_login(consultant)

    def view(**query):
        page = client.get(URL, query)
        assert page.status_code == 200
        return page

    view.alpha, view.bravo, view.consultant = alpha, bravo, consultant
    return view


def names(page):
    return [row.organisation.name for row in page.context["portfolio"].rows]


def test_the_token_lives_in_the_cache_every_process_shares():
    with CaptureQueriesContext(connection) as queries:
        token = generation.current()
    assert any("lmm_shared" in query["sql"] for query in queries.captured_queries)
    assert generation.current() == token


def test_a_renamed_client_takes_its_new_place_in_the_kept_order(portfolio):
    assert names(portfolio()) == ["Alpha", "Bravo"]
    portfolio.alpha.name = "Zulu"
    portfolio.alpha.save()
    assert names(portfolio()) == ["Bravo", "Zulu"]


def test_a_client_taken_from_the_consultant_leaves_the_list_at_once(portfolio):
    assert portfolio().context["portfolio"].total == 2
    portfolio.bravo.consultants.remove(portfolio.consultant)
    page = portfolio()
    assert names(page) == ["Alpha"]
    assert page.context["portfolio"].total == 1


def test_an_industry_edit_reaches_the_filter_choices_at_once(portfolio):
    assert portfolio().context["portfolio"].choices["industries"] == [
        "Retail",
        "Software",
    ]
    portfolio.bravo.industry = "Logistics"
    portfolio.bravo.save()
    page = portfolio(industry="Logistics")
    assert names(page) == ["Bravo"]
    assert page.context["portfolio"].choices["industries"] == [
        "Logistics",
        "Software",
    ]


def test_a_new_result_is_counted_and_sorted_in(portfolio):
    assert portfolio(o="-organisation").context["portfolio"].count == 2
    charlie = make_client("Charlie")
    charlie.consultants.add(portfolio.consultant)
    page = portfolio(o="-organisation")
    assert names(page) == ["Charlie", "Bravo", "Alpha"]
    assert page.context["portfolio"].count == 3


def test_another_process_sees_a_change_once_it_is_committed(portfolio, monkeypatch):
    assert names(portfolio()) == ["Alpha", "Bravo"]
    before = generation._local
    portfolio.alpha.name = "Zulu"
    portfolio.alpha.save()
    # Another process has not counted this process's change: until the commit it
    # still reads the page it kept.
    monkeypatch.setattr(generation, "_local", before)
    assert names(portfolio()) == ["Alpha", "Bravo"]
    # What the commit runs (the transaction's renewal is counted below).
    generation._renew()
    assert names(portfolio()) == ["Bravo", "Zulu"]


def test_a_transaction_of_many_changes_renews_the_shared_token_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as renewals:
        for name in ("One", "Two", "Three"):
            make_client(name)
    assert len(renewals) == 1


def test_without_a_shared_cache_answering_nothing_kept_is_served(monkeypatch):
    class Down:
        def get(self, key):
            return None

        def add(self, key, value, timeout):
            return False

    monkeypatch.setattr(generation, "_cache", lambda: Down())
    assert generation.current() != generation.current()
