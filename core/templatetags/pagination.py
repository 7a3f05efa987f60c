"""GOV.UK pagination (core.components.pagination) for a ListView page: `{% pagination page_obj %}`, its links keeping
this request's query, so filters survive."""

from django import template

from core import components

register = template.Library()


@register.simple_tag(takes_context=True)
def pagination(context, page_obj):
    return components.pagination(page_obj, context["request"].GET)
