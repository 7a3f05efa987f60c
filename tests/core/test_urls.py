"""core.urls.reverse_once gives what reverse() gives, worked out once per process per URL name (issue #14)."""

import pytest
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


@pytest.mark.parametrize(
    ("name", "args"),
    [("directory:leader", (-1,)), ("directory:leader", ()), ("directory:leader", (True,)), ("no:such", ())],
)
def test_what_reverse_refuses_it_refuses(name, args):
    with pytest.raises(NoReverseMatch):
        reverse(name, args=args or None)
    with pytest.raises(NoReverseMatch):
        reverse_once(name, *args)
