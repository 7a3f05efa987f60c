from django import template

from directory.guidance import GUIDANCE
from roles.models import PROGRAMME_CLOSED

register = template.Library()

STATUS_TAGS = {
    "current": ("Current", "green"),
    "review_due": ("Review due", "yellow"),
    "starts_later": ("Starts later", "blue"),
    "paused": ("Paused", "orange"),
    "ended": ("Ended", "grey"),
}


@register.inclusion_tag("directory/_designation_status.html")
def designation_status(designation, status):
    """The GOV.UK tag for a designation's status; a closed programme says so."""
    text, colour = STATUS_TAGS[status]
    if status == "ended" and designation.end_reason == "programme_closed":
        text, colour = PROGRAMME_CLOSED.text, PROGRAMME_CLOSED.colour
    return {"text": text, "colour": colour, "reason": designation.get_end_reason_display() if status == "ended" else ""}


@register.simple_tag
def role_guidance(code):
    return GUIDANCE.get(code)
