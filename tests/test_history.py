"""The organisation's history page, the home page's earlier years, and the "Since"
section of the result and team pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import charts, services
from assessments.models import Part, Question, Questionnaire, Response
from assessments.selectors import questionnaire_current, questionnaire_data
from tests.factories import answers_for, make_membership, make_response, make_round
from tests.pinned import version_1  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("version_1")]


@pytest.fixture
def admin():
    return make_membership(is_admin=True, role="marketing")


@pytest.fixture
def renders(monkeypatch, settings):
    memory = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-history",
    }
    # One store under both names: clearing the default clears the drawn charts too.
    settings.CACHES = {"default": memory, "charts": memory}
    from django.core.cache import cache

    cache.clear()
    calls = []
    svg = charts.grid_svg
    monkeypatch.setattr(
        charts, "grid_svg", lambda *a, **k: calls.append(k) or svg(*a, **k)
    )
    yield calls
    cache.clear()


def two_years(admin, *, first=None, second=None):
    """Year one (2025) and year two (2026), both answered by the admin."""
    year_one = make_response(
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
        role="marketing",
        answers=first or answers_for(relationship=2, maturity=2),
        submitted=True,
    )
    year_two = make_response(
        round=make_round(organisation=admin.organisation, year=2026),
        respondent=admin.user,
        role="marketing",
        answers=second or answers_for(relationship=4, maturity=2),
        submitted=True,
    )
    return year_one, year_two


def history_url(organisation_id):
    return reverse("assessments:organisation-history", args=[organisation_id])


def test_history_shows_one_row_per_year_with_team_and_own_result(client, admin):
    year_one, year_two = two_years(admin)
    client.force_login(admin.user)
    page = client.get(history_url(admin.organisation_id))
    html = page.content.decode()
    table = html[html.index('id="history-table"') :]
    # Newest first; each with links to the team page and the own result.
    assert table.index('id="year-2026"') < table.index('id="year-2025"')
    for response in (year_one, year_two):
        assert reverse("assessments:round-detail", args=[response.round_id]) in table
        assert reverse("assessments:response-result", args=[response.pk]) in table
    # Year one: all 2s, x = y = 1.00 at levels 2 and 2, on the path.
    row = table[table.index('id="year-2025"') :]
    assert "Relationship 2 · Defined (x = 1.00)" in row
    assert "Lead management 2 · Defined lead management terminology (y = 1.00)" in row
    assert "On the path" in row and "distance to the path 0.00" in row
    # Year two: relationship 4s: x = 3.00, below the path, 2.00 from it.
    row = table[table.index('id="year-2026"') : table.index('id="year-2025"')]
    assert "Relationship 4 · Integrated (x = 3.00)" in row
    assert "Below the path" in row and "distance to the path 2.00" in row
    assert row.count("stage 4 · Optimized") == 2  # team and own


def test_history_chart_joins_the_years_in_time_order(client, admin):
    two_years(admin)
    make_response(
        round=make_round(organisation=admin.organisation, year=2024),
        respondent=admin.user,
        answers=answers_for(relationship=1, maturity=1),
        submitted=True,
    )
    client.force_login(admin.user)
    html = client.get(history_url(admin.organisation_id)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'id="lmm-point-past-', svg)) == 2
    assert len(re.findall(r'id="lmm-point-main-', svg)) == 1
    assert re.findall(r'id="(lmm-trail-arrow-\d)"', svg) == [
        "lmm-trail-arrow-1",
        "lmm-trail-arrow-2",
    ]
    tags = re.findall(r'<g id="lmm-tag-\d+">.*?<text[^>]*>([^<]*)</text>', svg, re.S)
    assert sorted(t.strip() for t in tags) == ["2024", "2025", "2026"]
    assert "2024–2026" in svg and admin.organisation.name in svg
    assert "2024: x = 0.00, y = 0.00" in html and "2026: x = 3.00, y = 1.00" in html


def test_history_chart_is_rendered_once_then_served_from_the_cache(
    client, admin, renders
):
    two_years(admin)
    client.force_login(admin.user)
    first = client.get(history_url(admin.organisation_id)).content.decode()
    second = client.get(history_url(admin.organisation_id)).content.decode()
    assert "<svg" in first
    assert first[first.index("<svg") :] == second[second.index("<svg") :]
    # The wide chart once (phones ask for the compact one), never on a repeat view.
    assert [call.get("compact", False) for call in renders] == [False]
    # A new submission changes an input, so the chart is drawn again.
    make_response(
        round=make_round(organisation=admin.organisation, year=2027),
        respondent=admin.user,
        submitted=True,
    )
    client.get(history_url(admin.organisation_id))
    assert len(renders) == 2


def test_history_page_queries_do_not_grow_with_years_or_members(client, admin):
    make_response(
        round=make_round(organisation=admin.organisation, year=2020),
        respondent=admin.user,
        submitted=True,
    )
    client.force_login(admin.user)
    url = history_url(admin.organisation_id)
    client.get(url)
    with CaptureQueriesContext(connection) as one_year:
        client.get(url)
    for year in (2021, 2022, 2023):
        round_ = make_round(organisation=admin.organisation, year=year)
        make_response(round=round_, respondent=admin.user, submitted=True)
        for role in ("sales", "marketing", "sales", "other"):
            make_response(round=round_, role=role, submitted=True)
    client.get(url)
    with CaptureQueriesContext(connection) as four_years:
        page = client.get(url)
    assert page.content.decode().count('id="year-20') == 4
    # Session, user, membership, rounds, responses, answers, and the advice.
    assert len(four_years) == len(one_year) == 7


def test_a_year_with_one_other_respondent_shows_only_its_verdict_to_a_plain_member(
    client, admin
):
    make_response(
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
        answers=answers_for(relationship=5, maturity=1),
        submitted=True,
    )
    plain = make_membership(organisation=admin.organisation, role="sales")
    client.force_login(plain.user)
    html = client.get(history_url(admin.organisation_id)).content.decode()
    assert "Below the path" in html
    assert "x = 4.00" not in html
    assert "shown to admins only" in html
    assert "<svg" not in html
    client.force_login(admin.user)
    assert "x = 4.00" in client.get(history_url(admin.organisation_id)).content.decode()


def test_history_without_rounds_says_so(client, admin):
    client.force_login(admin.user)
    html = client.get(history_url(admin.organisation_id)).content.decode()
    assert 'id="no-years"' in html


def test_a_member_of_another_organisation_gets_404_on_the_history(client, admin):
    two_years(admin)
    client.force_login(make_membership(is_admin=True).user)
    assert client.get(history_url(admin.organisation_id)).status_code == 404


def test_home_lists_earlier_years_with_verdict_and_stage(client, admin):
    this_year = timezone.now().year
    for year, relationship in ((this_year - 2, 2), (this_year - 1, 4), (this_year, 3)):
        make_response(
            round=make_round(organisation=admin.organisation, year=year),
            respondent=admin.user,
            answers=answers_for(relationship=relationship, maturity=2),
            submitted=True,
        )
    other = make_membership(user=admin.user, role="sales")
    make_response(
        round=make_round(organisation=other.organisation, year=this_year - 3),
        respondent=admin.user,
        answers=answers_for(relationship=1, maturity=3),
        submitted=True,
    )
    client.force_login(admin.user)
    html = client.get(reverse("assessments:home")).content.decode()
    assert history_url(admin.organisation_id) in html
    assert history_url(other.organisation_id) in html
    mine = html[html.index(f'id="past-years-{admin.organisation_id}"') :]
    mine = mine[: mine.index("</div>")]
    # Earlier years only, newest first: this year is the card itself.
    assert f"{this_year}</a>:" not in mine
    assert mine.index(f"{this_year - 1}</a>:") < mine.index(f"{this_year - 2}</a>:")
    assert "Below the path · stage 4 · Optimized" in mine
    assert "On the path · stage 4 · Optimized" in mine
    theirs = html[html.index(f'id="past-years-{other.organisation_id}"') :]
    assert f"{this_year - 3}</a>:" in theirs and "Above the path" in theirs


def test_home_does_not_say_zero_steps_are_saved(client, admin):
    round_ = services.round_get_or_create(
        organisation=admin.organisation, year=timezone.now().year
    )
    response = services.response_get_or_create(
        round=round_, respondent=admin.user, role="marketing"
    )
    client.force_login(admin.user)
    html = client.get(reverse("assessments:home")).content.decode()
    assert "saved 0" not in html
    assert "You have started the assessment." in html
    Response.objects.filter(pk=response.pk).update(confirmed_steps=["relationship-1"])
    html = client.get(reverse("assessments:home")).content.decode()
    assert "You have saved one step." in html
    Response.objects.filter(pk=response.pk).update(
        confirmed_steps=["relationship-1", "relationship-2", "maturity-2"]
    )
    assert (
        "You have saved 3 steps."
        in client.get(reverse("assessments:home")).content.decode()
    )


# The "Since <year>" section.


def result_html(client, response):
    return client.get(
        reverse("assessments:response-result", args=[response.pk])
    ).content.decode()


def test_result_page_shows_last_years_point_the_arrow_and_the_change(client, admin):
    data = questionnaire_data(Questionnaire.objects.get(version=1))
    first = answers_for(relationship=2, maturity=2)
    second = answers_for(relationship=2, maturity=2) | {"rel-01": 4, "rel-02": 1}
    _year_one, year_two = two_years(admin, first=first, second=second)
    client.force_login(admin.user)
    html = result_html(client, year_two)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'id="lmm-point-past-', svg)) == 1
    assert re.findall(r'id="(lmm-trail-arrow-\d)"', svg) == ["lmm-trail-arrow-1"]
    assert 'id="lmm-cell"' in svg
    assert f"{admin.organisation.name} · 2026" in svg
    since = html[html.index('id="since"') :]
    since = since[: since.index("</section>")]
    assert "Since 2025" in since
    assert "same person's response in 2025" in since
    assert "Marketing–sales relationship: unchanged at 2 Defined." in since
    assert "Stage: unchanged at 4 Optimized." in since
    assert "Verdict: still on the path." in since
    labels = data.choices["rel-01"]
    up = since[since.index("lmm-moves-up") :]
    assert data.questions["rel-01"].text in up
    assert f"Rose from {labels[2].label} (2) to {labels[4].label} (4)." in up
    down = since[since.index("lmm-moves-down") :]
    assert data.questions["rel-02"].text in down
    assert f"Fell from {labels[2].label} (2) to {labels[1].label} (1)." in down
    assert history_url(admin.organisation_id) in since
    assert "the hollow point marked 2025 is that year" in since
    assert "position (x = 1.00, y = 1.00)" in since


def test_the_first_year_says_there_is_nothing_to_compare(client, admin):
    response = make_response(
        round=make_round(organisation=admin.organisation, year=2025),
        respondent=admin.user,
        submitted=True,
    )
    client.force_login(admin.user)
    html = result_html(client, response)
    assert 'id="since-none"' in html
    assert "lmm-point-past" not in html
    page = client.get(reverse("assessments:round-detail", args=[response.round_id]))
    assert 'id="since-none"' in page.content.decode()


def test_levels_stage_verdict_distance_and_flips_are_put_in_words(client, admin):
    first = answers_for(relationship=2, maturity=2, diagnostics={"diag-4": 0})
    second = answers_for(relationship=4, maturity=2, diagnostics={"diag-4": 1})
    _one, year_two = two_years(admin, first=first, second=second)
    client.force_login(admin.user)
    html = result_html(client, year_two)
    assert (
        "Marketing–sales relationship: up 2 levels, from 2 Defined to 4 Integrated."
        in html
    )
    assert "(x 1.00 → 3.00)" in html
    assert "Stage: from 3 Managed to 4 Optimized." in html
    assert "Verdict: from on the path to below the path." in html
    assert "Distance to the ideal path: 0.00 then, 2.00 now: further away." in html
    question = questionnaire_data(questionnaire_current()).questions[
        "diag-4"
    ]  # any version
    assert f"<strong>{question.text}</strong> Was No, now Yes." in html


def test_a_respondent_is_compared_with_their_own_response_not_the_team(client, admin):
    colleague = make_membership(organisation=admin.organisation, role="sales")
    round_one = make_round(organisation=admin.organisation, year=2025)
    make_response(
        round=round_one,
        respondent=admin.user,
        answers=answers_for(relationship=2),
        submitted=True,
    )
    make_response(
        round=round_one,
        respondent=colleague.user,
        role="sales",
        answers=answers_for(relationship=5),
        submitted=True,
    )
    year_two = make_response(
        round=make_round(organisation=admin.organisation, year=2026),
        respondent=admin.user,
        answers=answers_for(relationship=2),
        submitted=True,
    )
    client.force_login(admin.user)
    html = result_html(client, year_two)
    # Own: x 1.00 then and now; the team's 2025 x was 2.50.
    assert "(x 1.00 → 1.00)" in html
    assert "2.50" not in html[html.index('id="since"') :]
    team_html = client.get(
        reverse("assessments:round-detail", args=[year_two.round_id])
    ).content.decode()
    assert "The team's combined result compared with the team's in 2025." in team_html
    assert "(x 2.50 → 1.00)" in team_html


def test_a_colleague_without_an_earlier_response_has_nothing_to_compare(client, admin):
    two_years(admin)
    colleague = make_membership(organisation=admin.organisation, role="sales")
    response = make_response(
        round=admin.organisation.rounds.get(year=2026),
        respondent=colleague.user,
        role="sales",
        submitted=True,
    )
    client.force_login(colleague.user)
    assert 'id="since-none"' in result_html(client, response)


def test_the_team_change_is_private_while_a_year_is_one_other_persons(client, admin):
    two_years(admin)
    plain = make_membership(organisation=admin.organisation, role="sales")
    make_response(
        round=admin.organisation.rounds.get(year=2026),
        respondent=plain.user,
        role="sales",
        submitted=True,
    )
    url = reverse(
        "assessments:round-detail", args=[admin.organisation.rounds.get(year=2026).pk]
    )
    client.force_login(plain.user)
    html = client.get(url).content.decode()
    assert 'id="since-private"' in html
    assert "lmm-point-past" not in html
    client.force_login(admin.user)
    html = client.get(url).content.decode()
    assert 'id="since-private"' not in html and "Since 2025" in html
    wide = html[html.index("<svg") : html.index("</svg>")]
    assert len(re.findall(r'id="lmm-point-past-', wide)) == 1


def test_result_page_queries_stay_fixed_with_an_earlier_year(
    client, admin, django_assert_num_queries
):
    _one, year_two = two_years(admin)
    for year in (2022, 2023):
        make_response(
            round=make_round(organisation=admin.organisation, year=year),
            respondent=admin.user,
            submitted=True,
        )
    client.force_login(admin.user)
    url = reverse("assessments:response-result", args=[year_two.pk])
    client.get(url)
    # Session, user, response, its answers, the earlier response, and the answers of
    # both again for the comparison; the numbers; the action plan's membership,
    # previous round, actions, earlier response and both answer sets: not one more
    # per earlier year.
    with django_assert_num_queries(7 + 1 + 6):
        client.get(url)


def test_change_compares_statements_across_questionnaire_versions(client, admin):
    """Year two answers a later version without one statement and with a new one."""
    old = questionnaire_current()
    new = services.questionnaire_new_version(source=old)
    dropped, kept = "rel-01", "rel-02"
    Question.objects.filter(part__questionnaire=new, code=dropped).delete()
    relationship = Part.objects.get(questionnaire=new, kind="relationship")
    added = Question.objects.create(
        part=relationship,
        code="rel-new",
        text="A statement new in this version.",
        position=99,
    )
    for value, label in enumerate(
        ("Never", "Rarely", "Sometimes", "Often", "Always"), 1
    ):
        added.choices.create(value=value, label=label, position=value)
    first = answers_for(relationship=2, questionnaire=old)
    second = answers_for(relationship=2, questionnaire=new) | {kept: 4, "rel-new": 5}
    make_response(
        round=make_round(organisation=admin.organisation, year=2025, questionnaire=old),
        respondent=admin.user,
        answers=first | {dropped: 5},
        submitted=True,
    )
    year_two = make_response(
        round=make_round(organisation=admin.organisation, year=2026, questionnaire=new),
        respondent=admin.user,
        answers=second,
        submitted=True,
    )
    client.force_login(admin.user)
    html = result_html(client, year_two)
    since = html[html.index('id="since"') :]
    new_data = questionnaire_data(new)
    assert new_data.questions[kept].text in since
    assert "A statement new in this version." not in since
    old_text = questionnaire_data(old).questions[dropped].text
    assert old_text not in since


def test_home_queries_do_not_grow_with_earlier_years(client, admin):
    this_year = timezone.now().year
    make_response(
        round=make_round(organisation=admin.organisation, year=this_year - 1),
        respondent=admin.user,
        submitted=True,
    )
    client.force_login(admin.user)
    url = reverse("assessments:home")
    client.get(url)
    with CaptureQueriesContext(connection) as one_year:
        client.get(url)
    for year in range(this_year - 5, this_year - 1):
        round_ = make_round(organisation=admin.organisation, year=year)
        for role in ("sales", "marketing"):
            make_response(round=round_, role=role, submitted=True)
    client.get(url)
    with CaptureQueriesContext(connection) as five_years:
        page = client.get(url)
    assert page.content.decode().count(f"{this_year - 5}</a>:") == 1
    assert len(five_years) == len(one_year)


def test_team_page_queries_do_not_grow_with_earlier_years(client, admin):
    def team_year(year):
        round_ = make_round(organisation=admin.organisation, year=year)
        for role in ("marketing", "sales"):
            make_response(round=round_, role=role, submitted=True)
        return round_

    team_year(2024)
    current = team_year(2026)
    client.force_login(admin.user)
    url = reverse("assessments:round-detail", args=[current.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_earlier:
        client.get(url)
    for year in (2021, 2022, 2023, 2025):
        team_year(year)
    client.get(url)
    with CaptureQueriesContext(connection) as five_earlier:
        page = client.get(url)
    assert "Since 2025" in page.content.decode()
    assert len(five_earlier) == len(one_earlier)
