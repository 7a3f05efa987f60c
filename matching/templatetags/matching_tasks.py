"""The curators' tasks on the admin home page that are counts, not a model's list."""

from django import template

from matching.enquiries import recipients_waiting

register = template.Library()


@register.simple_tag
def enquiries_waiting_count() -> int:
    """Enquiry recipients with no response after matching.enquiries.RESPONSE_WORKING_DAYS working days."""
    return recipients_waiting().count()
