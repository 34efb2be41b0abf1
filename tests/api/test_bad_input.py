"""Bad input to any operation of the schema is a 400 with field errors in JSON, never
a 500: bodies and query strings are drawn from the schema's own fields."""

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import bearer
from tests.factories import make_action, make_membership, make_round

pytestmark = pytest.mark.django_db

SCHEMA = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "docs/api/openapi.yaml").read_text()
)
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
    | st.sampled_from(["2026-13-45", "2099-01-01", "1999-12-31", "0", "-1", "write"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)
    ),
    max_leaves=5,
)


def _request_fields(path: str, method: str) -> list[str]:
    body = SCHEMA["paths"][path][method]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[1]
    return list(SCHEMA["components"]["schemas"][name]["properties"])


def _query_fields(path: str) -> list[str]:
    return [
        p["name"]
        for p in SCHEMA["paths"][path]["get"].get("parameters", [])
        if p["in"] == "query"
    ]


WRITES = [
    (path, method)
    for path, operations in SCHEMA["paths"].items()
    for method in operations
    if method in ("post", "put", "patch")
]


def _bodies(fields):
    return st.one_of(
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, JSON)),
        JSON,
    )


@pytest.fixture
def world():
    membership = make_membership(is_admin=True)
    round_ = make_round(organisation=membership.organisation)
    action = make_action(organisation=membership.organisation, owner=membership)
    return {
        "organisation_id": membership.organisation_id,
        "action_id": action.pk,
        "round_id": round_.pk,
        "user": membership.user,
    }


def _check(answer):
    assert answer.status_code < 500, answer.content
    if answer.status_code == 400:
        assert isinstance(answer.json(), dict) and answer.json()


@pytest.mark.parametrize(("path", "method"), WRITES)
def test_bad_bodies_are_400_not_500(api, world, path, method):
    assert WRITES, "the schema has write operations"
    bearer(api, world["user"], scope="write")
    url = path.format(**world)

    @EXAMPLES
    @given(body=_bodies(_request_fields(path, method)))
    def run(body):
        _check(getattr(api, method)(url, body, format="json"))

    run()


LISTS = [p for p, ops in SCHEMA["paths"].items() if "get" in ops and _query_fields(p)]


@pytest.mark.parametrize("path", LISTS)
def test_bad_query_strings_are_400_not_500(api, world, path):
    world["user"].is_staff = True
    world["user"].is_superuser = True
    world["user"].save()
    bearer(api, world["user"])
    url = path.format(**world)

    @EXAMPLES
    @given(
        query=st.fixed_dictionaries(
            {}, optional=dict.fromkeys(_query_fields(path), TEXT)
        )
    )
    def run(query):
        _check(api.get(url, query))

    run()


def test_a_body_that_is_not_json_is_400(api, world):
    bearer(api, world["user"], scope="write")
    answer = api.post(
        f"/api/v1/organisations/{world['organisation_id']}/actions/",
        "{not json",
        content_type="application/json",
    )
    assert answer.status_code == 400


def test_field_errors_name_the_field(api, world):
    bearer(api, world["user"], scope="write")
    answer = api.post(
        f"/api/v1/organisations/{world['organisation_id']}/actions/",
        {"title": "Do it", "owner": 999999, "due_date": "2001-01-01"},
        format="json",
    )
    assert answer.status_code == 400
    assert "owner" in answer.json()
