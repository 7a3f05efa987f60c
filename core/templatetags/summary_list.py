"""One row of a GOV.UK summary list, written once: `{% summary_row "Region" school.region.name %}`, and by
includes/summary_list_row.html for pages that include it. A tag rather than an include on the detail pages, where
an include per row was a large part of rendering a page (issue #14)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def summary_row(key, value, action_href="", action_text="", no_actions=False):
    """Put it inside <dl class="govuk-summary-list">. With action_href, a link (action_text, and the key for screen
    readers: "Change<span> email</span>"); in a list where some rows have actions, the others say no_actions=True."""
    action = ""
    if action_href:
        action = format_html(
            '\n  <dd class="govuk-summary-list__actions">\n    <a class="govuk-link" href="{}">{}'
            '<span class="govuk-visually-hidden"> {}</span></a>\n  </dd>',
            action_href,
            action_text,
            str(key).lower(),
        )
    return format_html(
        '<div class="govuk-summary-list__row{}">\n  <dt class="govuk-summary-list__key">{}</dt>\n'
        '  <dd class="govuk-summary-list__value">{}</dd>{}\n</div>',
        " govuk-summary-list__row--no-actions" if no_actions else "",
        key,
        value,
        action,
    )
