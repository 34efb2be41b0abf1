from django import template

register = template.Library()


@register.filter
def years_of(past_years, organisation_id):
    """The home page's past years of one organisation (a dict keyed by its id)."""
    return past_years.get(organisation_id, [])
