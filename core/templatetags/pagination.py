"""Template tags for GOV.UK pagination (templates/includes/pagination.html)."""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for an ellipsis
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class PageLinks:
    previous_url: str
    next_url: str
    pages: list[PageLink]


@register.simple_tag(takes_context=True)
def page_links(context, page_obj, on_each_side=1, on_ends=1) -> PageLinks:
    """The links of GOV.UK pagination: the previous and next pages' addresses, and the page numbers around the current
    page (Paginator.get_elided_page_range, an ellipsis where numbers are left out), each address this request's query
    with its page number, so filters survive. The query is read once for all the links ({% querystring %} copied it
    for each link: a quarter of a results page's rendering)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    start = f"?{query.urlencode()}&page=" if query else "?page="
    numbers = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    return PageLinks(
        previous_url=f"{start}{page_obj.previous_page_number()}" if page_obj.has_previous() else "",
        next_url=f"{start}{page_obj.next_page_number()}" if page_obj.has_next() else "",
        pages=[
            PageLink(None)
            if number == page_obj.paginator.ELLIPSIS
            else PageLink(number, f"{start}{number}", number == page_obj.number)
            for number in numbers
        ],
    )
