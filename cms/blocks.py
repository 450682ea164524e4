"""StreamField blocks for ICASE pages; each renders with its own template in templates/cms/blocks/."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .models.snippets import IStatement


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "pick"
        template = "cms/blocks/inset_text.html"
        help_text = "Information that should stand out from the text around it."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, help_text="Defaults to the document's title.")

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_block.html"


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


class IStatementsBlock(blocks.StructBlock):
    """Shows the “I” statements from the snippet library so there is one source of truth."""

    group = blocks.ChoiceBlock(
        choices=IStatement.GROUP_CHOICES, required=False, help_text="Leave empty to show every group."
    )

    class Meta:
        icon = "group"
        template = "cms/blocks/i_statements.html"

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
        features=["bold", "italic", "link", "document-link", "ul", "ol"], icon="pilcrow"
    )
    inset_text = InsetTextBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "cms/blocks/body.html"


class ToolkitSectionsBlock(BodyBlock):
    steps = StepsBlock()
    checklist = ChecklistBlock()
    i_statements = IStatementsBlock()
