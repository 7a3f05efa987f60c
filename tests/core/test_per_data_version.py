"""core.page_cache.per_data_version: a fact about the directory's data kept in the process for one version of it."""

import pytest
from django.core.cache import cache

from core import page_cache


@pytest.fixture(autouse=True)
def empty():
    cache.clear()
    page_cache._per_version.clear()
    yield
    page_cache._per_version.clear()


def test_asked_once_for_a_version_of_the_data():
    answers = iter([1, 2])
    assert page_cache.per_data_version("fact", lambda: next(answers)) == 1
    assert page_cache.per_data_version("fact", lambda: next(answers)) == 1


def test_asked_again_once_the_data_changes():
    answers = iter([1, 2])
    page_cache.per_data_version("fact", lambda: next(answers))
    page_cache.replace_data_version()
    assert page_cache.per_data_version("fact", lambda: next(answers)) == 2


def test_asked_again_when_the_shared_cache_was_emptied():
    # Another server, or a restart of Redis: the version is new, so nothing kept under the old one is used.
    page_cache.per_data_version("fact", lambda: "before")
    cache.clear()
    assert page_cache.per_data_version("fact", lambda: "after") == "after"
