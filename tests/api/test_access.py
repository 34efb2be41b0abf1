"""Every endpoint × every kind of caller: what a page would answer with 404, the API
does too; a read-only token reads what its person reads."""

import pytest

from assessments.models import Response
from tests.api.conftest import bearer
from tests.factories import make_action

pytestmark = pytest.mark.django_db


def _urls(team):
    organisation, round_ = team["organisation"], team["round"]
    admin_response = Response.objects.get(round=round_, respondent=team["admin"].user)
    action = make_action(organisation=organisation, owner=team["member"])
    base = "/api/v1"
    return {
        "organisation": f"{base}/organisations/{organisation.pk}/",
        "rounds": f"{base}/organisations/{organisation.pk}/rounds/",
        "history": f"{base}/organisations/{organisation.pk}/history/",
        "round": f"{base}/rounds/{round_.pk}/",
        "responses": f"{base}/rounds/{round_.pk}/responses/",
        "admin_response": f"{base}/responses/{admin_response.pk}/",
        "actions": f"{base}/organisations/{organisation.pk}/actions/",
        "action": f"{base}/organisations/{organisation.pk}/actions/{action.pk}/",
    }


# What each caller gets: the pages' rules (members and admins read their organisation,
# a member reads only their own response, the plan is for members, a consultant reads
# results but has no plan).
EXPECTED = {
    "admin": {
        "organisation": 200,
        "rounds": 200,
        "history": 200,
        "round": 200,
        "responses": 200,
        "admin_response": 200,
        "actions": 200,
        "action": 200,
    },
    "member": {
        "organisation": 200,
        "rounds": 200,
        "history": 200,
        "round": 200,
        "responses": 200,
        "admin_response": 404,
        "actions": 200,
        "action": 200,
    },
    "consultant": {
        "organisation": 200,
        "rounds": 200,
        "history": 200,
        "round": 200,
        "responses": 200,
        "admin_response": 200,
        "actions": 404,
        "action": 404,
    },
    "stranger": dict.fromkeys(
        (
            "organisation",
            "rounds",
            "history",
            "round",
            "responses",
            "admin_response",
            "actions",
            "action",
        ),
        404,
    ),
}


def _user(team, who):
    return {
        "admin": team["admin"].user,
        "member": team["member"].user,
        "consultant": team["consultant"],
        "stranger": team["stranger"],
    }[who]


@pytest.mark.parametrize("scope", ["read", "write", "session"])
@pytest.mark.parametrize("who", list(EXPECTED))
def test_access_matrix(api, team, who, scope):
    urls = _urls(team)
    user = _user(team, who)
    if scope == "session":
        api.force_login(user)
    else:
        bearer(api, user, scope=scope)
    got = {name: api.get(url).status_code for name, url in urls.items()}
    assert got == EXPECTED[who]


def test_anonymous_callers_get_nothing(api, team):
    for url in _urls(team).values():
        assert api.get(url).status_code in (401, 403)


def test_a_member_lists_only_their_own_response(api, team):
    bearer(api, team["member"].user)
    rows = api.get(f"/api/v1/rounds/{team['round'].pk}/responses/").json()["results"]
    assert [r["respondent"] for r in rows] == [team["member"].user.email]


def test_an_admin_lists_every_response(api, team):
    bearer(api, team["admin"].user)
    rows = api.get(f"/api/v1/rounds/{team['round'].pk}/responses/").json()["results"]
    assert len(rows) == 2


def test_organisations_list_only_the_callers(api, team):
    bearer(api, team["stranger"])
    ids = [o["id"] for o in api.get("/api/v1/organisations/").json()["results"]]
    assert team["organisation"].pk not in ids and len(ids) == 1
    bearer(api, team["consultant"])
    ids = [o["id"] for o in api.get("/api/v1/organisations/").json()["results"]]
    assert ids == [team["organisation"].pk]


def test_the_portfolio_is_for_consultants(api, team):
    bearer(api, team["admin"].user)
    assert api.get("/api/v1/portfolio/").status_code == 403
    bearer(api, team["consultant"])
    answer = api.get("/api/v1/portfolio/", {"stage": "4"})
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [r["organisation"]["id"] for r in rows] == [team["organisation"].pk]
    assert rows[0]["team"]["stage"] == 4
    assert api.get("/api/v1/portfolio/", {"stage": "1"}).json()["count"] == 0


def test_a_member_may_not_edit_someone_elses_action(api, team):
    action = make_action(organisation=team["organisation"], owner=team["admin"])
    bearer(api, team["member"].user, scope="write")
    answer = api.put(
        f"/api/v1/organisations/{team['organisation'].pk}/actions/{action.pk}/",
        {
            "title": "Mine now",
            "owner": team["member"].pk,
            "due_date": "2099-01-01",
            "status": "done",
        },
        format="json",
    )
    assert answer.status_code == 403


@pytest.mark.parametrize("who", ["admin", "consultant"])
def test_an_anonymous_round_shows_no_one_below_its_threshold(api, team, who):
    """Two submitted responses, threshold 3: the API shows what the round page does,
    no team result, no role, no one else's response."""
    round_ = team["round"]
    round_.is_anonymous = True
    round_.save(update_fields=["is_anonymous"])
    user = team["consultant"] if who == "consultant" else team["admin"].user
    bearer(api, user)
    detail = api.get(f"/api/v1/rounds/{round_.pk}/").json()
    assert detail["team"] is None
    assert detail["roles"] == []
    assert detail["respondents"] == 2
    rows = api.get(f"/api/v1/rounds/{round_.pk}/responses/").json()["results"]
    own = [team["admin"].user.email] if who == "admin" else []
    assert [r["respondent"] for r in rows] == own
    other = Response.objects.get(round=round_, respondent=team["member"].user)
    assert api.get(f"/api/v1/responses/{other.pk}/").status_code == 404
