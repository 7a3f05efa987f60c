"""Parts of the page template that are the same on every page — the stylesheets' links, the GOV.UK header and
footer, the service navigation of one section — rendered once per process and kept: rendering them on every request
was more than half a millisecond of every page (issue #14). What may vary is what the tag's arguments name, and it is
part of the key; with DEBUG on they are rendered every time, so an edited template shows at once."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.text import without_indentation

register = template.Library()

_rendered: dict[tuple, SafeString] = {}


@register.simple_tag
def fixed_include(template_name: str, **values) -> SafeString:
    """`{% fixed_include "base/_govuk_footer.html" %}`; values (strings) are the included template's only context.
    HTML comes without its indentation (as the Jinja pages' templates are read); a script exactly as written."""
    key = (template_name, *sorted(values.items()))
    html = _rendered.get(key)
    if html is None or settings.DEBUG:
        html = render_to_string(template_name, values)
        if template_name.endswith(".html"):
            html = without_indentation(html).strip()
        html = mark_safe(html)  # noqa: S308 (our own template's output)
        _rendered[key] = html
    return html
