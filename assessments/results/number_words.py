"""Figures inside translated sentences, in the reader's number format.

Sentences keep printf placeholders such as ``%(x).2f`` so that translators see
how a figure is shown; Python's % operator would always print a decimal point,
so these are formatted by Django's localisation instead (2,33 in German).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils import formats

FLOAT_PLACEHOLDER = re.compile(r"%\((\w+)\)(\+?)\.(\d)f")


def format_numbers(template: str, values: Mapping[str, object]) -> str:
    """``template % values``, with every ``%(name).Nf`` and ``%(name)+.Nf``
    placeholder written in the active language's number format."""
    shown = dict(values)

    def localized(match: re.Match) -> str:
        name, sign, places = match.group(1), match.group(2), int(match.group(3))
        value = float(values[name])
        text = formats.number_format(round(value, places), places)
        if sign and value >= 0:
            text = "+" + text
        shown[f"{name}__shown"] = text
        return f"%({name}__shown)s"

    return FLOAT_PLACEHOLDER.sub(localized, str(template)) % shown
