"""The API driven as a client program would: over HTTP, against a running server."""

import json
import urllib.request

import pytest
from django.test import Client

from assessments.questionnaire.data import questionnaire_data
from tests.factories import (
    ensure_seeded_questionnaire,
    make_membership,
    make_response,
    make_round,
)


def _call(live_server, secret, method, path, body=None):
    request = urllib.request.Request(
        live_server.url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {secret}",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return answer.status, json.loads(answer.read())


@pytest.fixture
def seeded(transactional_db):
    ensure_seeded_questionnaire()


def test_token_rounds_team_result_adopt(live_server, seeded):
    round_ = make_round()
    admin = make_membership(organisation=round_.organisation, is_admin=True)
    colleague = make_membership(organisation=round_.organisation, role="sales")
    make_response(round=round_, respondent=admin.user, submitted=True)
    make_response(round=round_, respondent=colleague.user, role="sales", submitted=True)

    # The person makes a read-write token on their account page.
    browser = Client()
    browser.force_login(colleague.user)
    page = browser.post(
        "/account/tokens/", {"name": "CRM", "scope": "write", "days": "30"}
    )
    secret = page.context["created"].secret

    status, organisations = _call(live_server, secret, "GET", "/api/v1/organisations/")
    assert status == 200
    organisation_id = organisations["results"][0]["id"]

    _, rounds = _call(
        live_server, secret, "GET", f"/api/v1/organisations/{organisation_id}/rounds/"
    )
    round_id = rounds["results"][0]["id"]
    assert rounds["results"][0]["year"] == round_.year

    _, detail = _call(live_server, secret, "GET", f"/api/v1/rounds/{round_id}/")
    assert detail["respondents"] == 2
    assert detail["team"]["stage"] in (1, 2, 3, 4)
    assert detail["team"]["verdict"] in ("on_path", "above_path", "below_path")

    code = questionnaire_data(round_.questionnaire).part_questions("relationship")[0]
    status, action = _call(
        live_server,
        secret,
        "POST",
        f"/api/v1/organisations/{organisation_id}/actions/",
        {
            "round": round_id,
            "source": code.code,
            "title": "Agree the forecast together",
            "owner": colleague.pk,
            "due_date": "2099-06-30",
        },
    )
    assert status == 201
    assert action["source_code"] == code.code and action["round"] == round_id

    _, plan = _call(
        live_server, secret, "GET", f"/api/v1/organisations/{organisation_id}/actions/"
    )
    assert [a["title"] for a in plan["results"]] == ["Agree the forecast together"]
