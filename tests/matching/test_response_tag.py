"""A recipient's response is a GOV.UK tag in one colour per status, on the requester's status page and in the
portal, through the one tag component (matching.templatetags.matching_tags)."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from matching.models import ResponseStatus
from matching.templatetags.matching_tags import RESPONSE_STATUS_COLOURS


@pytest.mark.parametrize(
    ("status", "markup"),
    [
        (ResponseStatus.AWAITING, '<strong class="govuk-tag govuk-tag--grey">Waiting for a response</strong>'),
        (ResponseStatus.REPLIED, '<strong class="govuk-tag">Replied</strong>'),
        (ResponseStatus.DECLINED, '<strong class="govuk-tag govuk-tag--red">Declined</strong>'),
        (ResponseStatus.AGREED, '<strong class="govuk-tag govuk-tag--green">Agreed to help</strong>'),
    ],
)
def test_each_response_has_its_colour(status, markup):
    recipient = SimpleNamespace(response_status=status, get_response_status_display=lambda: status.label)
    html = Template("{% load matching_tags %}{% response_status recipient %}").render(Context({"recipient": recipient}))
    assert html.strip() == markup


def test_every_response_status_has_a_colour():
    assert set(RESPONSE_STATUS_COLOURS) == set(ResponseStatus)
