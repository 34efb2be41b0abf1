"""The portfolio a consultant runs a practice from, as a person sees it: the scanning
columns (gap, responses of members, overdue actions), an anonymous client below its
threshold shown as hidden, the client's plan with an overdue action flagged; in
English and German, on a desktop and on a 390px phone; no serious axe violation."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Action
from tests.browser.test_consultant_flow import PASSWORD, serious_violations
from tests.factories import (
    answers_for,
    make_action,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
    make_submitted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def practice():
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    import_module("assessments.migrations.0009_consultants_group").make_group(
        Group, Permission
    )
    kilo = make_organisation(name="Kilo Freight", industry="Logistics")
    make_submitted(
        make_round(organisation=kilo, year=2026),
        marketing=answers_for(relationship=4, maturity=3),
        sales=answers_for(relationship=2, maturity=3),
    )
    owner = make_membership(organisation=kilo)
    today = datetime.date.today()
    make_action(
        owner=owner,
        title="Agree what a qualified lead is",
        due_date=today - datetime.timedelta(days=5),
    )
    make_action(
        owner=owner,
        title="Score leads weekly",
        due_date=today + datetime.timedelta(days=40),
        status=Action.Status.IN_PROGRESS,
    )
    hidden = make_organisation(name="Lumen Care", anonymity_threshold=3)
    anonymous = make_round(organisation=hidden, year=2026, is_anonymous=True)
    for role in ("marketing", "sales"):
        make_response(round=anonymous, role=role, submitted=True)
    make_consultant(kilo, hidden, username="clara", password=PASSWORD)
    return kilo


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill("clara")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize(
    ("language", "width", "texts"),
    [
        ("en", 1280, ("1 of 2 open", "hidden (anonymous round)", "overdue")),
        ("de", 1280, ("1 von 2 offen", "verborgen (anonyme Runde)", "überfällig")),
        ("de", 390, ("1 von 2 offen", "verborgen (anonyme Runde)", "überfällig")),
    ],
)
def test_the_portfolio_and_client_page_read_as_a_consultant_sees_them(
    live_server, browser, artifacts, practice, language, width, texts
):
    overdue_open, hidden, overdue = texts
    # axe-core is injected as an inline script, which the site's CSP would block.
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="de-DE" if language == "de" else "en-GB",
        extra_http_headers={"Accept-Language": language},
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url)
    page.goto(live_server.url + reverse("admin-portfolio:portfolio"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    rows = page.locator("#portfolio-table tbody tr")
    expect(rows).to_have_count(2)
    kilo_row = page.locator(f'tr[data-organisation="{practice.pk}"]')
    expect(kilo_row).to_contain_text(overdue_open)
    expect(kilo_row).to_contain_text("2")
    expect(page.locator("#portfolio-table")).to_contain_text(hidden)
    headers = page.locator("#portfolio-table thead th")
    expect(headers).to_have_count(9)
    suffix = f"{language}-{width}"
    page.screenshot(path=artifacts / f"portfolio-practice-{suffix}.png", full_page=True)
    assert serious_violations(page) == []

    page.locator(f'tr[data-organisation="{practice.pk}"] a').click()
    page.wait_for_url("**" + reverse("admin-portfolio:client", args=[practice.pk]))
    plan = page.locator("#client-plan")
    expect(plan.locator("tbody tr")).to_have_count(2)
    expect(plan.locator("tr.lmm-overdue")).to_contain_text(
        "Agree what a qualified lead is"
    )
    expect(plan.locator("tr.lmm-overdue")).to_contain_text(overdue)
    page.screenshot(path=artifacts / f"client-plan-{suffix}.png", full_page=True)
    assert serious_violations(page) == []
    context.close()
