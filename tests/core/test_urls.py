"""core.urls.reverse_once gives what reverse() gives, worked out once per process per URL name (issue #14)."""

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core import urls
from core.urls import reverse_once


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("pages:home", ()),
        ("directory:search", ()),
        ("directory:leader", (7,)),
        ("directory:leader", (0,)),
        ("directory:teaching_school", (100000,)),
        ("directory:school", (987654321,)),  # the stand-in itself
        ("matching:ask_leader", (12,)),
        ("directory:guidance", ("national-leaders-of-education",)),  # a slug: reverse() itself
        ("matching:enquiry_status", ("a b%c",)),  # quoted as reverse() quotes it
    ],
)
def test_it_gives_what_reverse_gives(name, args):
    assert reverse_once(name, *args) == reverse(name, args=args or None)
    assert reverse_once(name, *args) == reverse(name, args=args or None)  # and again, from what it kept


def test_each_url_name_is_reversed_once(monkeypatch):
    urls._pieces.cache_clear()
    urls._reversed.cache_clear()
    calls = []
    real = urls.reverse
    monkeypatch.setattr(urls, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))

    assert [reverse_once("directory:leader", pk) for pk in (1, 2, 3)] == ["/leaders/1/", "/leaders/2/", "/leaders/3/"]
    assert len(calls) == 1
    assert [reverse_once("directory:guidance", "national-leaders-of-education") for _ in range(2)] == [
        "/guidance/national-leaders-of-education/"
    ] * 2
    assert len(calls) == 2


def test_under_a_script_prefix_the_links_carry_it():
    set_script_prefix("/directory/")
    try:
        assert reverse_once("directory:leader", 5) == "/directory/leaders/5/" == reverse("directory:leader", args=[5])
    finally:
        set_script_prefix("/")


def test_while_a_request_is_answered_its_prefix_is_read_once_and_then_forgotten(monkeypatch):
    read = []
    real = urls.get_script_prefix
    monkeypatch.setattr(urls, "get_script_prefix", lambda: read.append(1) or real())

    def view(request):
        return [reverse_once("directory:leader", pk) for pk in (1, 2)] + [reverse_once("directory:search")]

    set_script_prefix("/directory/")
    try:
        links = urls.UrlBaseMiddleware(view)(RequestFactory().get("/"))
    finally:
        set_script_prefix("/")
    assert links == ["/directory/leaders/1/", "/directory/leaders/2/", "/directory/search/"]
    assert len(read) == 1
    # The next request's links are not given this one's prefix.
    assert urls.UrlBaseMiddleware(lambda request: reverse_once("directory:search"))(RequestFactory().get("/")) == (
        "/search/"
    )


def test_outside_a_request_it_reads_the_prefix_each_time():
    assert urls._request_base.get() is None
    set_script_prefix("/elsewhere/")
    try:
        assert reverse_once("directory:search") == "/elsewhere/search/"
    finally:
        set_script_prefix("/")
    assert reverse_once("directory:search") == "/search/"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("directory:leader", (-1,)),
        ("directory:leader", ()),
        ("directory:leader", (True,)),
        ("no:such", ()),
        ("no:such", (5,)),
        ("directory:search", (5,)),
    ],
)
def test_what_reverse_refuses_it_refuses(name, args):
    with pytest.raises(NoReverseMatch):
        reverse(name, args=args or None)
    with pytest.raises(NoReverseMatch):
        reverse_once(name, *args)
