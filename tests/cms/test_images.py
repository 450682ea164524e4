"""Images: one alternative text (Wagtail's description, required), used wherever an image is
rendered, and every rendition and stylesheet rule keeps the image's shape."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images.forms import get_image_form
from wagtail.models import Collection

from cms.blocks import BodyBlock
from cms.models import AccessibleImage

pytestmark = pytest.mark.django_db


def png(width, height, name="photo.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_image_form_has_one_required_alt_text():
    form_class = get_image_form(AccessibleImage)
    fields = form_class.base_fields
    assert "alt_text" not in fields
    assert fields["description"].required
    assert fields["description"].label == "Alt text"
    assert "someone who cannot see it" in str(fields["description"].help_text)


def test_an_image_without_alt_text_is_refused_and_the_title_kept(programme_editor):  # noqa: F811
    response = programme_editor.post(
        "/admin/images/add/",
        {
            "title": "The Kent team at work",
            "collection": Collection.get_first_root_node().pk,
            "file": png(40, 25),
        },
    )
    assert response.status_code == 200
    assert "The Kent team at work" in response.content.decode()
    assert not AccessibleImage.objects.filter(title="The Kent team at work").exists()


def test_rendered_images_keep_their_shape_and_alt_text():
    image = AccessibleImage.objects.create(
        title="Team", description="Two nurses talking with a patient at home", file=png(1600, 1000)
    )
    html = (
        BodyBlock()
        .to_python([{"type": "image", "value": {"image": image.pk, "caption": ""}}])
        .render_as_block()
    )
    tag = re.search(r"<img [^>]+>", str(html)).group(0)
    width, height = (int(re.search(rf'{name}="(\d+)"', tag).group(1)) for name in ("width", "height"))
    assert (width, height) == (800, 500)  # the rendition's own size, in proportion
    assert 'alt="Two nurses talking with a patient at home"' in tag


def test_the_stylesheet_lets_an_images_height_follow_its_width():
    """nhsuk-frontend sets width: 100% on .nhsuk-image__img; with the height attribute fixed, a
    photo narrower than 800 px on screen was squashed."""
    source = (Path(settings.BASE_DIR) / "icase" / "static_src" / "icase.scss").read_text()
    rule = re.search(r"\.nhsuk-image__img,\s*\.nhsuk-image img\s*\{([^}]*)\}", source)
    assert rule and "height: auto" in rule.group(1)


def test_no_template_crops_an_image_it_does_not_mean_to():
    templates = Path(settings.BASE_DIR) / "templates"
    for path in templates.rglob("*.html"):
        for spec in re.findall(r"\{% image \S+ (\S+)", path.read_text()):
            assert not spec.startswith(("fill-", "min-")), f"{path}: {spec} crops or stretches the image"
