"""The step page's fast path (question markup rendered once per published version)
gives the same HTML as rendering every question through the template."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import selectors, step_markup
from assessments.selectors import questionnaire_data
from tests.test_seeding import (
    last_year_response,
    member,  # noqa: F401 - a fixture
    step_url,
    this_years_response,
)

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def both_ways(client, url, method="get", data=None, monkeypatch=None):
    """The page's HTML from the fast path and from the template, csrf token aside."""
    pages = []
    for enabled in (True, False, True):
        monkeypatch.setattr(step_markup, "ENABLED", enabled)
        page = getattr(client, method)(url, data or {})
        pages.append(CSRF.sub("", page.content.decode()))
    fast, slow, fast_again = pages
    return fast, slow, fast_again


def steps_of(round_):
    return selectors.response_steps(questionnaire_data(round_.questionnaire))


def assert_same(fast, slow, fast_again):
    assert fast == slow
    assert fast_again == slow  # the cached markup gives the same page again


def test_fresh_and_answered_steps_are_the_same_html(client, member, monkeypatch):  # noqa: F811
    _page, round_, _response = this_years_response(client, member, origin="fresh")
    for step in steps_of(round_):
        if step.kind == "numbers":
            continue
        fast, slow, again = both_ways(
            client, step_url(round_, step.number), monkeypatch=monkeypatch
        )
        assert_same(fast, slow, again)
        assert "lmm-question" in fast and " checked" not in fast
    # Answer step 1 with a mix of values, then it shows them selected.
    step = steps_of(round_)[0]
    form = client.get(step_url(round_, 1)).context["form"]
    answers = {
        code: list(form.fields[code].choices)[i % 3][0]
        for i, code in enumerate(step.codes)
    }
    client.post(step_url(round_, 1), answers | {"next": "1"})
    fast, slow, again = both_ways(client, step_url(round_, 1), monkeypatch=monkeypatch)
    assert_same(fast, slow, again)
    assert fast.count(" checked") == len(step.codes)


def test_seeded_steps_are_the_same_html(client, member, monkeypatch):  # noqa: F811
    last_year_response(member)
    _page, round_, _response = this_years_response(client, member)
    seen_last_year = False
    for step in steps_of(round_):
        if step.kind == "numbers":
            continue
        fast, slow, again = both_ways(
            client, step_url(round_, step.number), monkeypatch=monkeypatch
        )
        assert_same(fast, slow, again)
        seen_last_year = seen_last_year or "Last year: " in fast
    assert seen_last_year


def test_refused_and_error_states_are_the_same_html(client, member, monkeypatch):  # noqa: F811
    last_year_response(member)
    _page, round_, _response = this_years_response(client, member)
    # Back from a refused submit: marked questions and the summary.
    fast, slow, again = both_ways(
        client, step_url(round_, 2) + "?refused=1", monkeypatch=monkeypatch
    )
    assert_same(fast, slow, again)
    assert 'id="error-summary"' in fast
    # A posted step with one answer off the scale and others missing: the errors
    # come from the template, the rest from the cached markup.
    step = steps_of(round_)[0]
    posted = {step.codes[0]: "99", step.codes[1]: "2", "next": "1"}
    fast, slow, again = both_ways(
        client, step_url(round_, 1), "post", posted, monkeypatch=monkeypatch
    )
    assert_same(fast, slow, again)
    assert "Pick one of the answers offered." in fast
    assert "Please answer this question." in fast
    assert fast.count(" checked") == 1


def test_the_fast_path_runs_no_extra_queries(client, member, monkeypatch):  # noqa: F811
    _page, round_, _response = this_years_response(client, member, origin="fresh")
    url = step_url(round_, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as fast:
        client.get(url)
    monkeypatch.setattr(step_markup, "ENABLED", False)
    with CaptureQueriesContext(connection) as slow:
        client.get(url)
    assert len(fast) == len(slow)


def test_a_published_step_skips_the_crispy_tag_and_an_error_page_uses_it(
    client,
    member,  # noqa: F811
    monkeypatch,
):
    from crispy_forms.templatetags import crispy_forms_tags

    calls = []
    original = crispy_forms_tags.BasicNode.get_render

    def counted(self, context):
        calls.append(1)
        return original(self, context)

    monkeypatch.setattr(crispy_forms_tags.BasicNode, "get_render", counted)
    _page, round_, _response = this_years_response(client, member, origin="fresh")
    page = client.get(step_url(round_, 1))
    assert page.status_code == 200
    assert "lmm-question" in page.content.decode()
    assert calls == []
    # A posted answer off the scale: its error comes from the template.
    step = steps_of(round_)[0]
    page = client.post(step_url(round_, 1), {step.codes[0]: "99", "next": "1"})
    assert "Pick one of the answers offered." in page.content.decode()
    assert calls == [1]
