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


def rendered(html: str, calls: list):
    def render():
        calls.append(html)
        return html

    return render


def test_markup_kept_in_process_is_rendered_once_per_key_and_version(settings):
    settings.DIRECTORY_PAGE_CACHE = True
    calls = []
    for _ in range(2):
        assert page_cache.kept_in_process("kind", "a", rendered("<p>a</p>", calls), max_characters=100) == "<p>a</p>"
        assert page_cache.kept_in_process("kind", "b", rendered("<p>b</p>", calls), max_characters=100) == "<p>b</p>"
    assert calls == ["<p>a</p>", "<p>b</p>"]
    page_cache.replace_data_version()
    page_cache.kept_in_process("kind", "a", rendered("<p>A</p>", calls), max_characters=100)
    assert calls[-1] == "<p>A</p>"


def test_markup_kept_in_process_never_holds_more_than_its_bound(settings):
    """Keys come from visitors' queries: however many they send, the kept markup stays within its characters."""
    settings.DIRECTORY_PAGE_CACHE = True
    calls = []
    for number in range(50):
        page_cache.kept_in_process("kind", f"key{number}", rendered("x" * 20, calls), max_characters=100)
        kept = page_cache.per_data_version("kept-in-process:kind", dict)
        assert 0 < kept.characters <= 100 and sum(len(k) + len(v) for k, v in kept.html.items()) == kept.characters
    assert len(calls) == 50


def test_markup_is_not_kept_when_the_page_cache_is_off(settings):
    settings.DIRECTORY_PAGE_CACHE = False
    calls = []
    for _ in range(2):
        page_cache.kept_in_process("kind", "a", rendered("<p>a</p>", calls), max_characters=100)
    assert calls == ["<p>a</p>", "<p>a</p>"]
