"""Content templates reach the community app through one include (templates/includes/discussions.html),
which renders exactly what the community tags render, adding no whitespace of its own."""

from pathlib import Path

import pytest

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import engines

from cms.models import CaseStudyPage, Theme

CMS_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "cms"


def test_no_content_template_loads_the_community_tags_itself():
    templates = sorted(CMS_TEMPLATES.rglob("*.html"))
    loading = [path.name for path in templates if "community_tags" in path.read_text()]
    assert loading == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, tag",
    [
        ("page", "{% page_discussions page %}"),
        ("theme", "{% theme_community theme %}"),
        ("latest", "{% latest_discussions %}"),
    ],
)
def test_the_include_renders_exactly_what_the_tag_does(rf, kind, tag):
    request = rf.get("/")
    request.user = AnonymousUser()
    context = {
        "request": request,
        "page": CaseStudyPage.objects.live().first(),
        "theme": Theme.objects.filter(category__isnull=False).first(),
    }
    django = engines["django"]
    included = django.from_string(f'{{% include "includes/discussions.html" with kind="{kind}" %}}')
    direct = django.from_string("{% load community_tags %}" + tag)
    rendered = included.render(context, request)
    assert rendered.strip()
    assert rendered == direct.render(context, request)
