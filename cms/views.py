"""The one content view outside Wagtail's page tree: members sharing a story."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from .stories import StoryForm, TooManyStories, submit_story


@login_required
def share_story(request):
    form = StoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            page, _ = submit_story(request.user, form.cleaned_data)
        except TooManyStories as refusal:
            form.add_error(None, str(refusal))
        else:
            return TemplateResponse(request, "cms/share_story_done.html", {"story": page})
    return TemplateResponse(
        request, "cms/share_story.html", {"form": form}, status=400 if form.errors else 200
    )
