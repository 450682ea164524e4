"""Factories for ICASE pages, built on wagtail_factories so tests can add content anywhere."""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from cms import models


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test theme {n}")
    short_name = factory.Sequence(lambda n: f"T{n}")
    slug = factory.Sequence(lambda n: f"test-theme-{n}")
    description = "A theme created by a test."


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.CaseStudyPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Test case study {n}")
    summary = "What a locality did and what changed."
    setting = "community"
    evaluation_status = "local"
    publication_date = datetime.date(2025, 6, 1)
    review_date = datetime.date(2027, 6, 1)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>How the service works.</p>")])

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        obj.themes.set(extracted or [models.Theme.objects.first()])
        if create:
            obj.save()


class LearningEventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = models.LearningEventPage

    title = factory.Sequence(lambda n: f"Test event {n}")
    summary = "A meeting of the network."
    kind = "webinar"
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=1))
    online = True
    organiser = "Test organiser"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Agenda to follow.</p>")])
