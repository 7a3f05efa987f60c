"""Template tags for GOV.UK pagination (templates/includes/pagination.html)."""

from django import template

register = template.Library()


@register.simple_tag
def elided_page_range(page_obj, on_each_side=1, on_ends=1):
    """Page numbers around the current page, with Paginator.ELLIPSIS for gaps, as GOV.UK pagination shows them.

    Templates cannot pass the current page to Paginator.get_elided_page_range, so this tag does.
    """
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))
