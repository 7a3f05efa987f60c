"""Template helpers for asking for support: a recipient's response as a GOV.UK tag."""

from django import template

from matching.models import ResponseStatus

register = template.Library()

RESPONSE_STATUS_COLOURS = {
    ResponseStatus.AWAITING: "grey",
    ResponseStatus.REPLIED: "blue",
    ResponseStatus.DECLINED: "red",
    ResponseStatus.AGREED: "green",
}


@register.inclusion_tag("includes/tag.html")
def response_status(recipient):
    return {
        "text": recipient.get_response_status_display(),
        "colour": RESPONSE_STATUS_COLOURS.get(recipient.response_status, "grey"),
    }
