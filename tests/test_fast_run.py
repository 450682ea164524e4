"""`make test-fast` sets ICASE_SKIP_ELASTICSEARCH=1: the tests that need a node skip, never under CI."""

import pytest

from tests.conftest import check_elasticsearch_wanted


def test_without_the_variable_elasticsearch_tests_run(monkeypatch):
    monkeypatch.delenv("ICASE_SKIP_ELASTICSEARCH", raising=False)
    check_elasticsearch_wanted()


def test_the_variable_skips_them_in_a_local_run(monkeypatch):
    monkeypatch.setenv("ICASE_SKIP_ELASTICSEARCH", "1")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="ICASE_SKIP_ELASTICSEARCH=1"):
        check_elasticsearch_wanted()


def test_under_ci_the_variable_is_a_failure_not_a_skip(monkeypatch):
    monkeypatch.setenv("ICASE_SKIP_ELASTICSEARCH", "1")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI runs the Elasticsearch tests"):
        check_elasticsearch_wanted()
