"""The page template's fixed parts are rendered once per process, keyed by what may vary (core.templatetags.fixed)."""

import pytest
from django.template import Context, Template
from django.test import override_settings

from core.templatetags import fixed

NAVIGATION = (
    '{% load fixed %}{% fixed_include "base/_service_navigation.html" service_name="Find support" current=current %}'
)


@pytest.fixture(autouse=True)
def nothing_kept():
    fixed._rendered.clear()
    yield
    fixed._rendered.clear()


def render(current: str) -> str:
    return Template(NAVIGATION).render(Context({"current": current}))


def test_a_fixed_part_is_rendered_once_per_key(monkeypatch):
    calls = []
    real = fixed.render_to_string
    monkeypatch.setattr(fixed, "render_to_string", lambda *args: calls.append(args) or real(*args))
    first, again = render("directory:search"), render("directory:search")
    assert first == again and len(calls) == 1
    render("coverage:index")
    assert len(calls) == 2


def test_the_current_section_is_part_of_the_key():
    search, coverage = render("directory:search"), render("coverage:index")
    assert 'href="/search/" aria-current="page"' in search and 'href="/coverage/" aria-current="page"' not in search
    assert 'href="/coverage/" aria-current="page"' in coverage and 'href="/search/" aria-current="page"' not in coverage
    assert 'aria-current="page"' not in render("")  # an error page: no section is current


@override_settings(DEBUG=True)
def test_with_debug_on_every_page_renders_it_afresh(monkeypatch):
    calls = []
    real = fixed.render_to_string
    monkeypatch.setattr(fixed, "render_to_string", lambda *args: calls.append(args) or real(*args))
    render("directory:search")
    render("directory:search")
    assert len(calls) == 2
