"""Answering the questionnaire step by step, who may, and the step pages' queries
(views/answering.py)."""

import pytest
from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.answering import steps as answering_steps
from assessments.answering.forms import StepForm
from assessments.models import Answer, Response
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from tests.answering.helpers import (
    answers_of,
    member,  # noqa: F401 - a fixture
    start,
    step_url,
)
from tests.factories import answers_for, make_membership, make_response, make_round

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_log_in(client):
    round_ = make_round()
    response = make_response(round=round_, submitted=True)
    for url in (
        step_url(round_, 1),
        reverse("assessments:response-result", args=[response.pk]),
        reverse("assessments:organisation-create"),
    ):
        page = client.get(url)
        assert page.status_code == 302 and page.url.startswith(reverse("login"))


def test_the_whole_questionnaire_step_by_step(client, member):
    page, round_ = start(client, member)
    assert page.url == step_url(round_, 1)
    assert round_.year == timezone.now().year
    answers = answers_for(
        relationship=2, maturity=4, diagnostics={"diag-2": 0}, ownership=1
    )
    step = 1
    seen_titles = []
    while True:
        page = client.get(step_url(round_, step))
        assert page.status_code == 200
        codes = page.context["step"].codes
        seen_titles.append(page.context["step"].title)
        page = client.post(
            step_url(round_, step), answers_of(codes, answers) | {"next": "1"}
        )
        assert page.status_code == 302
        if "/steps/" not in page.url:
            break
        step += 1
    response = Response.objects.get(round=round_)
    assert page.url == reverse("assessments:response-result", args=[response.pk])
    assert response.is_submitted and response.stage == 2
    # Relationship in two halves, three maturity phases, the optional numbers (left
    # empty), the diagnostics with their follow-up on the same page: the last step
    # announced is the last one shown.
    assert step == 7
    assert seen_titles[5] == "Your numbers"
    result = client.get(page.url)
    html = result.content.decode()
    assert '<svg role="img" aria-label="LMM grid with your organisation' in html
    assert "Above the path" in html
    assert "defined on paper but not lived" in html
    assert "Stage 2" in html


def test_ownership_follow_up_is_not_required_when_not_needed(client, member):
    _page, round_ = start(client, member)
    response = Response.objects.get(round=round_)
    data = questionnaire_data(questionnaire_current())
    steps = answering_steps.response_steps(data)
    response.confirmed_steps = [s.key for s in steps if s.kind != "diagnostic"]
    response.save()
    answers = answers_for(diagnostics={"diag-4": 0})
    codes = [c for c in data.questions if c.startswith(("rel", "lm"))]
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=data.questions[c],
            choice=data.choices[c][answers[c]],
        )
        for c in codes
    )
    diag_step = len(steps)
    page = client.post(
        step_url(round_, diag_step),
        {c: answers[c] for c in answers if c.startswith("diag")} | {"next": "1"},
    )
    assert page.url == reverse("assessments:response-result", args=[response.pk])


