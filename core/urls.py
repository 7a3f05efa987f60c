"""reverse(), worked out once per process for each URL name: a detail page links to every leader, school and
teaching school it lists, and Django's reverse() (resolving the name, quoting, checking the pattern) took about a
tenth of rendering a teaching school's page of SLEs (issue #14)."""

from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Stand-ins for whole-number arguments, found again in the reversed URL: no real id is one of them.
_FIRST_STAND_IN = 987_654_321


def reverse_once(name: str, *args) -> str:
    """reverse(name, args=args) for a URL with no arguments or whole-number ones (an id, a URN); any other argument
    (a slug, which reverse() would quote) is reversed as usual."""
    if not all(type(arg) is int and arg >= 0 for arg in args):
        return reverse(name, args=args or None)
    try:
        pieces = _pieces(name, len(args), get_script_prefix(), get_urlconf())
    except NoReverseMatch:  # a pattern the stand-ins do not fit (or no such name): reverse() says which
        return reverse(name, args=args or None)
    if len(args) == 0:
        return pieces[0]
    return "".join(piece for pair in zip(pieces, (*map(str, args), ""), strict=True) for piece in pair)


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
