"""The German catalogue as committed: complete, not fuzzy, placeholders intact, and
the compiled .mo exactly the .po's content (no gettext tools needed: polib reads
and compiles both)."""

import gettext
import re

import polib
import pytest
from django.utils import translation

from tests.site.german_site import CATALOGUE

COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-+ #0-9.]*[sdf]|%%|%[sd]")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_msgid_is_translated(catalogue):
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    assert not untranslated, f"translate these in {CATALOGUE}: {untranslated}"


def test_no_translation_is_fuzzy(catalogue):
    # makemessages marks a guessed translation fuzzy; gettext ignores it, so the
    # page would show English. Check the guess, fix it, remove the flag.
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not fuzzy, f"check and unflag these in {CATALOGUE}: {fuzzy}"


def test_no_obsolete_entries_hide_in_the_catalogue(catalogue):
    assert not catalogue.obsolete_entries()


def test_translations_keep_every_placeholder(catalogue):
    for entry in catalogue.translated_entries():
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [(entry.msgid_plural, s) for s in entry.msgstr_plural.values()]
        )
        for english, german in pairs:
            wanted = sorted(set(PLACEHOLDER.findall(english)))
            if entry.msgid_plural and german is entry.msgstr_plural.get(0):
                # The German singular may spell out "one" instead of the count.
                wanted = [p for p in wanted if "counter" not in p]
            found = sorted(set(PLACEHOLDER.findall(german)))
            assert set(wanted) <= set(found), (entry.msgid, german)


def _messages(mo_path) -> dict:
    with open(mo_path, "rb") as handle:
        messages = dict(gettext.GNUTranslations(handle)._catalog)
    # The header differs in layout between compilers; its plural rule is checked below.
    messages.pop("", None)
    return messages


def test_the_compiled_catalogue_is_the_po_file_compiled(catalogue, tmp_path):
    # Compare content, not modification times: a fresh clone sets those arbitrarily.
    # This fails when the .po was changed and `compilemessages` not run again.
    fresh = tmp_path / "fresh.mo"
    catalogue.save_as_mofile(str(fresh))
    committed, expected = _messages(COMPILED), _messages(fresh)
    missing = sorted(set(expected) - set(committed), key=str)
    changed = sorted(
        (k for k in expected if k in committed and committed[k] != expected[k]),
        key=str,
    )
    assert not missing and not changed, (
        "locale/de/LC_MESSAGES/django.mo is out of date: run "
        "`python manage.py compilemessages -l de`. "
        f"Missing: {missing[:5]}, changed: {changed[:5]}"
    )
    assert set(committed) == set(expected)


def test_the_plural_rule_is_germans(catalogue):
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    with translation.override("de"):
        for count, german in ((1, "Aussage"), (3, "Aussagen")):
            assert translation.ngettext(
                "%(counter)s statement", "%(counter)s statements", count
            ) == ("%(counter)s " + german)


def test_django_reads_the_committed_catalogue():
    with translation.override("de"):
        assert translation.gettext("Log in") == "Anmelden"
        assert translation.gettext("Lead management") == "Lead-Management"
