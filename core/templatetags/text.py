from django import template

from core.text import in_sentence as _in_sentence

register = template.Library()


@register.filter
def in_sentence(name: str) -> str:
    return _in_sentence(str(name))
