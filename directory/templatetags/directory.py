import functools

from django import template
from django.utils.safestring import mark_safe
from markupsafe import Markup, escape

from core import components
from directory.guidance import GUIDANCE
from roles.models import PROGRAMME_CLOSED, DesignationEndReason

register = template.Library()

STATUS_TAGS = {
    "current": ("Current", "green"),
    "review_due": ("Review due", "yellow"),
    "starts_later": ("Starts later", "blue"),
    "paused": ("Paused", "orange"),
    "ended": ("Ended", "grey"),
}


@register.simple_tag
def designation_status(designation, status) -> str:
    """The GOV.UK tag for a designation's status; a closed programme says so, and an ended designation why."""
    return _status_tag(status, designation.end_reason if status == "ended" else "")


@functools.cache
def _status_tag(status: str, end_reason: str) -> Markup:
    text, colour = STATUS_TAGS[status]
    if end_reason == "programme_closed":
        text, colour = PROGRAMME_CLOSED.text, PROGRAMME_CLOSED.colour
    tag = components.tag(text, colour, "app-tag")
    # The label from the choices rather than get_end_reason_display(): the designation may be a row of values.
    reason = DesignationEndReason(end_reason).label if end_reason else ""
    if reason and text != PROGRAMME_CLOSED.text:
        return Markup(f'{tag} <span class="app-secondary-text">({escape(reason.lower())})</span>')
    return Markup(tag)


@register.simple_tag
def role_guidance(code):
    return GUIDANCE.get(code)


@register.simple_tag
def result_rows(rows) -> str:
    """The results of a page as list items (rows: directory.results.ResultRow). Written here rather than as a
    template included per row: twenty includes were most of a results page's rendering. Each result keeps its heading
    link, its roles as tags, its details as a description list, and the link to ask for support. Their text is the
    list's (govuk-list) and their spacing the stylesheet's (.app-results > li in static/css/app.css), not classes
    repeated on every result: about 2 KB of a page of twenty."""
    return mark_safe("".join(_result(row) for row in rows))


def _detail(key: str, value: str) -> str:
    return f"<div><dt>{key}</dt><dd>{value}</dd></div>"


def _result(row) -> str:
    listing, name = row.listing, escape(row.name)
    tags = [components.DEMO_TAG] if row.is_demo else []
    for entry in row.roles:
        if entry.is_current:
            tags.append(components.tag(entry.role.name))
        else:
            why = "programme closed" if entry.role.programme == "closed" else "ended"
            tags.append(components.tag(f"{entry.role.name}: {why}", "grey"))
    if listing.kind == "leader":
        details = [_detail("School", f"{escape(listing.school_name)} (URN {listing.urn})")]
    else:
        details = [_detail("URN", str(listing.urn))]
    details.append(_detail("Local authority", escape(listing.local_authority.name)))
    if row.distance_miles is not None:
        details.append(_detail("Distance", f"{row.distance_miles:.1f} miles"))
    if row.national_support_schools:
        schools = "<br>".join(
            "Their own school" if school.urn == listing.urn else f"{escape(school.name)} (URN {school.urn})"
            for school in row.national_support_schools
        )
        details.append(_detail("National support school", schools))
    if row.specialisms:
        details.append(_detail("SLE specialisms", escape(", ".join(row.specialisms))))
    ask = (
        f'<p><a class="govuk-link" href="{escape(row.ask_url)}">Ask for support'
        f'<span class="govuk-visually-hidden"> from {name}</span></a></p>'
        if row.ask_url
        else ""
    )
    return (
        f'<li><h3 class="govuk-heading-m">'
        f'<a class="govuk-link" href="{escape(row.url)}">{name}</a></h3>'
        f"<p>{' '.join(tags)}</p><dl>{''.join(details)}</dl>{ask}</li>\n"
    )
