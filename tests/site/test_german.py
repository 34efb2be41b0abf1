"""German, end to end: every page in German, the questionnaire's own text
included, the choice remembered for the person, emails in their language and
numbers and dates in German format."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, translation

from assessments.accounts import languages
from assessments.accounts.passwords import password_set_email_send
from assessments.models import Profile, Question, Questionnaire
from assessments.plans import reminders
from assessments.questionnaire.data import questionnaire_current, questionnaire_data
from assessments.results.number_words import format_numbers
from tests.factories import make_action, make_membership, make_user
from tests.jobs.helpers import fetch_report
from tests.site.german_site import (
    PASSWORD,
    build_site,
    english_left,
    english_pieces,
    visible_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pieces():
    return english_pieces()


def log_in(client, user):
    """Through the log-in form, as a person does (django-axes needs the request)."""
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def assert_german(response, pieces, name):
    assert response.status_code in (200, 404), (name, response.status_code)
    page = response.content.decode()
    assert '<html lang="de"' in page, name
    left = english_left(page, pieces)
    assert not left, f"{name}: English left on the German page: {left}"


def test_the_rule_finds_english_on_an_english_page(client, pieces):
    # The check itself must bite: the same page in English is full of hits.
    page = client.get(reverse("assessments:about")).content.decode()
    assert len(english_left(page, pieces)) > 5


def test_every_page_of_the_site_is_german(client, pieces):
    site = build_site()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    for name, url in site.anonymous_pages.items():
        assert_german(client.get(url), pieces, f"anonymous {name}")
    # No cookie: the German comes from the person's remembered choice.
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    log_in(client, site.admin_user)
    for name, url in site.pages.items():
        assert_german(client.get(url), pieces, name)
    client.logout()
    client.force_login(site.consultant)
    for name, url in site.consultant_pages.items():
        assert_german(client.get(url), pieces, f"consultant {name}")


@pytest.mark.parametrize(
    "template",
    [
        "400.html",
        "403.html",
        "403_csrf.html",
        "404.html",
        "429.html",
        "500.html",
        "registration/locked_out.html",
    ],
)
def test_error_pages_are_german(template, pieces):
    request = RequestFactory().get("/")
    with translation.override("de"):
        page = render_to_string(template, request=request)
    assert '<html lang="de">' in page
    assert not english_left(page, pieces)


def test_the_questionnaire_data_is_german_under_german():
    with translation.override("de"):
        data_de = questionnaire_data(questionnaire_current())
    question = data_de.questions["rel-01"]
    assert question.text == (
        "Unsere tatsächlichen Umsätze weichen selten stark von der Prognose ab."
    )
    assert data_de.choices["rel-01"][5].label == "Trifft voll und ganz zu"
    assert data_de.parts[0].title == "Marketing und Vertrieb"
    with translation.override("en"):
        data_en = questionnaire_data(questionnaire_current())
    assert data_en.questions["rel-01"].text.startswith("Our actual sales")
    # The English cached copy is untouched by the German one.
    assert data_en.parts[0].questions.all()[0].text.startswith("Our actual sales")


def test_every_seeded_question_and_choice_has_german_text():
    for version in (1, 2):
        questionnaire = Questionnaire.objects.get(version=version)
        questions = Question.objects.filter(part__questionnaire=questionnaire)
        assert questions.exists()
        for question in questions:
            assert question.text_de and question.text_de != question.text
            assert bool(question.help_text_de) == bool(question.help_text)
            assert bool(question.action_de) == bool(question.action)
            for choice in question.choices.all():
                assert choice.label_de, (question.code, choice.value)
        for part in questionnaire.parts.all():
            assert part.title_de and part.intro_de


def test_a_missing_german_text_falls_back_to_english():
    draft = Questionnaire.objects.get(version=2)
    from assessments.questionnaire import versions

    copy = versions.questionnaire_new_version(source=draft)
    question = Question.objects.get(part__questionnaire=copy, code="rel-01")
    assert question.text_de  # copied with the version
    Question.objects.filter(pk=question.pk).update(text_de="")
    with translation.override("de"):
        data = questionnaire_data(copy)
    assert data.questions["rel-01"].text == question.text
    assert data.questions["rel-02"].text_de == data.questions["rel-02"].text


def test_the_step_page_shows_german_statements_and_answers(client):
    user = make_user()
    membership = make_membership(user=user, is_admin=True)
    languages.language_remember(user=user, language="de")
    log_in(client, user)
    started = client.post(
        reverse("assessments:response-start", args=[membership.organisation_id])
    )
    page = client.get(started["Location"]).content.decode()
    assert "Unsere tatsächlichen Umsätze weichen selten stark" in page
    assert "Trifft voll und ganz zu" in page
    assert "Our actual sales" not in page


def test_the_switch_is_remembered_for_the_user_across_sessions(client):
    user = make_user()
    log_in(client, user)
    response = client.post(
        reverse("set_language") + "?next=/about/", {"language": "de"}
    )
    assert response.status_code == 302 and response["Location"] == "/about/"
    assert Profile.objects.get(user=user).language == "de"
    client.logout()
    client.cookies.clear()
    log_in(client, user)
    assert '<html lang="de">' in client.get("/about/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/about/").content.decode()
    assert Profile.objects.get(user=user).language == "en"


def test_the_switch_needs_a_post_with_a_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get(reverse("set_language")).status_code == 405
    assert strict.post(reverse("set_language"), {"language": "de"}).status_code == 403


def test_the_header_offers_the_other_language_as_a_post_form(client):
    page = client.get(reverse("assessments:about")).content.decode()
    assert f'action="{reverse("set_language")}?next=/about/"' in page
    # No field named "next": forms on the page are told apart by their fields.
    assert 'name="next"' not in page
    assert 'name="language" value="de"' in page and ">Deutsch</button>" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    page = client.get(reverse("assessments:home")).content.decode()
    assert 'name="language" value="en"' in page and ">English</button>" in page


def test_a_choice_made_before_log_in_becomes_the_users(client):
    user = make_user()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    log_in(client, user)
    assert Profile.objects.get(user=user).language == "de"


def test_the_remembered_language_costs_no_query_per_page(
    client, django_assert_max_num_queries
):
    user = make_user()
    languages.language_remember(user=user, language="de")
    log_in(client, user)
    client.get("/about/")
    # The about page needs the session and the user, nothing for the language.
    with django_assert_max_num_queries(2):
        page = client.get("/about/")
    assert '<html lang="de">' in page.content.decode()


def test_reminders_go_out_in_each_recipients_language():
    german = make_membership(is_admin=True)
    languages.language_remember(user=german.user, language="de")
    english = make_membership(organisation=german.organisation, is_admin=True)
    for owner in (german, english):
        make_action(owner=owner, due_date=datetime.date(2026, 3, 2))
    with translation.override("en"):
        sent = reminders.reminders_send(today=datetime.date(2026, 3, 1))
    by_to = {m.to[0]: m for m in mail.outbox}
    assert len(sent) == 2
    assert by_to[german.user.email].subject == (
        "Maßnahmen Ihres Lead-Management-Plans sind fällig"
    )
    assert by_to[german.user.email].body.startswith("Guten Tag,")
    assert "ist am 2. März 2026 fällig" in by_to[german.user.email].body
    assert "is due on 2 March 2026" in by_to[english.user.email].body
    assert by_to[english.user.email].subject == (
        "Actions of your lead management plan are due"
    )


def test_the_import_invite_is_in_the_recipients_language():
    user = make_user()
    languages.language_remember(user=user, language="de")
    password_set_email_send(
        user=user, base_url="https://lmm.example.com", organisations=["Acme"]
    )
    assert mail.outbox[0].subject == (
        "Ihr Konto bei der LMM-Bewertung: Passwort wählen"
    )
    assert "Guten Tag," in mail.outbox[0].body


def test_the_password_reset_email_is_in_the_recipients_language(client):
    user = make_user()
    languages.language_remember(user=user, language="de")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    # Django's own reset email text, in German from Django's catalogue.
    assert "Passwort" in mail.outbox[0].subject + mail.outbox[0].body


def test_numbers_and_dates_are_german_under_german(client):
    site = build_site()
    log_in(client, site.admin_user)
    result = visible_text(client.get(site.pages["result"]).content.decode())
    # Thousands with a point, decimals with a comma, in templates and in sentences.
    assert "Erzeugte Pipeline pro Monat: 250.000" in result
    assert "Anfragen 1.200" in result
    assert "Annahmequote MQL→SAL: 0,80 (Ziel: nahe bei 1,0)" in result
    assert "x = 3,00 von 4" in result and "x = 3.00" not in result
    assert "(x 1,00 → 3,00)" in result
    assert "60\u00a0%" in client.get(site.pages["result"]).content.decode()
    plan = visible_text(client.get(site.pages["plan"]).content.decode())
    assert "Fällig 5. Januar 2026" in plan and "2026-01-05" not in plan
    team = visible_text(client.get(site.pages["team"]).content.decode())
    # Median ratings (4, 3, 3 -> 3) and practices only talked about (2) not defined.
    assert "x = 2,00, y = 0,00: unter dem Pfad." in team
    members = visible_text(client.get(site.pages["members"]).content.decode())
    assert "gültig bis 1. Januar 2099" in members


def test_english_keeps_its_number_and_date_formats():
    with translation.override("en"):
        assert format_numbers("x = %(x).2f, %(d)+.2f", {"x": 2.333, "d": 0.5}) == (
            "x = 2.33, +0.50"
        )
    with translation.override("de"):
        assert format_numbers("x = %(x).2f, %(d)+.2f", {"x": 2.333, "d": -0.5}) == (
            "x = 2,33, -0,50"
        )
        assert format_numbers("%(s)s%%", {"s": 5}) == "5%"
    with translation.override("en"):
        for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT"):
            assert formats.date_format(datetime.date(2026, 1, 5), name) == (
                "5 January 2026"
            )
    with translation.override("de"):
        assert formats.date_format(datetime.date(2026, 1, 5), "DATE_FORMAT") == (
            "5. Januar 2026"
        )


def test_a_new_version_copies_the_german_and_the_admin_shows_it(client):
    from assessments.models import Choice, Part
    from assessments.questionnaire import versions

    source = Questionnaire.objects.get(version=2)
    copy = versions.questionnaire_new_version(source=source)
    for part in Part.objects.filter(questionnaire=copy):
        original = Part.objects.get(questionnaire=source, kind=part.kind)
        assert (part.title_de, part.intro_de) == (original.title_de, original.intro_de)
    choice = Choice.objects.get(
        question__part__questionnaire=copy, question__code="rel-01", value=5
    )
    assert choice.label_de == "Trifft voll und ganz zu"
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    draft_question = Question.objects.get(part__questionnaire=copy, code="rel-01")
    page = client.get(
        reverse("admin:assessments_question_change", args=[draft_question.pk])
    ).content.decode()
    assert 'name="text_de"' in page and 'name="choices-0-label_de"' in page
    published = Question.objects.get(part__questionnaire=source, code="rel-01")
    page = client.get(
        reverse("admin:assessments_question_change", args=[published.pk])
    ).content.decode()
    # Frozen: shown, not editable.
    assert "Unsere tatsächlichen Umsätze" in page and 'name="text_de"' not in page


def test_the_pdf_reports_are_german(client, pieces):
    """The reports are the pages themselves: in German, no English is left in them."""
    import io

    from pypdf import PdfReader

    site = build_site()
    log_in(client, site.admin_user)
    # Each page's report sits beside it: /responses/1/ -> /responses/1/report.pdf.
    for name in ("result last year", "team", "history"):
        url = site.pages[name] + "report.pdf"
        response = fetch_report(client, url)
        assert response.status_code == 200, (name, url)
        pdf = PdfReader(io.BytesIO(response.content))
        text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
        left = sorted(piece for piece in pieces if piece in text)
        assert not left, f"{name} report: English left in the German PDF: {left}"
        assert "Bericht vom" in text, name
