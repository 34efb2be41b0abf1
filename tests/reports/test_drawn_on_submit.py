"""A submitted response's charts are drawn by a worker, so that even the first view
of the result draws nothing."""

import pytest

from assessments.models import Job, Response
from tests.answering.helpers import member, start  # noqa: F401
from tests.answering.test_step_flow import last_step, post_step
from tests.jobs.helpers import run_jobs
from tests.reports.test_chart_layouts import drawings  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_first_view_of_a_result_draws_nothing_in_either_language(
    client,
    member,  # noqa: F811
    drawings,  # noqa: F811
):
    _page, round_ = start(client, member)
    for number in range(1, last_step(round_) + 1):
        page = post_step(client, round_, number)
    result_url = page.url
    assert drawings() == []  # nothing drawn in the submit request
    job = Job.objects.get(key__startswith="submitted:")
    assert job.payload == {"response": Response.objects.get().pk}
    run_jobs()
    drawn = drawings()
    # The wide chart and the compact one, in English and in German: the result's,
    # and the round's (tests/reports/test_round_charts_drawn.py).
    assert len(drawn) == 8
    english = client.get(result_url)
    assert "<svg" in english.content.decode()
    client.get(english.context["chart_compact"]["url"])
    german = client.get(result_url, headers={"accept-language": "de"})
    assert 'lang="de"' in german.content.decode()
    client.get(german.context["chart_compact"]["url"])
    assert drawings() == drawn
