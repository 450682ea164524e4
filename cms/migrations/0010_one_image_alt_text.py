"""Images keep one alternative text: Wagtail's description (issue 22).

ICASE's own "alt_text" was what the site rendered, so where an image has one it becomes the
description; an image without one keeps the description it had.
"""

from django.db import migrations, models


def alt_text_into_description(apps, schema_editor):
    image_model = apps.get_model("cms", "AccessibleImage")
    for image in image_model.objects.exclude(alt_text="").only("pk", "alt_text"):
        image_model.objects.filter(pk=image.pk).update(description=image.alt_text)


def description_into_alt_text(apps, schema_editor):
    image_model = apps.get_model("cms", "AccessibleImage")
    image_model.objects.update(alt_text=models.F("description"))


class Migration(migrations.Migration):
    dependencies = [("cms", "0009_outcomes_as_data")]

    operations = [
        migrations.RunPython(alt_text_into_description, description_into_alt_text),
        migrations.RemoveField(model_name="accessibleimage", name="alt_text"),
        migrations.AlterField(
            model_name="accessibleimage",
            name="description",
            field=models.CharField(
                help_text="Describe the image for someone who cannot see it: what it shows and why it is "
                "there, e.g. “Two nurses talking with a patient at home”. Do not start with “Image of”. "
                "Required.",
                max_length=255,
                verbose_name="alt text",
            ),
        ),
    ]
