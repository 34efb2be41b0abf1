"""Content-Security-Policy and Permissions-Policy in production settings, and pages
that need no inline script or style to work under them."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_membership, make_response, make_round

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7!kq2p-n3v8r5t0w9y4z1a6b2c7d8e3f4g5h6j7k8m9p0qRsTuVwXyZ",
    "DJANGO_ALLOWED_HOSTS": "lmm.example.com",
}
FETCH = """
import json, django
django.setup()
from django.test import Client
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
client = Client(HTTP_HOST="lmm.example.com")
out = {}
for url in ("/", "/accounts/login/", "/no-such-page/", "/i18n/setlang/"):
    if url == "/i18n/setlang/":
        page = client.post(url, {"language": "de", "next": "/"}, secure=True)
    else:
        page = client.get(url, secure=True)
    out[url] = {
        "status": page.status_code,
        "headers": dict(page.headers),
        "cookies": {
            name: {
                "httponly": bool(c["httponly"]),
                "secure": bool(c["secure"]),
                "samesite": c["samesite"],
            }
            for name, c in page.cookies.items()
        },
    }
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production_pages(tmp_path_factory):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    static_root = tmp_path_factory.mktemp("static")
    completed = subprocess.run(
        [sys.executable, "-c", FETCH],
        cwd=ROOT,
        env={
            **base,
            **PRODUCTION,
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_SETTINGS_MODULE": "lmm_site.settings",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def directives(header):
    return {
        part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()
    }


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/no-such-page/"])
def test_every_page_has_a_strict_content_security_policy(production_pages, url):
    page = production_pages[url]
    assert page["status"] == (404 if "no-such" in url else 200)
    policy = directives(page["headers"]["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in str(policy)
    assert "script-src" not in policy and "style-src" not in policy
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.parametrize("url", ["/", "/accounts/login/"])
def test_every_page_denies_device_features(production_pages, url):
    header = production_pages[url]["headers"]["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


def test_the_csrf_cookie_is_secure_and_hidden_from_scripts(
    production_pages,
):
    cookie = production_pages["/accounts/login/"]["cookies"]["csrftoken"]
    assert cookie == {"httponly": True, "secure": True, "samesite": "Lax"}


def test_the_language_cookie_is_secure_hidden_from_scripts_and_same_site(
    production_pages,
):
    cookie = production_pages["/i18n/setlang/"]["cookies"]["django_language"]
    assert cookie == {"httponly": True, "secure": True, "samesite": "Lax"}


INLINE = [
    (re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S), "style attribute"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
]


def assert_no_inline(html):
    for pattern, what in INLINE:
        match = pattern.search(html)
        assert match is None, f"{what}: {html[match.start() : match.start() + 80]}"


@pytest.mark.django_db
def test_pages_with_charts_and_forms_have_no_inline_script_or_style(client):
    admin = make_membership(is_admin=True, role="marketing")
    round_ = make_round(organisation=admin.organisation)
    response = make_response(round=round_, respondent=admin.user, submitted=True)
    other = make_response(round=round_, role="sales", submitted=True)
    draft_round = make_round(organisation=other.round.organisation, year=2027)
    make_response(round=draft_round, respondent=admin.user)
    client.force_login(admin.user)
    urls = [
        reverse("assessments:home"),
        reverse("assessments:response-result", args=[response.pk]),
        reverse("assessments:round-detail", args=[round_.pk]),
        reverse("assessments:organisation-members", args=[admin.organisation_id]),
        reverse("assessments:organisation-create"),
        reverse("password_change"),
    ]
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, url
        assert_no_inline(page.content.decode())
    assert "<svg" in client.get(urls[1]).content.decode()


@pytest.mark.django_db
def test_the_questionnaire_step_has_no_inline_style(client):
    membership = make_membership()
    client.force_login(membership.user)
    client.post(
        reverse("assessments:response-start", args=[membership.organisation_id])
    )
    round_ = membership.organisation.rounds.get()
    page = client.get(reverse("assessments:response-step", args=[round_.pk, 2]))
    assert page.status_code == 200
    assert "<progress" in page.content.decode()
    assert_no_inline(page.content.decode())


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/signup/", "/accounts/password_reset/"]
)
@pytest.mark.django_db
def test_anonymous_pages_have_no_inline_script_or_style(client, url):
    assert_no_inline(client.get(url).content.decode())
