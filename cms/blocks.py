"""StreamField blocks for ICASE pages; each renders with its own template in templates/cms/blocks/."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from .models.snippets import IStatement


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        description = "A heading that starts a section of the page."
        preview_value = {"text": "A section heading", "level": "h2"}


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "pick"
        template = "cms/blocks/inset_text.html"
        help_text = "Information that should stand out from the text around it."
        description = "NHS.UK inset text: a short note set apart from the text around it."
        preview_value = {"text": "<p>A short note readers should see, set apart from the text.</p>"}


class WarningCalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Important")
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/warning_callout.html"
        help_text = "Something readers must not miss, such as a legal duty or a risk to people."
        description = "NHS.UK warning callout: a yellow panel for what readers must not miss."
        preview_value = {
            "heading": "Important",
            "text": "<p>What readers must not miss, in a sentence or two.</p>",
        }


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=160, help_text="The question or label readers click to open it.")
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "collapse-down"
        template = "cms/blocks/details.html"
        help_text = "Detail most readers do not need, shown when they open it."
        description = "NHS.UK details (expander): a question that opens to show its answer."
        preview_value = {
            "summary": "How was this measured?",
            "text": "<p>The answer, shown when the reader opens the question.</p>",
        }


class ActionLinkBlock(blocks.StructBlock):
    """Shown only while its page is live and public: a link to a draft or a private page would
    lead readers to a dead end (as editor's picks leave such pages out)."""

    page = blocks.PageChooserBlock()
    text = blocks.CharBlock(max_length=120, required=False, help_text="Defaults to the page's title.")

    class Meta:
        icon = "arrow-right"
        template = "cms/blocks/action_link.html"
        help_text = "One clear next step for the reader, to a page on ICASE."
        description = "NHS.UK action link: a green arrow link to the one next step."
        preview_value = {"text": "The one next step for the reader"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        page = value.get("page")
        shown = page and Page.objects.filter(pk=page.pk).live().public().exists()
        context["target"] = page if shown else None
        return context


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        description = "A quotation from someone involved, with who said it."
        preview_value = {
            "quote": "What they said, in their words.",
            "attribution": "Their name and role",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        description = "A photo or diagram from the image library, with an optional caption."


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, help_text="Defaults to the document's title.")

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_block.html"
        description = "A link to a document from the library, with its type and size."


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    steps = blocks.ListBlock(StepBlock())

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/steps.html"
        help_text = "Numbered steps for a how-to guide."
        description = "Numbered steps, each with a title and what to do."
        preview_value = {
            "heading": "How to do it",
            "steps": [
                {"title": "The first step", "body": "<p>What to do, and who does it.</p>"},
                {"title": "The next step", "body": "<p>What to do next.</p>"},
            ],
        }


class ChecklistItemBlock(blocks.StructBlock):
    criterion = blocks.CharBlock(max_length=200)
    evidence = blocks.ListBlock(
        blocks.CharBlock(max_length=300), help_text="What you should be able to show."
    )


class ChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    items = blocks.ListBlock(ChecklistItemBlock())

    class Meta:
        icon = "tick-inverse"
        template = "cms/blocks/checklist.html"
        help_text = "A self-assessment checklist readers can tick through on screen or on paper."
        description = "A checklist of criteria, each with the evidence to show."
        preview_value = {
            "heading": "Are you ready?",
            "items": [{"criterion": "A criterion to meet", "evidence": ["What you should be able to show"]}],
        }


class IStatementsBlock(blocks.StructBlock):
    """Shows the “I” statements from the snippet library so there is one source of truth."""

    group = blocks.ChoiceBlock(
        choices=IStatement.GROUP_CHOICES, required=False, help_text="Leave empty to show every group."
    )

    class Meta:
        icon = "group"
        template = "cms/blocks/i_statements.html"
        description = "National Voices' “I” statements, from the snippet library, for one group or all."
        preview_value = {"group": "communication"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        statements = IStatement.objects.all()
        if value.get("group"):
            statements = statements.filter(group=value["group"])
        labels = dict(IStatement.GROUP_CHOICES)
        grouped = {}
        for statement in statements:
            grouped.setdefault(statement.group, []).append(statement)
        context["groups"] = [
            (labels[key], grouped[key]) for key, _label in IStatement.GROUP_CHOICES if key in grouped
        ]
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ul", "ol"],
        icon="pilcrow",
        description="Text, with links and lists.",
        preview_value="<p>Say what happened, in plain words, with links where they help.</p>",
    )
    inset_text = InsetTextBlock()
    warning_callout = WarningCalloutBlock()
    details = DetailsBlock()
    action_link = ActionLinkBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "cms/blocks/body.html"


class ToolkitSectionsBlock(BodyBlock):
    steps = StepsBlock()
    checklist = ChecklistBlock()
    i_statements = IStatementsBlock()
