"""A site with something on every page, and the list of those pages: shared by the
German page test and the German screenshots."""

from __future__ import annotations

import datetime
import html.parser
import json
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

from assessments.accounts.languages import language_remember
from assessments.answering import numbers as numbers_service
from assessments.answering import responses
from assessments.answering.numbers import Numbers
from assessments.answering.steps import response_steps
from assessments.models import Advice, Invitation, Questionnaire
from assessments.questionnaire.data import questionnaire_data
from tests.factories import (
    answers_for,
    make_action,
    make_consultant,
    make_membership,
    make_response,
    make_round,
)

PASSWORD = "a-long-test-password"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"
QUESTIONNAIRE_GERMAN = (
    Path(settings.BASE_DIR) / "assessments" / "migrations" / "questionnaire_de.json"
)


@dataclass
class Site:
    admin_user: object
    consultant: object
    pages: dict[str, str]  # name -> URL for the logged-in admin
    anonymous_pages: dict[str, str]
    consultant_pages: dict[str, str]


def build_site() -> Site:
    """An organisation with two years of results, numbers, a plan, advice, a
    colleague, an open invitation and a draft in this year's round."""
    admin = make_membership(is_admin=True, role="marketing")
    organisation = admin.organisation
    language_remember(user=admin.user, language="de")
    make_membership(organisation=organisation, role="sales")
    v2 = Questionnaire.objects.get(version=2)
    last_year = make_response(
        round=make_round(organisation=organisation, year=2025, questionnaire=v2),
        respondent=admin.user,
        role="marketing",
        answers=answers_for(relationship=2, maturity=2, questionnaire=v2, ownership=1),
        submitted=True,
    )
    this_round = make_round(organisation=organisation, year=2026, questionnaire=v2)
    draft = responses.response_get_or_create(
        round=this_round, respondent=admin.user, role="marketing"
    )
    numbers_service.response_save_numbers(
        response=draft,
        numbers=Numbers(
            inquiries=1200,
            mqls=300,
            sals=240,
            sqls=90,
            won_deals=12,
            hours_to_first_contact=20,
            pipeline_created=250000,
            known_source_share=60,
        ),
    )
    responses.response_save_answers(
        response=draft,
        answers=answers_for(
            relationship=4,
            maturity={2: 5, 3: 2, 4: 1},
            questionnaire=v2,
            diagnostics={"diag-1": 0, "diag-3": 0},
            ownership=1,
        ),
    )
    responses.response_submit(response=draft)
    for role in ("sales", "sales"):
        make_response(
            round=this_round,
            role=role,
            answers=answers_for(
                relationship=3, maturity=2, questionnaire=v2, ownership=1
            ),
            submitted=True,
        )
    make_action(
        title="Schriftlich festhalten, was ein qualifizierter Lead ist",
        owner=admin,
        organisation=organisation,
        round=this_round,
        year=2026,
        source_code="rel-01",
        due_date=datetime.date(2026, 1, 5),
    )
    Advice.objects.create(
        round=this_round, author_name="Clara Berg", text="Gemeinsame Begriffe zuerst."
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        token="t" * 40,
        role="sales",
        created_by=admin.user,
        expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    consultant = make_consultant(organisation, is_superuser=True)
    language_remember(user=consultant, language="de")
    # A second organisation whose round is still being answered: the steps.
    other = make_membership(user=admin.user, is_admin=True, role="sales")
    open_round = make_round(
        organisation=other.organisation, year=2026, questionnaire=v2
    )
    responses.response_get_or_create(
        round=open_round, respondent=admin.user, role="sales"
    )
    steps = response_steps(questionnaire_data(v2))
    pages = {
        "home": reverse("assessments:home"),
        "organisation form": reverse("assessments:organisation-create"),
        "result": reverse("assessments:response-result", args=[draft.pk]),
        "result last year": reverse("assessments:response-result", args=[last_year.pk]),
        "team": reverse("assessments:round-detail", args=[this_round.pk]),
        "close round": reverse("assessments:round-close", args=[this_round.pk]),
        "history": reverse("assessments:organisation-history", args=[organisation.pk]),
        "plan": reverse("assessments:plan-detail", args=[organisation.pk]),
        "new action": reverse("assessments:action-create", args=[organisation.pk]),
        "members": reverse("assessments:organisation-members", args=[organisation.pk]),
        "about": reverse("assessments:about"),
        "password change": reverse("password_change"),
        "password changed": reverse("password_change_done"),
        "invitation": reverse("assessments:invitation-accept", args=[invitation.token]),
        "not found": "/no-such-page/",
    }
    for step in steps:
        pages[f"step {step.key}"] = reverse(
            "assessments:response-step", args=[open_round.pk, step.number]
        )
    anonymous_pages = {
        "home": reverse("assessments:home"),
        "sign-up": reverse("assessments:signup"),
        "log-in": reverse("login"),
        "password reset": reverse("password_reset"),
        "password reset sent": reverse("password_reset_done"),
        "password reset link": reverse(
            "password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}
        ),
        "password reset done": reverse("password_reset_complete"),
        "about": reverse("assessments:about"),
    }
    consultant_pages = {
        "admin index": reverse("admin:index"),
        "portfolio": reverse("admin-portfolio:portfolio"),
        "client": reverse("admin-portfolio:client", args=[organisation.pk]),
        "round admin": reverse("admin:assessments_round_change", args=[this_round.pk]),
        "response admin": reverse("admin:assessments_response_change", args=[draft.pk]),
        "team result": reverse("assessments:round-detail", args=[this_round.pk]),
    }
    return Site(admin.user, consultant, pages, anonymous_pages, consultant_pages)


class _VisibleText(html.parser.HTMLParser):
    """The text a reader sees or hears: text nodes (inline SVG included) and the
    alt, title, aria-label and placeholder attributes; not scripts or styles."""

    ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page_html: str) -> str:
    """The page's visible text with whitespace collapsed."""
    parser = _VisibleText()
    parser.feed(page_html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


# The rule for which English texts the German pages must not show:
# - every msgid of the project's catalogue (singular and plural) and every English
#   text of the questionnaire that has a German version;
# - split at placeholders (%(name)s), HTML tags and line breaks, since the page
#   shows the pieces between them with values filled in;
# - a piece counts when it has at least three words and twelve letters: shorter
#   ones ("Admin", "MQL→SAL", "x = ") are names, abbreviations or symbols that
#   German uses too, and would match inside other text by chance;
# - a piece that also occurs in some German translation is skipped: it is a term
#   German keeps (source titles such as “Ending the War Between Sales and
#   Marketing”, Lead Management Maturity Model).
PIECE_SPLIT = re.compile(r"%\([a-z_]+\)[-+ #0-9.]*[sdf]|%%|<[^>]+>|\n")
MIN_WORDS = 3
MIN_LETTERS = 12


def _pieces(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip(" .,:;()") for p in PIECE_SPLIT.split(text)]


def english_pieces() -> set[str]:
    """The English texts of the catalogue and questionnaire that a German page
    must not contain, by the rule above."""
    catalogue = polib.pofile(str(CATALOGUE))
    german_questionnaire = json.loads(QUESTIONNAIRE_GERMAN.read_text(encoding="utf-8"))
    english = []
    german = []
    for entry in catalogue:
        english += [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        german += [entry.msgstr, *entry.msgstr_plural.values()]
    english += list(german_questionnaire)
    german += list(german_questionnaire.values())
    german_text = "\n".join(german)
    return {
        piece
        for text in english
        for piece in _pieces(text)
        if len(piece.split()) >= MIN_WORDS
        and sum(c.isalpha() for c in piece) >= MIN_LETTERS
        and piece not in german_text
    }


def english_left(page_html: str, pieces: set[str]) -> list[str]:
    """The pieces of English found in the page's visible text."""
    text = visible_text(page_html)
    return sorted(piece for piece in pieces if piece in text)
