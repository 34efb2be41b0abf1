"""Every page of an organisation, its PDFs and chart downloads render for the edge
states of a round and an organisation: one respondent, none submitted, closed,
reopened, questionnaire version 1, German, and names that look like markup."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Questionnaire, Role
from assessments.organisations import rounds
from tests.factories import (
    answers_for,
    make_action,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)
from tests.jobs.helpers import fetch_report

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = [
    "X $\\foo{$",
    "$x^2$ & <b>bold</b> \\\\ %s {0} ${y}",
    '"); @import url(/etc/passwd); /*',
    "Acme \\mathrm{A} $$ \\\\ $",
]

STATES = [
    "one-respondent",
    "none-submitted",
    "closed",
    "reopened",
    "version-1",
    "two-roles",
]


def build(state, name):
    admin = make_membership(
        is_admin=True,
        role=Role.LEADERSHIP,
        organisation=make_organisation(name=name),
    )
    organisation = admin.organisation
    questionnaire = (
        Questionnaire.objects.get(version=1) if state == "version-1" else None
    )
    round_ = make_round(
        organisation=organisation,
        year=2026,
        **({"questionnaire": questionnaire} if questionnaire else {}),
    )
    answers = answers_for(questionnaire=questionnaire) if questionnaire else None
    response = make_response(
        round=round_,
        respondent=admin.user,
        role=Role.LEADERSHIP,
        submitted=state != "none-submitted",
        answers=answers,
    )
    if state == "two-roles":
        colleague = make_membership(organisation=organisation, role=Role.SALES)
        make_response(
            round=round_, respondent=colleague.user, role=Role.SALES, submitted=True
        )
    if state in ("closed", "reopened"):
        rounds.round_close(round=round_)
    if state == "reopened":
        rounds.round_reopen(round=round_)
    make_action(owner=admin, round=round_, title=name, source_code="rel-01")
    return admin, round_, response


def urls_of(admin, round_, response):
    organisation = {"organisation_id": admin.organisation_id}
    urls = [
        reverse("assessments:home"),
        reverse("assessments:organisation-members", kwargs=organisation),
        reverse("assessments:organisation-history", kwargs=organisation),
        reverse("assessments:history-report", kwargs=organisation),
        reverse("assessments:plan-detail", kwargs=organisation),
        reverse("assessments:round-detail", kwargs={"round_id": round_.pk}),
        reverse("assessments:round-report", kwargs={"round_id": round_.pk}),
    ]
    for fmt in ("svg", "png"):
        urls.append(
            reverse("assessments:history-chart", kwargs=organisation | {"fmt": fmt})
        )
        urls.append(
            reverse(
                "assessments:round-chart", kwargs={"round_id": round_.pk, "fmt": fmt}
            )
        )
    if response.status == "submitted":
        urls.append(
            reverse("assessments:response-result", kwargs={"response_id": response.pk})
        )
        urls.append(
            reverse("assessments:response-report", kwargs={"response_id": response.pk})
        )
        for fmt in ("svg", "png"):
            urls.append(
                reverse(
                    "assessments:response-chart",
                    kwargs={"response_id": response.pk, "fmt": fmt},
                )
            )
    return urls


def assert_renders(client, url):
    # A PDF not drawn yet goes through its job: queued, drawn by a worker, handed over.
    page = fetch_report(client, url) if url.endswith(".pdf") else client.get(url)
    # A chart or report of a round without a submitted answer is a 404 with a
    # message, never a 500.
    assert page.status_code in (200, 404), (url, page.status_code)
    if url.endswith(".pdf") and page.status_code == 200:
        assert page.content.startswith(b"%PDF"), url
    return page


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_page_renders_in_every_state(state, language):
    admin, round_, response = build(state, HOSTILE_NAMES[0])
    client = Client(raise_request_exception=False)
    client.force_login(admin.user)
    client.cookies["django_language"] = language
    statuses = {
        url: assert_renders(client, url).status_code
        for url in urls_of(admin, round_, response)
    }
    if state != "none-submitted":
        # One person's view is no team view: the round page draws no chart then.
        no_chart = state != "two-roles"
        wrong = {
            url: status
            for url, status in statuses.items()
            if status
            != (404 if no_chart and "/rounds/" in url and "/chart." in url else 200)
        }
        assert not wrong, wrong


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_break_no_page_chart_or_report(name):
    admin, round_, response = build("two-roles", name)
    client = Client(raise_request_exception=False)
    client.force_login(admin.user)
    for url in urls_of(admin, round_, response):
        page = assert_renders(client, url)
        assert page.status_code == 200, url
        if url.endswith(".svg"):
            # The name is drawn as written, not as typeset mathematics.
            assert name.split()[0].replace("&", "&amp;").replace("<", "&lt;") in (
                page.content.decode()
            ), url


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_break_no_consultant_page(name):
    admin, round_, response = build("two-roles", name)
    consultant = make_consultant(admin.organisation)
    client = Client(raise_request_exception=False)
    client.force_login(consultant)
    for url in [
        reverse("admin:index"),
        reverse("admin:assessments_organisation_changelist"),
        reverse("admin:assessments_round_changelist"),
        reverse("admin:assessments_response_changelist"),
        reverse("admin:assessments_response_change", args=[response.pk]),
        reverse("admin-portfolio:portfolio"),
    ]:
        assert client.get(url).status_code == 200, url
    report = reverse("assessments:round-report", kwargs={"round_id": round_.pk})
    assert fetch_report(client, report).content.startswith(b"%PDF")
