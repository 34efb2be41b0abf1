"""The API's portfolio: every client of the consultant, page by page, in the
portfolio's order, in the shape of the API's other lists."""

import pytest

from tests.api.conftest import bearer
from tests.factories import make_bulk_clients, make_consultant

pytestmark = pytest.mark.django_db

URL = "/api/v1/portfolio/"


@pytest.fixture
def consultant(api):
    consultant = make_consultant()
    make_bulk_clients(120, consultant)
    bearer(api, consultant)
    return consultant


def test_every_client_is_reached_page_by_page(api, consultant):
    first = api.get(URL).json()
    assert first["count"] == 120
    assert first["previous"] is None
    names = [row["organisation"]["name"] for row in first["results"]]
    assert len(names) == 50
    url = first["next"]
    while url:
        page = api.get(url).json()
        names += [row["organisation"]["name"] for row in page["results"]]
        url = page["next"]
    assert names == [f"Client {n:04}" for n in range(120)]
    assert page["previous"].endswith("page=2")
    # Row numbers continue over the pages, as in the admin's table.
    assert page["results"][-1]["number"] == 120


def test_the_pages_follow_the_sort_and_the_filters(api, consultant):
    answer = api.get(URL, {"o": "-organisation", "page": "2"}).json()
    names = [row["organisation"]["name"] for row in answer["results"]]
    assert names == [f"Client {n:04}" for n in range(69, 19, -1)]
    assert "o=-organisation" in answer["previous"] and "page" not in answer["previous"]
    assert "o=-organisation" in answer["next"] and answer["next"].endswith("page=3")
    retail = api.get(URL, {"industry": "Retail"}).json()
    assert retail["count"] == 40 and retail["next"] is None
    assert {row["organisation"]["name"][-4:] for row in retail["results"]} == {
        f"{n:04}" for n in range(1, 120, 3)
    }


@pytest.mark.parametrize("page", ["4", "0", "x", "-1"])
def test_a_page_that_does_not_exist_is_a_404(api, consultant, page):
    answer = api.get(URL, {"page": page})
    assert answer.status_code == 404
    assert answer.json()["detail"] == "Invalid page."
