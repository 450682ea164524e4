"""Template helpers for the finder layout shared by search and the listing pages."""

from django import template

register = template.Library()


@register.filter
def selected_count(options):
    """How many of a filter group's options are ticked, for its "2 selected" summary."""
    return sum(1 for option in options if getattr(option, "selected", False))
