"""One row of a GOV.UK summary list, written once (core.components.summary_row):
`{% summary_row "Region" school.region.name %}`, and by includes/summary_list_row.html for pages that include it. A tag
rather than an include, where an include per row was a large part of rendering a page (issue #14)."""

from django import template

from core import components

register = template.Library()
register.simple_tag(components.summary_row, name="summary_row")
