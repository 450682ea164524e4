"""The content generation is looked up once per request, and a request's own change is seen."""

import pytest

from cms import generation
from cms.generation import GenerationPerRequestMiddleware, bump_content_generation, current_generation

pytestmark = pytest.mark.django_db


@pytest.fixture
def generation_lookups(monkeypatch):
    cache = generation.page_cache()
    real_get = cache.get
    lookups = []

    def counting_get(key, *args, **kwargs):
        if key == generation.GENERATION_KEY:
            lookups.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    return lookups


def test_one_lookup_serves_the_whole_request(generation_lookups):
    current_generation()  # the token exists before the request, as on a running site
    generation_lookups.clear()
    seen = GenerationPerRequestMiddleware(lambda request: [current_generation() for _ in range(5)])(None)
    assert len(set(seen)) == 1
    assert len(generation_lookups) == 1


def test_a_change_made_by_the_request_is_seen_by_the_rest_of_it(generation_lookups):
    def view(request):
        before = current_generation()
        bump_content_generation()
        return before, current_generation()

    before, after = GenerationPerRequestMiddleware(view)(None)
    assert before != after
    assert after == current_generation()


def test_outside_a_request_every_lookup_reads_the_cache(generation_lookups):
    current_generation()
    current_generation()
    assert len(generation_lookups) >= 2
