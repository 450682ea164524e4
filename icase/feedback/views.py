"""The contact page and "Is this page useful?". Both work without JavaScript, keep what was typed
on an error, and are rate-limited per client so a script cannot fill the editors' inbox."""

import logging

from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail.models import Page

from search.ratelimit import client_address, within_limit

from ..mail import send_email
from .forms import ContactForm, PageFeedbackForm
from .models import PageFeedback

logger = logging.getLogger(__name__)
CONTACT_PER_HOUR = 5
FEEDBACK_PER_HOUR = 30
PROGRAMME_EDITORS = "Programme editors"  # cms.roles names the group; read by name, not imported


def _tell_programme_editors(message):
    """Email the programme editors; the message is stored first, so a mail outage loses nothing."""
    group = Group.objects.filter(name=PROGRAMME_EDITORS).first()
    recipients = [user.email for user in group.user_set.filter(is_active=True)] if group else []
    if not recipients:
        return
    try:
        send_email(
            recipients,
            f"ICASE: new message ({message.get_topic_display().lower()})",
            "email/feedback/contact.txt",
            {"message": message},
            reason="you are a programme editor, and programme editors answer the contact page",
            settings_path=reverse("wagtailsnippets_feedback_contactmessage:list"),
            settings_label="Contact messages in the admin",
        )
    except Exception:  # noqa: BLE001 - a mail outage must not lose or fail the visitor's message
        logger.exception("Could not email programme editors about contact message %s", message.pk)


def contact(request):
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not within_limit("contact", client_address(request), CONTACT_PER_HOUR, 3600):
            form.add_error(None, "You have sent several messages in the last hour. Try again later.")
            return TemplateResponse(request, "feedback/contact.html", {"form": form}, status=429)
        message = form.save()
        _tell_programme_editors(message)
        return redirect("contact_sent")
    return TemplateResponse(
        request, "feedback/contact.html", {"form": form}, status=400 if form.errors else 200
    )


def contact_sent(request):
    return TemplateResponse(request, "feedback/contact_sent.html", {})


@csrf_exempt
@require_POST
def page_feedback(request):
    """Store the answer and go back to the page, which then says thank you (#page-feedback).

    No CSRF token: the form is on every public page, and a token would give every anonymous
    visitor a cookie and make those pages uncacheable. A forged answer gains an attacker nothing
    they could not post themselves; the per-client limit bounds floods either way."""
    form = PageFeedbackForm(request.POST)
    if not form.is_valid():
        page_id = form.cleaned_data.get("page") if "page" not in form.errors else None
        page = Page.objects.live().public().filter(pk=page_id).first() if page_id else None
        if page is None:
            return redirect("/")
        return redirect(f"{page.url}?feedback=invalid#page-feedback")
    page = Page.objects.live().public().filter(pk=form.cleaned_data["page"]).first()
    if page is None:
        return redirect("/")
    if within_limit("page-feedback", client_address(request), FEEDBACK_PER_HOUR, 3600):
        PageFeedback.objects.create(
            page=page,
            page_title=page.title,
            useful=form.cleaned_data["useful"],
            comment=form.cleaned_data["comment"].strip(),
        )
    return redirect(f"{page.url}?feedback=sent#page-feedback")
