"""One summary-list row, written once (core/templatetags/summary_list.py), as a tag and through the include."""

from django.template import Context, Template
from django.template.loader import render_to_string


def test_a_row_escapes_its_key_and_value_and_carries_no_action_unless_asked():
    html = Template('{% load summary_list %}{% summary_row "Name" value %}').render(Context({"value": "<b>Kate</b>"}))
    assert '<dt class="govuk-summary-list__key">Name</dt>' in html
    assert '<dd class="govuk-summary-list__value">&lt;b&gt;Kate&lt;/b&gt;</dd>' in html
    assert "govuk-summary-list__actions" not in html and "--no-actions" not in html


def test_the_include_gives_the_same_row_with_its_action_for_screen_readers():
    html = render_to_string(
        "includes/summary_list_row.html",
        {"key": "Email", "value": "a@example.org", "action_href": "/x/?a=1&b=2", "action_text": "Change"},
    )
    assert (
        '<a class="govuk-link" href="/x/?a=1&amp;b=2">Change<span class="govuk-visually-hidden"> email</span></a>'
        in html
    )
    assert (
        render_to_string("includes/summary_list_row.html", {"key": "K", "value": "V", "no_actions": True}).count(
            "govuk-summary-list__row--no-actions"
        )
        == 1
    )
