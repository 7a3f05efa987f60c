"""reverse(), worked out once per process for each URL name: a detail page links to every leader, school and
teaching school it lists, and Django's reverse() (resolving the name, quoting, checking the pattern) took about a
tenth of rendering a teaching school's page of SLEs (issue #14).

A URL depends on the request's script prefix and URLconf, which Django keeps in context-local storage that costs
two-thirds of a reversal to read: UrlBaseMiddleware reads them once per request for the reversals made while the
view runs (a page of results makes about fifty)."""

import re
from contextvars import ContextVar
from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Stand-ins for whole-number arguments, found again in the reversed URL: no real id is one of them.
_FIRST_STAND_IN = 987_654_321
_SLUG = re.compile(r"[-a-z0-9]{1,100}")


# The script prefix and URLconf of the request being answered (UrlBaseMiddleware), or None outside one.
_request_base: ContextVar[tuple[str, str | None] | None] = ContextVar("url_base_of_this_request", default=None)


class UrlBaseMiddleware:
    """Reads the script prefix and URLconf that Django set for this request once, for reverse_once(). Last in
    MIDDLEWARE: no middleware after it sets request.urlconf (none in this project does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base.set((get_script_prefix(), get_urlconf()))
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)


def _base() -> tuple[str, str | None]:
    return _request_base.get() or (get_script_prefix(), get_urlconf())


def reverse_once(name: str, *args) -> str:
    """reverse(name, args=args) for a URL with no arguments or whole-number ones (an id, a URN); with a slug (a
    guidance page's), the URL itself is kept; any other argument is reversed as usual."""
    if not all(type(arg) is int and arg >= 0 for arg in args):
        if all(type(arg) is str and _SLUG.fullmatch(arg) for arg in args):
            return _reversed(name, args, *_base())
        return reverse(name, args=args or None)
    try:
        pieces = _pieces(name, len(args), *_base())
    except NoReverseMatch:  # a pattern the stand-ins do not fit (or no such name): reverse() says which
        return reverse(name, args=args or None)
    if len(args) == 0:
        return pieces[0]
    if len(args) == 1:  # the usual case (a page links to many leaders and schools): not the loops below, 1 µs less
        return f"{pieces[0]}{args[0]}{pieces[1]}"
    return "".join(piece for pair in zip(pieces, (*map(str, args), ""), strict=True) for piece in pair)


@lru_cache(maxsize=512)
def _reversed(name: str, args: tuple, script_prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf, args=args)


@lru_cache(maxsize=256)
def _pieces(name: str, count: int, script_prefix: str, urlconf) -> tuple[str, ...]:
    """The URL reversed with stand-ins, split around them: count + 1 pieces."""
    stand_ins = [str(_FIRST_STAND_IN + number) for number in range(count)]
    rest = reverse(name, urlconf=urlconf, args=[int(stand_in) for stand_in in stand_ins] or None)
    pieces = []
    for stand_in in stand_ins:
        before, found, rest = rest.partition(stand_in)
        if not found:
            raise ValueError(f"{name}: an argument is not in its URL as given")
        pieces.append(before)
    return (*pieces, rest)
