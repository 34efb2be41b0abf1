"""PATCH on an action changes only what it names, through the plan page's form and
service; the history is paginated like every other list."""

import datetime

import pytest
from rest_framework.pagination import PageNumberPagination

from tests.api.conftest import bearer
from tests.factories import make_action, make_round

pytestmark = pytest.mark.django_db


def _url(team, action):
    return f"/api/v1/organisations/{team['organisation'].pk}/actions/{action.pk}/"


def test_patch_changes_only_the_fields_given(api, team):
    action = make_action(
        organisation=team["organisation"],
        owner=team["member"],
        title="Agree what a lead is",
        notes="Marketing and sales together",
        due_date=datetime.date(2099, 3, 1),
    )
    bearer(api, team["member"].user, scope="write")
    answer = api.patch(_url(team, action), {"status": "in_progress"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "in_progress"
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.title == "Agree what a lead is"
    assert action.notes == "Marketing and sales together"
    assert action.due_date == datetime.date(2099, 3, 1)
    assert action.owner == team["member"]
    # The page's form checks the whole action: a title of blanks is refused by it.
    answer = api.patch(_url(team, action), {"title": "   "}, format="json")
    assert answer.status_code == 400
    assert "title" in answer.json()
    action.refresh_from_db()
    assert action.title == "Agree what a lead is"


def test_patch_to_an_owner_of_another_organisation_is_refused(api, team):
    action = make_action(organisation=team["organisation"], owner=team["member"])
    bearer(api, team["admin"].user, scope="write")
    stranger_membership = team["stranger"].memberships.get()
    answer = api.patch(
        _url(team, action), {"owner": stranger_membership.pk}, format="json"
    )
    assert answer.status_code == 400
    assert "owner" in answer.json()
    action.refresh_from_db()
    assert action.owner == team["member"]


# Who may PATCH the member's action: its owner and the admins, with a write token
# or a session; a read token is refused; anyone without the plan sees no action.
PATCH_EXPECTED = {
    ("admin", "write"): 200,
    ("admin", "session"): 200,
    ("admin", "read"): 403,
    ("member", "write"): 200,
    ("member", "read"): 403,
    ("colleague", "write"): 403,
    ("consultant", "write"): 404,
    ("consultant", "session"): 404,
    ("stranger", "write"): 404,
}


@pytest.mark.parametrize(("who", "scope"), list(PATCH_EXPECTED))
def test_patch_access(api, team, who, scope):
    from tests.factories import make_membership

    action = make_action(organisation=team["organisation"], owner=team["member"])
    user = {
        "admin": team["admin"].user,
        "member": team["member"].user,
        "colleague": make_membership(organisation=team["organisation"]).user,
        "consultant": team["consultant"],
        "stranger": team["stranger"],
    }[who]
    if scope == "session":
        api.force_login(user)
    else:
        bearer(api, user, scope=scope)
    answer = api.patch(_url(team, action), {"status": "done"}, format="json")
    assert answer.status_code == PATCH_EXPECTED[(who, scope)]
    action.refresh_from_db()
    assert (action.status == "done") == (answer.status_code == 200)


def test_the_history_is_paginated(api, team, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    organisation = team["organisation"]
    for year in (2021, 2022, 2023):
        make_round(organisation=organisation, year=year)
    bearer(api, team["admin"].user)
    url = f"/api/v1/organisations/{organisation.pk}/history/"
    first = api.get(url).json()
    assert first["count"] == 4
    assert [row["year"] for row in first["results"]] == [2021, 2022]
    second = api.get(first["next"]).json()
    assert second["next"] is None
    assert [row["year"] for row in first["results"] + second["results"]] == sorted(
        [2021, 2022, 2023, team["round"].year]
    )
    assert api.get(url, {"page": "9"}).status_code == 404
