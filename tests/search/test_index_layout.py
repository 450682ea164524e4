"""The index's shards and replicas come from settings, so a cluster of several nodes can keep a
replica of every shard (a rebuild applies them)."""

from django.test import override_settings

from search.index import index_definition


def test_shards_and_replicas_come_from_settings():
    assert index_definition(synonyms=[])["settings"]["number_of_shards"] == 1
    assert index_definition(synonyms=[])["settings"]["number_of_replicas"] == 0
    with override_settings(ELASTICSEARCH_INDEX_SHARDS=3, ELASTICSEARCH_INDEX_REPLICAS=2):
        layout = index_definition(synonyms=[])["settings"]
    assert (layout["number_of_shards"], layout["number_of_replicas"]) == (3, 2)
