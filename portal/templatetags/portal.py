"""Template helpers for the portal: money in pounds and the placement status tag."""

from django import template

from core.money import pounds
from deployments.models import DeploymentStatus

register = template.Library()

PLACEMENT_STATUS_COLOURS = {
    DeploymentStatus.REQUESTED: "blue",
    DeploymentStatus.NEGOTIATING: "yellow",
    DeploymentStatus.AGREED: "turquoise",
    DeploymentStatus.ACTIVE: "green",
    DeploymentStatus.COMPLETED: "grey",
    DeploymentStatus.CANCELLED: "red",
}


register.filter("pounds", pounds)


@register.filter
def days(value):
    """A Decimal number of days without a trailing .0: 2.0 → "2", 2.5 → "2.5"."""
    if value is None or value == "":
        return ""
    return f"{value.normalize():f}"


@register.inclusion_tag("includes/tag.html")
def placement_status(deployment):
    return {"text": deployment.get_status_display(), "colour": PLACEMENT_STATUS_COLOURS.get(deployment.status, "")}


@register.inclusion_tag("portal/includes/messages.html", takes_context=True)
def portal_messages(context):
    """The messages from the last action, split into warnings and the rest, for one notification banner."""
    messages = list(context.get("messages") or ())
    return {
        "warnings": [m for m in messages if m.level_tag == "warning"],
        "others": [m for m in messages if m.level_tag != "warning"],
    }
