"""Checks on free text people type: names must be visible, and errors quote little."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# An error message quotes at most this much of the offending input.
ECHO_LIMIT = 100

# Explicit directional formatting characters: they can make a name read differently
# from how it sorts and matches ("Trojan Source").
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

# Characters classed as letters or symbols that nevertheless render blank.
BLANK_GLYPHS = frozenset("\u115f\u1160\u2800\u3164\uffa0")

MESSAGE_INVISIBLE = _("Enter a name with visible letters or digits.")
MESSAGE_CONTROL = _("The name holds control characters; type it without them.")
MESSAGE_BIDI = _(
    "The name holds invisible text-direction characters; type it without them."
)


def clip(value: object, limit: int = ECHO_LIMIT) -> str:
    """The value's repr cut to `limit` characters, for quoting in an error message."""
    text = repr(value) if not isinstance(value, str) else repr(value[: limit + 1])
    if len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """The text itself, cut to `limit` characters, for naming a field or code."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_visible(character: str) -> bool:
    # Letters, marks, numbers, punctuation and symbols show; separators (Z*) and
    # format/control characters (C*, e.g. U+200B) do not.
    return (
        unicodedata.category(character)[0] in "LMNPS" and character not in BLANK_GLYPHS
    )


def validate_visible_name(value: str) -> None:
    """Refuse a name with no visible character, or one holding bidi overrides or
    control characters (NUL, which PostgreSQL cannot store, line breaks, lone
    surrogates)."""
    if any(unicodedata.category(character) in ("Cc", "Cs") for character in value):
        raise ValidationError(MESSAGE_CONTROL, code="control_character")
    if any(character in BIDI_CONTROLS for character in value):
        raise ValidationError(MESSAGE_BIDI, code="bidi_control")
    if not any(_is_visible(character) for character in value):
        raise ValidationError(MESSAGE_INVISIBLE, code="invisible_name")


_DOMAIN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)


def validate_domain_list(value: str) -> None:
    """Comma-separated e-mail domains such as `example.com, example.org`."""
    wrong = [
        item.strip()
        for item in value.replace("\n", ",").split(",")
        if item.strip() and not _DOMAIN.match(item.strip().lower().lstrip("@"))
    ]
    if wrong:
        raise ValidationError(
            _("Not an e-mail domain: %(items)s. Write them like example.com."),
            params={"items": clip(", ".join(wrong))},
            code="bad_domain",
        )
