"""“Share your story”: members who are not editors send in a case study. It becomes a draft in
the pioneer's subtree, submitted to Programme review with the member credited, and goes live
only when a programme editor approves it.

Files sent with a story are anyone's bytes, so they are checked by content (`cms.uploads`), the
image with Wagtail's own image field (size, format and pixel limits, as in the admin), and they
stay private until the story is published: the document in the pioneer's "Stories awaiting
review" collection, which only programme editors and the pioneer's editors can download, the
image under a random file name (Wagtail serves images straight from MEDIA_URL, with no check).
"""

import datetime
import re
import secrets

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.images.fields import WagtailImageField
from wagtail.models import Revision
from wagtail.users.models import UserProfile

from .models import AccessibleImage, CaseStudyPage, DescribedDocument, PioneerProfilePage, PioneerSpace, Theme
from .roles import STORY_REVIEW_COLLECTION, story_review_collection
from .uploads import check_content
from .widgets import CharacterCountTextarea

ATTACHMENT_TYPES = {"pdf", "docx", "odt"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = ["jpg", "jpeg", "png"]
IMAGE_MAX_BYTES = 5 * 1024 * 1024
STORIES_PER_DAY = 3


def _extension(upload):
    return upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""


def _size(limit):
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def file_limits():
    """The most each file field may hold, for the view's streamed check (read when a request
    comes in, so a test can lower them)."""
    return {"attachment": ATTACHMENT_MAX_BYTES, "image": IMAGE_MAX_BYTES}


def max_body_bytes():
    """A browser sends the text first and then the files, and reading stops at a file's limit; a
    request declaring more than this (twice both files) is refused before any of it is read."""
    return 2 * (ATTACHMENT_MAX_BYTES + IMAGE_MAX_BYTES)


def too_large_message(field_name):
    if field_name == "image":
        return f"The image must be smaller than {_size(IMAGE_MAX_BYTES)}."
    return f"The document must be smaller than {_size(ATTACHMENT_MAX_BYTES)}."


def too_large_to_send_message():
    return (
        f"Your story was too large to send (the document can be up to {_size(ATTACHMENT_MAX_BYTES)} and "
        f"the image up to {_size(IMAGE_MAX_BYTES)}), so nothing was received or saved. Please fill in the "
        "form again with smaller files."
    )


class StoryImageField(WagtailImageField):
    """Wagtail's image field (the admin's checks: the file size, that the content is the format
    its name says, and WAGTAILIMAGES_MAX_IMAGE_PIXELS) with the story form's narrower limits
    and plain-language messages."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.allowed_image_extensions = IMAGE_TYPES
        self.max_upload_size = IMAGE_MAX_BYTES
        self.help_text = f"JPEG or PNG, up to {_size(IMAGE_MAX_BYTES)}."
        million = f"{self.max_image_pixels / 1_000_000:g}" if self.max_image_pixels else "too many"
        self.error_messages.update(
            invalid_image="The image could not be read. Try saving it again as JPEG or PNG.",
            invalid_image_extension="The image must be a JPEG or PNG file.",
            invalid_image_known_format="The image is not the format its name says. It must be a JPEG or "
            "PNG file.",
            file_too_large=too_large_message("image"),
            file_too_many_pixels=f"The image has more than {million} million pixels. Make it smaller, for "
            "example 4000 by 3000 pixels, and try again.",
        )


class StoryForm(forms.Form):
    title = forms.CharField(
        label="Title",
        help_text=(
            "What you did, in a few words, for example “Night sitting service for people at the end of life”."
        ),
        min_length=10,
        max_length=120,
        error_messages={
            "required": "Enter a title",
            "min_length": "Title must be at least 10 characters",
            "max_length": "Title must be 120 characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    pioneer = forms.ModelChoiceField(
        label="Which pioneer is this from?",
        queryset=PioneerProfilePage.objects.none(),
        empty_label="Choose a pioneer",
        error_messages={"required": "Select a pioneer", "invalid_choice": "Select a pioneer from the list"},
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        help_text="Choose up to three.",
        queryset=Theme.objects.all(),
        error_messages={
            "required": "Select at least one theme",
            "invalid_choice": "Select themes from the list",
        },
        widget=forms.CheckboxSelectMultiple(attrs={"class": "nhsuk-checkboxes__input"}),
    )
    setting = forms.ChoiceField(
        label="Where does the care happen?",
        choices=[("", "Choose a setting"), *CaseStudyPage.SETTING_CHOICES],
        error_messages={
            "required": "Select where the care happens",
            "invalid_choice": "Select a setting from the list",
        },
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    summary = forms.CharField(
        label="Summary",
        help_text="One or two sentences for listings and search results.",
        max_length=400,
        error_messages={
            "required": "Enter a summary",
            "max_length": "Summary must be 400 characters or fewer",
        },
        widget=CharacterCountTextarea(attrs={"rows": 3}),
    )
    what_happened = forms.CharField(
        label="What happened",
        help_text="Who was involved, what you changed and how, in 200 characters or more. Leave a blank "
        "line between paragraphs.",
        min_length=200,
        max_length=12_000,
        error_messages={
            "required": "Enter what happened",
            "min_length": "What happened must be at least 200 characters",
            "max_length": "What happened must be 12,000 characters or fewer",
        },
        widget=CharacterCountTextarea(attrs={"rows": 12}),
    )
    outcomes = forms.CharField(
        label="What changed as a result",
        help_text="Figures if you have them, with the period and source, for example “admissions fell 12% in "
        "the first six months (local audit)”.",
        required=False,
        max_length=4_000,
        error_messages={"max_length": "What changed must be 4,000 characters or fewer"},
        widget=CharacterCountTextarea(attrs={"rows": 5}),
    )
    contact = forms.CharField(
        label="Who readers can contact",
        help_text="A team or role and how to reach them. Do not include anyone's personal details without "
        "their agreement.",
        max_length=300,
        error_messages={
            "required": "Enter who readers can contact",
            "max_length": "Who readers can contact must be 300 characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    credit = forms.CharField(
        label="Your name as it should appear",
        help_text="Shown as “Shared by …” on the case study.",
        max_length=160,
        error_messages={
            "required": "Enter your name as it should appear",
            "max_length": "Your name must be 160 characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "name"}),
    )
    attachment = forms.FileField(
        label="A supporting document",
        help_text=f"PDF, Word or OpenDocument, up to {_size(ATTACHMENT_MAX_BYTES)}.",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "nhsuk-file-upload__input", "accept": ".pdf,.docx,.odt"}
        ),
    )
    image = StoryImageField(
        label="A photo or diagram",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "nhsuk-file-upload__input", "accept": ".jpg,.jpeg,.png"}
        ),
    )
    image_alt_text = forms.CharField(
        label="Describe the photo or diagram",
        help_text="For people who cannot see it. Needed if you add one.",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pioneer"].queryset = PioneerProfilePage.objects.live().public().order_by("title")

    @property
    def theme_groups(self):
        """The theme checkboxes as (group, boxes): enabler workstreams, then care models, as in the admin."""
        kinds = dict(self.fields["themes"].queryset.values_list("pk", "kind"))
        grouped = {kind: [] for kind in Theme.choice_group_labels}
        for box in self["themes"]:
            grouped.setdefault(kinds[box.data["value"].value], []).append(box)
        return [
            (Theme.choice_group_labels.get(kind, kind), boxes) for kind, boxes in grouped.items() if boxes
        ]

    def clean_themes(self):
        themes = self.cleaned_data["themes"]
        if len(themes) > 3:
            raise forms.ValidationError("Choose up to three themes.")
        return themes

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            if _extension(upload) not in ATTACHMENT_TYPES:
                raise forms.ValidationError(
                    "The document must be a PDF, Word (.docx) or OpenDocument (.odt) file."
                )
            if upload.size > ATTACHMENT_MAX_BYTES:
                raise forms.ValidationError(too_large_message("attachment"))
            check_content(upload, _extension(upload))
        return upload

    def clean_image(self):
        """The field has done Wagtail's checks; this is the content rule every upload meets."""
        upload = self.cleaned_data.get("image")
        if upload:
            check_content(upload, _extension(upload))
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt_text"):
            self.add_error("image_alt_text", "Describe the photo or diagram for people who cannot see it.")
        return cleaned


class TooManyStories(Exception):
    pass


def _paragraphs(text):
    """Paragraphs as the form asks for them, a blank line apart; browsers send line breaks as
    \r\n, and a blank line with spaces on it is still a blank line."""
    parts = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [f"<p>{escape(' '.join(part.split()))}</p>" for part in parts if part.strip()]


def already_shared_today(user, title):
    """The same member sharing the same title on the same day: a resubmitted form, not a new story."""
    start_of_day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    return CaseStudyPage.objects.filter(
        owner=user,
        title__iexact=" ".join(title.split()),
        first_published_at__isnull=True,
        latest_revision_created_at__gte=start_of_day,
    ).exists()


def stories_today(user):
    since = timezone.now() - datetime.timedelta(days=1)
    return Revision.objects.filter(
        user=user, created_at__gte=since, content_type__model="casestudypage"
    ).count()


@transaction.atomic
def submit_story(user, data):
    """Create the draft case study under its pioneer and submit it to Programme review."""
    if already_shared_today(user, data["title"]):
        raise TooManyStories(
            f"You have already shared “{data['title']}” today. We have it and will be in touch; "
            "to add to it, reply to the email we send you."
        )
    if stories_today(user) >= STORIES_PER_DAY:
        raise TooManyStories(
            f"You can share up to {STORIES_PER_DAY} stories a day. Please try again tomorrow."
        )
    pioneer = data["pioneer"]
    collection = story_review_collection(PioneerSpace.objects.get(pioneer=pioneer))
    body = [("paragraph", html) for html in _paragraphs(data["what_happened"])]
    if data.get("outcomes"):
        body.append(("heading", {"text": "What changed", "level": "h2"}))
        body += [("paragraph", html) for html in _paragraphs(data["outcomes"])]
    if data.get("image"):
        data["image"].name = f"story-{secrets.token_urlsafe(16)}.{_extension(data['image'])}"
        image = AccessibleImage.objects.create(
            title=data["title"][:255],
            description=data["image_alt_text"],
            file=data["image"],
            collection=collection,
            uploaded_by_user=user,
        )
        body.append(("image", {"image": image, "caption": ""}))
    if data.get("attachment"):
        document = DescribedDocument.objects.create(
            title=f"{data['title']}: supporting document"[:255],
            description=f"Sent in with the story ({_extension(data['attachment']).upper()} file)",
            file=data["attachment"],
            collection=collection,
            uploaded_by_user=user,
        )
        body.append(("document", {"document": document, "title": ""}))
    today = timezone.localdate()
    page = CaseStudyPage(
        title=data["title"],
        summary=data["summary"],
        setting=data["setting"],
        evaluation_status="not-evaluated",
        body=body,
        contact=f"<p>{escape(data['contact'])}</p>",
        publication_date=today,
        review_date=today.replace(year=today.year + 1),
        credit=data["credit"],
        submitted_by=user,
        live=False,
        owner=user,
    )
    pioneer.add_child(instance=page)
    page.themes.set(data["themes"])
    revision = page.save_revision(user=user)
    _without_admin_review_emails(user)
    page.get_workflow().start(page, user)
    return page, revision


def _without_admin_review_emails(user):
    """A member who cannot open the admin hears about their story from ICASE (a notification and
    an email that link to the site and "Your stories"); Wagtail's own review emails would send them
    to admin pages they cannot open, so they are switched off for such members."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    profile.approved_notifications = profile.rejected_notifications = False
    profile.updated_comments_notifications = False
    profile.save(
        update_fields=["approved_notifications", "rejected_notifications", "updated_comments_notifications"]
    )


def _media_used_by(page):
    """The images and documents a case study's body uses, by model."""
    used = {AccessibleImage: set(), DescribedDocument: set()}
    for model, object_id, _, _ in page._meta.get_field("body").extract_references(page.body):
        if model in used:
            used[model].add(object_id)
    return used


def _move(items, collection):
    for item in items:
        item.collection = collection
        item.save(update_fields=["collection"])  # save(), so Wagtail's admin search sees the change


def release_story_media(page):
    """When a case study is published, the files it uses that still wait in a "Stories awaiting
    review" collection move to its pioneer's own collection, public like the page. A file an
    editor took out of the story stays private."""
    space = PioneerSpace.objects.filter(pioneer_id=page.pioneer_id).select_related("collection").first()
    if space is None:
        return
    for model, ids in _media_used_by(page).items():
        _move(model.objects.filter(pk__in=ids, collection__name=STORY_REVIEW_COLLECTION), space.collection)


def protect_waiting_story_media():
    """Stories sent in before their files were kept private left them in the pioneer's public
    collection: for every story not yet published, the files its member sent move to the review
    collection. Run by load_initial_data; does nothing once they are all there."""
    waiting = CaseStudyPage.objects.filter(submitted_by__isnull=False, first_published_at__isnull=True)
    for story in waiting:
        space = PioneerSpace.objects.filter(pioneer_id=story.pioneer_id).select_related("collection").first()
        if space is None:
            continue
        draft = story.get_latest_revision_as_object()
        for model, ids in _media_used_by(draft).items():
            exposed = model.objects.filter(
                pk__in=ids, collection=space.collection, uploaded_by_user_id=story.submitted_by_id
            )
            if exposed.exists():
                _move(exposed, story_review_collection(space))
