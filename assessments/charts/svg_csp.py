"""Inline SVG that renders under a Content-Security-Policy without 'unsafe-inline'.

matplotlib writes its SVG styling as `style="…"` attributes and one `<style>` element;
a CSP of `default-src 'self'` blocks both, and the chart would lose its colours and
fonts. Every property it uses is also an SVG presentation attribute, which CSP does
not govern, so the styles are rewritten as attributes.
"""

from __future__ import annotations

import re
from html import escape

_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>\s*", re.DOTALL)
_TAG_WITH_STYLE = re.compile(r"<([A-Za-z][\w:-]*)\b([^>]*?)\sstyle=\"([^\"]*)\"")
_UNIVERSAL_RULE = re.compile(r"\*\s*\{([^}]*)\}")


def _declarations(css: str) -> list[tuple[str, str]]:
    pairs = []
    for declaration in css.split(";"):
        name, sep, value = declaration.partition(":")
        if sep and name.strip() and value.strip():
            pairs.append((name.strip().lower(), value.strip()))
    return pairs


def _attributes(pairs: list[tuple[str, str]], existing: str) -> str:
    # A style declaration beats a presentation attribute of the same name: drop it.
    for name, _value in pairs:
        existing = re.sub(rf'\s{re.escape(name)}="[^"]*"', "", existing)
    added = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in pairs)
    return existing + added


def inline_styles_to_attributes(svg: str) -> str:
    """The same drawing with `style` attributes and the `<style>` element turned into
    presentation attributes (the `*` rule goes on the root, where it is inherited)."""
    universal: list[tuple[str, str]] = []
    for block in _STYLE_ELEMENT.findall(svg):
        for rule in _UNIVERSAL_RULE.findall(block):
            universal.extend(_declarations(rule))
    svg = _STYLE_ELEMENT.sub("", svg)

    def rewrite(match: re.Match) -> str:
        tag, before, css = match.groups()
        return f"<{tag}{_attributes(_declarations(css), before)}"

    svg = _TAG_WITH_STYLE.sub(rewrite, svg)
    if universal:
        svg = re.sub(
            r"<svg\b([^>]*)>",
            lambda m: f"<svg{_attributes(universal, m.group(1))}>",
            svg,
            count=1,
        )
    return svg
