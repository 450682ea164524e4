"""The content views outside Wagtail's page tree: members sharing a story and following it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .models import CaseStudyPage
from .stories import (
    StoryForm,
    TooManyStories,
    file_limits,
    max_body_bytes,
    submit_story,
    too_large_message,
    too_large_to_send_message,
)
from .uploads import StreamedFileLimits
from .your_stories import stories_of

SHARED_STORY = "shared_story"


@login_required
def story_shared(request):
    """The thank-you page after a story is sent; shows only the member's own latest story."""
    story = CaseStudyPage.objects.filter(pk=request.session.get(SHARED_STORY), owner=request.user).first()
    if story is None:
        return redirect("share_story")
    return TemplateResponse(request, "cms/share_story_done.html", {"story": story})


@login_required
def your_stories(request):
    """The member's stories and where each has got to in review, with what the reviewer said."""
    return TemplateResponse(request, "cms/your_stories.html", {"stories": stories_of(request.user)})


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django's parser refuses it with 400


def _form_page(request, form, status, refusal=None):
    context = {"form": form, "refusal": refusal}
    return TemplateResponse(request, "cms/share_story.html", context, status=status)


@csrf_exempt  # checked by _share_story instead, once the upload limits are in place
@login_required
def share_story(request):
    """The upload limits must be installed before anything reads the body, and the CSRF
    middleware reads it to find the token, so CSRF is checked inside (Django's "Modifying upload
    handlers on the fly"). A body declared larger than any story could be is refused unread."""
    if request.method != "POST":
        return _share_story(request, None)
    if _declared_length(request) > max_body_bytes():
        return _form_page(request, StoryForm(), status=413, refusal=too_large_to_send_message())
    limits = StreamedFileLimits(request, file_limits())
    request.upload_handlers.insert(0, limits)
    return _share_story(request, limits)


@csrf_protect
def _share_story(request, limits):
    form = StoryForm(request.POST or None, request.FILES or None)
    if limits is not None and limits.refused:
        form.is_valid()  # so the page shows what was typed with any other mistakes
        form.add_error(limits.refused, too_large_message(limits.refused))
        return _form_page(request, form, status=413)
    if request.method == "POST" and form.is_valid():
        try:
            page, _ = submit_story(request.user, form.cleaned_data)
        except TooManyStories as refusal:
            form.add_error(None, str(refusal))
        else:  # post/redirect/get: refreshing the thank-you page cannot send the story again
            request.session[SHARED_STORY] = page.pk
            return redirect("story_shared")
    return _form_page(request, form, status=400 if form.errors else 200)
