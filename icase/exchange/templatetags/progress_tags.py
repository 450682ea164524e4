"""`{% pioneer_progress page %}`: a pioneer's approved progress (latest status and the timeline
with its table) on its profile page, reached through templates/includes/pioneer_progress.html so
cms templates name no icase tag library. Approved reports are public, like the /progress/ pages."""

from django import template

from .. import progress

register = template.Library()


@register.inclusion_tag("exchange/includes/pioneer_progress_summary.html")
def pioneer_progress(pioneer):
    return {"pioneer": pioneer, "timeline": progress.timeline(pioneer)}
