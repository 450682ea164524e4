"""Support request pages: ask, the list (your own; for experts and programme editors, those routed
to them and the report), one request with its replies and the actions each person may take."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from . import permissions, support
from .forms import NhsukForm, enabler_themes
from .models import Barrier, SupportRequest
from .services import Refused


class SupportRequestForm(NhsukForm, forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["theme", "need", "needed_by", "about_you"]
        labels = {"theme": "Topic"}
        help_texts = {
            "need": "What you are trying to do and where you are stuck.",
            "needed_by": "For example, 2027-03-31. Leave empty if there is no deadline.",
            "about_you": "Your role and organisation, so the right expert can help.",
        }
        widgets = {"need": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "theme": {"required": "Choose the topic"},
            "need": {"required": "Say what support you need"},
            "about_you": {"required": "Say who you are"},
            "needed_by": {"invalid": "Enter a real date, like 2027-03-31"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = enabler_themes()
        self.fields["theme"].empty_label = "Choose…"


class AnswerForm(NhsukForm, forms.Form):
    body = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write your answer"},
    )


class CloseForm(NhsukForm, forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the outcome"},
    )
    barrier = forms.ModelChoiceField(
        queryset=Barrier.objects.all(),
        required=False,
        label="Pass to the barriers register",
        help_text="When it turns out to be systemic: the barrier it belongs to.",
        empty_label="No, just close it",
    )


class RateForm(NhsukForm, forms.Form):
    rating = forms.TypedChoiceField(
        label="How helpful was the answer?",
        coerce=int,
        choices=SupportRequest.RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how helpful the answer was"},
    )


@login_required
def support_list(request):
    user = request.user
    answering = permissions.is_programme_editor(user) or bool(support.expert_theme_ids(user))
    context = {
        "own": SupportRequest.objects.filter(requester=user).select_related("theme"),
        "routed": support.visible_requests(user).exclude(requester=user).select_related("theme")
        if answering
        else [],
        "answering": answering,
        "report": support.support_report() if permissions.is_programme_editor(user) else None,
    }
    response = TemplateResponse(request, "exchange/support_list.html", context)
    add_never_cache_headers(response)
    return response


@login_required
def new_request(request):
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = support.create_request(
                request.user, pioneer=request.user.profile.pioneer, **form.cleaned_data
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Request sent to the theme's experts and the programme editors.")
            return redirect(created)
    response = TemplateResponse(request, "exchange/support_form.html", {"form": form})
    add_never_cache_headers(response)
    return response


def _request_or_404(request, pk):
    support_request = get_object_or_404(
        support.visible_requests(request.user).select_related("theme", "barrier"), pk=pk
    )
    return support_request


def _page(request, support_request, status=200, **forms_given):
    user = request.user
    answering = support.may_answer(user, support_request)
    context = {
        "support_request": support_request,
        "replies": support_request.replies.select_related("author__profile"),
        "answering": answering,
        "answer_form": forms_given.get("answer_form") or AnswerForm(),
        "close_form": forms_given.get("close_form") or CloseForm(),
        "rate_form": forms_given.get("rate_form") or RateForm(),
        "is_requester": support_request.requester_id == user.pk,
        "form": next((form for form in forms_given.values() if form.errors), None),
    }
    response = TemplateResponse(request, "exchange/support_request.html", context, status=status)
    add_never_cache_headers(response)
    return response


@login_required
def support_request(request, pk):
    return _page(request, _request_or_404(request, pk))


@login_required
@require_POST
def act(request, pk, action):
    support_request = _request_or_404(request, pk)
    forms_by_action = {
        "answer": ("answer_form", AnswerForm),
        "close": ("close_form", CloseForm),
        "rate": ("rate_form", RateForm),
    }
    if action == "take":
        try:
            support.take(request.user, support_request)
        except Refused as refusal:
            messages.error(request, refusal.message)
        return redirect(support_request)
    if action not in forms_by_action:
        raise Http404("No such action")
    name, form_class = forms_by_action[action]
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "answer":
                support.reply(request.user, support_request, data["body"])
            elif action == "close":
                support.close(request.user, support_request, data["outcome"], data["barrier"])
            else:
                support.rate(request.user, support_request, data["rating"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Done.")
            return redirect(support_request)
    return _page(request, support_request, status=400, **{name: form})
