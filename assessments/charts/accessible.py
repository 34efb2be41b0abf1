"""A chart's accessible name, added to the inline markup per page and language."""

from __future__ import annotations

from html import escape


def with_accessible_name(svg: str, name: str) -> str:
    """Give an inline chart its accessible name (kept out of the cached markup, which
    is shared by every language and page that shows the same chart)."""
    return svg.replace(
        '<svg role="img"', f'<svg role="img" aria-label="{escape(name)}"', 1
    )
