from django import template

from ..related import related_to

register = template.Library()


@register.simple_tag
def related_content(obj, limit=5):
    """Pages like `obj`, from the search index; empty when search is unavailable."""
    return related_to(obj, limit)
