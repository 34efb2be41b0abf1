"""Template filters for text that must read right in every language."""

from django import template

from assessments.results.texts import in_sentence as _in_sentence

register = template.Library()


@register.filter
def in_sentence(value) -> str:
    """A label used inside a sentence: first letter lower case, the rest kept, so
    German nouns keep their capital ("unter dem Pfad")."""
    return _in_sentence(str(value))
