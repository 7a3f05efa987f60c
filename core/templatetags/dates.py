"""Dates in templates as the rest of the service writes them (core.dates): {{ day|long_date }},
{{ day|short_date }} (in a table), {{ moment|long_date_time }}. Nothing (None or "") gives "", so `|default:"…"`
still works."""

from django import template

from core import dates

register = template.Library()


@register.filter
def long_date(day) -> str:
    return dates.long_date(day) if day else ""


@register.filter
def long_date_time(moment) -> str:
    return dates.long_date_time(moment) if moment else ""


@register.filter
def short_date(day) -> str:
    return dates.short_date(day) if day else ""