def test_missing_answers_are_named_next_to_the_question(client, member):
    _page, round_ = start(client, member)
    page = client.post(step_url(round_, 1), {"rel-01": 3, "next": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "9 questions still need an answer" in html
    assert "Please answer this question." in html
    assert Answer.objects.count() == 0


def test_values_off_the_scale_get_a_message_not_a_500(client, member):
    _page, round_ = start(client, member)
    data = {f"rel-{i:02d}": 3 for i in range(1, 11)} | {"rel-02": 9, "next": "1"}
    page = client.post(step_url(round_, 1), data)
    assert page.status_code == 200
    assert "Pick one of the answers offered." in page.content.decode()


def test_back_keeps_what_was_answered_and_leaving_loses_nothing(client, member):
    _page, round_ = start(client, member)
    client.post(
        step_url(round_, 1), {f"rel-{i:02d}": 4 for i in range(1, 11)} | {"next": "1"}
    )
    page = client.post(step_url(round_, 2), {"rel-11": 2, "back": "1"})
    assert page.url == step_url(round_, 1)
    response = Response.objects.get(round=round_)
    assert Answer.objects.filter(response=response).count() == 11
    # A new session (browser closed) resumes at the half-answered step 2: a step
    # counts as saved only when complete.
    client.logout()
    client.force_login(member.user)
    page, _round = start(client, member)
    assert page.url == step_url(round_, 2)
    form = client.get(step_url(round_, 2)).context["form"]
    assert form.initial == {"rel-11": 2}


def test_submitting_twice_and_back_after_submit_change_nothing(client, member):
    round_ = make_round(organisation=member.organisation)
    response = make_response(round=round_, respondent=member.user, submitted=True)
    before = dict(
        Answer.objects.filter(response=response).values_list("question_id", "choice_id")
    )
    result_url = reverse("assessments:response-result", args=[response.pk])
    last = 6
    page = client.post(
        step_url(round_, last),
        {"diag-1": 0, "diag-2": 0, "diag-3": 0, "diag-4": 0, "diag-5": 0},
    )
    assert page.url == result_url
    page = client.get(step_url(round_, 2))
    assert page.url == result_url
    page, _round = start(client, member)
    assert page.url == result_url
    assert Response.objects.filter(round=round_).count() == 1
    after = dict(
        Answer.objects.filter(response=response).values_list("question_id", "choice_id")
    )
    assert after == before


def test_two_tabs_share_one_response(client, member):
    start(client, member)
    start(client, member)
    assert Response.objects.filter(respondent=member.user).count() == 1


def test_a_closed_round_takes_no_answers_in_the_browser(client, member):
    round_ = make_round(organisation=member.organisation, is_closed=True)
    page = client.post(
        reverse("assessments:response-start", args=[member.organisation_id])
    )
    assert page.url == reverse("assessments:home")
    assert not Response.objects.filter(round=round_).exists()


def test_users_of_another_organisation_get_404(client):
    response = make_response(submitted=True)
    stranger = make_membership()
    client.force_login(stranger.user)
    assert client.get(step_url(response.round, 1)).status_code == 404
    assert (
        client.get(
            reverse("assessments:response-result", args=[response.pk])
        ).status_code
        == 404
    )
    start_url = reverse(
        "assessments:response-start", args=[response.round.organisation_id]
    )
    assert client.post(start_url).status_code == 404
    assert not Response.objects.filter(respondent=stranger.user).exists()


def test_step_query_count_does_not_grow_with_questions(
    client, member, django_assert_max_num_queries
):
    _page, round_ = start(client, member)
    # Step 1 has 10 questions, step 6 has 5: both run in the same fixed budget.
    for step in (1, 6):
        with django_assert_max_num_queries(9):
            client.get(step_url(round_, step))
    with django_assert_max_num_queries(16):
        client.post(
            step_url(round_, 1),
            {f"rel-{i:02d}": 3 for i in range(1, 11)} | {"next": "1"},
        )


def test_a_seeded_step_runs_the_same_queries_as_a_fresh_one(
    client, member, django_assert_num_queries
):
    last_year = make_round(
        organisation=member.organisation, year=timezone.now().year - 1
    )
    make_response(round=last_year, respondent=member.user, submitted=True)
    client.post(
        reverse("assessments:response-start", args=[member.organisation_id]),
        {"origin": "last_year"},
    )
    seeded = Response.objects.get(respondent=member.user, seeded_from__isnull=False)
    fresh = make_membership(organisation=member.organisation)
    make_response(round=seeded.round, respondent=fresh.user)
    last = len(
        answering_steps.response_steps(questionnaire_data(seeded.round.questionnaire))
    )
    for user, step in [(u, s) for u in (fresh.user, member.user) for s in (1, last)]:
        client.force_login(user)
        client.get(step_url(seeded.round, step))
        # Session, user, the response with its round, version and last year's
        # (the questions are cached), both answer sets in one: 4.
        with django_assert_num_queries(4):
            page = client.get(step_url(seeded.round, step))
        assert ("Last year:" in page.content.decode()) is (user == member.user)


def test_submitting_with_earlier_steps_unanswered_goes_back_to_the_first_gap(
    client, member
):
    _page, round_ = start(client, member)
    diagnostics = {f"diag-{i}": 1 for i in range(1, 6)}
    # Step 6 is the optional "Your numbers"; the diagnostics are step 7.
    page = client.post(step_url(round_, 7), diagnostics | {"next": "1"})
    assert page.status_code == 302
    assert page.url == step_url(round_, 1) + "?refused=1"
    follow = client.get(page.url)
    html = follow.content.decode()
    assert "Your response is not submitted yet" in html
    assert "10 questions still need an answer" in html
    assert not Response.objects.get(round=round_).is_submitted
    # A step number far beyond the end lands on the last step, not on an error.
    assert client.get(step_url(round_, 9999)).url == step_url(round_, 7)


def _question_block(html: str, code: str) -> str:
    start = html.index(f'id="div_id_{code}"')
    return html[start : html.index("</fieldset>", start)]


def test_each_question_is_a_labelled_group_of_its_choices_in_order(client, member):
    _page, round_ = start(client, member)
    page = client.get(step_url(round_, 1))
    html = page.content.decode()
    data = questionnaire_data(round_.questionnaire)
    for code in page.context["step"].codes:
        block = _question_block(html, code)
        legend = escape(data.questions[code].text)
        assert f'<legend class="fs-6 form-label">{legend}</legend>' in block
        values = [c.value for c in data.choices[code].values()]
        assert block.count('type="radio"') == len(values) == 5
        positions = [block.index(f'value="{value}"') for value in values]
        assert positions == sorted(positions)
        assert "checked" not in block


def test_a_saved_answer_is_checked_and_last_years_label_is_escaped(client, member):
    _page, round_ = start(client, member)
    data = questionnaire_data(round_.questionnaire)
    first, second = answering_steps.response_steps(data)[0].codes[:2]
    response = Response.objects.get(round=round_)
    Answer.objects.create(
        response=response,
        question=data.questions[first],
        choice=data.choices[first][4],
    )
    html = client.get(step_url(round_, 1)).content.decode()
    assert 'value="4" id="id_' + first + '_3" checked' in _question_block(html, first)
    assert "checked" not in _question_block(html, second)
    # Last year's label is text, never markup, whatever the label says.
    form = StepForm(
        questions=[data.questions[second]],
        choices=data.choices,
        last_year={second: "<b>Disagree</b>"},
    )
    rendered = render_to_string(
        "assessments/answering/_question.html", {"field": form[second]}
    )
    assert (
        '<div class="form-text mt-0 mb-1 lmm-last-year">'
        "Last year: &lt;b&gt;Disagree&lt;/b&gt;</div>"
    ) in rendered


def test_only_the_unanswered_questions_of_a_refused_page_are_marked(client, member):
    _page, round_ = start(client, member)
    codes = answering_steps.response_steps(questionnaire_data(round_.questionnaire))[
        0
    ].codes
    answered = {codes[0]: 3}
    page = client.post(step_url(round_, 1), answered | {"next": "1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-invalid="true"' not in _question_block(html, codes[0])
    for code in codes[1:]:
        block = _question_block(html, code)
        assert 'aria-invalid="true"' in block and "Please answer this question." in html
    assert 'value="3" id="id_' + codes[0] + '_2" checked' in _question_block(
        html, codes[0]
    )


def test_a_published_steps_questions_are_drawn_once_per_state(client, member):
    fragments = caches["fragments"]
    _page, round_ = start(client, member)
    data = questionnaire_data(round_.questionnaire)
    first = answering_steps.response_steps(data)[0].codes[0]
    client.get(step_url(round_, 1))
    client.get(step_url(round_, 1))
    assert len(fragments._cache) == 1
    # Another answer selected is another state, with its own markup.
    Answer.objects.create(
        response=Response.objects.get(round=round_),
        question=data.questions[first],
        choice=data.choices[first][2],
    )
    html = client.get(step_url(round_, 1)).content.decode()
    assert len(fragments._cache) == 2
    assert 'value="2" id="id_' + first + '_1" checked' in _question_block(html, first)
    # A draft version, which staff may still change, is never kept.
    type(round_.questionnaire).objects.filter(pk=round_.questionnaire_id).update(
        is_published=False
    )
    fragments.clear()
    client.get(step_url(round_, 1))
    assert len(fragments._cache) == 0
