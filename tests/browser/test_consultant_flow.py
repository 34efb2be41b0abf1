"""A consultant works through the portfolio in a real browser, and the admin pages the
project customises have no critical or serious accessibility violation (axe-core)."""

import csv
import io
import json
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Advice, Round
from assessments.teams import round_store
from tests.factories import (
    answers_for,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
CLIENTS = (
    ("Acme Industrial", "Manufacturing", 3, 3),
    ("Birch Logistics", "Manufacturing", 2, 4),
    ("Cobalt Retail", "Retail", 4, 2),
    ("Dune Outfitters", "Retail", 3, 3),
    ("Ember Software", "Software", 2, 2),
    ("Fjord Analytics", "Software", 4, 4),
)


@pytest.fixture
def consultant():
    # Transactional tests flush the group the data migration made; make it again.
    import_module("assessments.migrations.0009_consultants_group").make_group(
        Group, Permission
    )
    organisations = []
    for name, industry, relationship, maturity in CLIENTS:
        organisation = make_organisation(name=name, industry=industry)
        round_ = make_round(organisation=organisation, year=2026)
        for role in ("marketing", "sales"):
            make_response(
                round=round_,
                role=role,
                answers=answers_for(relationship=relationship, maturity=maturity),
                submitted=True,
            )
        # Stored as the worker stores a round after its submissions.
        round_store.round_refresh(round=round_)
        organisations.append(organisation)
    user = make_consultant(
        *organisations,
        username="clara",
        first_name="Clara",
        last_name="Berg",
        password=PASSWORD,
    )
    Advice.objects.create(
        round=Round.objects.get(organisation__name="Cobalt Retail"),
        author=user,
        author_name="Clara Berg",
        text="Write down what a sales-accepted lead is before you buy more software.",
        priority=Advice.Priority.HIGH,
    )
    return user


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill("clara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome,")).to_be_visible()


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def test_a_consultant_filters_downloads_and_opens_a_client(
    live_server, browser, artifacts, consultant
):
    cobalt = Round.objects.get(organisation__name="Cobalt Retail")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url)
    page.get_by_role("link", name="Portfolio: all your clients on one grid").click()
    expect(page.locator("#portfolio-table tbody tr")).to_have_count(6)
    page.wait_for_load_state()
    page.screenshot(path=artifacts / "consultant-portfolio.png", full_page=True)

    page.get_by_label("Industry").select_option("Retail")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("#portfolio-table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#portfolio-count")).to_contain_text("2 clients shown of 6")
    page.wait_for_load_state()
    page.screenshot(path=artifacts / "consultant-portfolio-retail.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [line["organisation"] for line in lines] == [
        "Cobalt Retail",
        "Dune Outfitters",
    ]
    assert {line["industry"] for line in lines} == {"Retail"}

    page.get_by_role("link", name="Cobalt Retail").click()
    # The client's page, loaded and styled before its chart is measured.
    page.wait_for_url(
        "**" + reverse("admin-portfolio:client", args=[cobalt.organisation_id])
    )
    expect(page.locator("h1")).to_contain_text("Cobalt Retail")
    chart = page.locator(".lmm-admin-chart svg").first
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    expect(page.locator("#client-rounds")).to_contain_text("Below the path")
    expect(page.locator("#client-rounds")).to_contain_text("Write down what a sales")
    page.screenshot(path=artifacts / "consultant-client.png", full_page=True)

    # The team page on the site, read-only for the consultant.
    page.get_by_role("link", name="Open the team page").click()
    # The client's page has the same heading and no button to close the round
    # either: judge the team page once it has loaded.
    page.wait_for_url("**" + reverse("assessments:round-detail", args=[cobalt.pk]))
    expect(page.locator("h1")).to_contain_text("Cobalt Retail")
    expect(page.locator("#advice")).to_contain_text("Clara Berg")
    expect(page.get_by_role("button", name="Close the round")).to_have_count(0)
    expect(page.locator("#benchmark")).to_contain_text("6 organisations")
    page.screenshot(path=artifacts / "consultant-team-page.png", full_page=True)
    context.close()


def test_the_customised_admin_pages_have_no_serious_accessibility_violation(
    live_server, browser, artifacts, consultant
):
    round_ = Round.objects.get(organisation__name="Cobalt Retail")
    response = round_.responses.first()
    pages = {
        "index": reverse("admin:index"),
        "advice-list": reverse("admin:assessments_advice_changelist"),
        "portfolio": "/admin/portfolio/?industry=Retail",
        "client": reverse("admin-portfolio:client", args=[round_.organisation_id]),
        "response-list": reverse("admin:assessments_response_changelist"),
        "response": reverse("admin:assessments_response_change", args=[response.pk]),
        "round": reverse("admin:assessments_round_change", args=[round_.pk]),
        "organisation": reverse(
            "admin:assessments_organisation_change", args=[round_.organisation_id]
        ),
        "advice-add": reverse("admin:assessments_advice_add") + f"?round={round_.pk}",
        "team-page": reverse("assessments:round-detail", args=[round_.pk]),
    }
    # axe-core is injected as an inline script, which the site's CSP would block.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url)
    found = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state()
        if name == "response-list":
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            page.screenshot(path=artifacts / "consultant-response-list.png")
        if name in ("response", "round", "index"):
            page.screenshot(path=artifacts / f"consultant-{name}.png", full_page=True)
        violations = serious_violations(page)
        if violations:
            found[name] = violations
    context.close()
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_a_superusers_organisation_form_has_labelled_inline_fields(
    live_server, browser, admin_user, consultant
):
    member = make_membership(organisation=consultant.clients.first())
    admin_user.set_password(PASSWORD)
    admin_user.save()
    # axe-core is injected as an inline script, which the site's CSP would block.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(admin_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Logged in: a navigation started before would cancel the log-in.
    expect(page.get_by_text("Welcome,")).to_be_visible()
    page.goto(
        live_server.url
        + reverse(
            "admin:assessments_organisation_change", args=[member.organisation_id]
        )
    )
    expect(page.locator("form#organisation_form")).to_be_visible()
    found = serious_violations(page)
    assert found == [], "\n".join(map(str, found))
    context.close()


def test_a_consultant_imports_a_file_from_the_admin(
    live_server, browser, artifacts, consultant, embedded_worker, tmp_path
):
    records = [
        {
            "organisation": "Gale Robotics",
            "year": 2026,
            "respondent": f"person{n}@gale.test",
            "role": ("marketing", "sales")[n % 2],
            "answers": answers_for(relationship=3, maturity=2),
        }
        for n in range(3)
    ]
    upload = tmp_path / "gale.json"
    upload.write_text(json.dumps(records))
    # axe-core is injected as an inline script, which the CSP forbids.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server.url)
    page.get_by_role("link", name="Import answers from a file").click()
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    # The page reloads itself until the worker's dry run is done.
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("3 submitted responses")
    expect(preview).to_contain_text(
        "1 new organisation, assigned to you: Gale Robotics"
    )
    page.screenshot(path=artifacts / "consultant-import-preview.png", full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Import these records").click()
    expect(page.locator("#import-summary")).to_contain_text(
        "3 submitted responses imported"
    )
    page.screenshot(path=artifacts / "consultant-import-done.png", full_page=True)
    page.get_by_role("link", name="See your clients").click()
    expect(page.locator("#portfolio-count")).to_contain_text("7 clients shown of 7")
    expect(page.locator("#portfolio-table")).to_contain_text("Gale Robotics")
    context.close()
