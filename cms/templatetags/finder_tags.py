"""Template helpers for the finder layout shared by search and the listing pages."""

from django import template

register = template.Library()


@register.filter
def selected_count(options):
    """How many of a filter group's options are ticked, for its "2 selected" summary."""
    return sum(1 for option in options if getattr(option, "selected", False))


@register.filter
def theme_labels(names):
    """Search results carry the themes' names as indexed; show each as the one theme label
    (name plus acronym) the tags and filters use. Unknown names are shown as they are."""
    from cms.models import Theme

    if not names:
        return []
    labels = {theme.name: theme.label for theme in Theme.objects.filter(name__in=names)}
    return [labels.get(name, name) for name in names]
