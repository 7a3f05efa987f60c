"""GOV.UK components written once, in Python, for both template languages: the pages in Django templates use them
through tags (core/templatetags/govuk.py, summary_list.py), the public directory's pages in Jinja as globals
(support_directory/jinja2.py). A component here is small and the same wherever it is used. markupsafe's escape (which
Jinja uses, in C) escapes what it is given as Django's format_html does, several times faster, and both template
languages take its Markup as safe."""

from markupsafe import Markup, escape


def tag(text, colour: str = "") -> Markup:
    """A GOV.UK tag; colour one of grey, green, turquoise, blue, light-blue, purple, pink, red, orange, yellow."""
    modifier = f" govuk-tag--{escape(colour)}" if colour else ""
    return Markup(f'<strong class="govuk-tag{modifier}">{escape(text)}</strong>')


def programme_status(status) -> Markup:
    """A role's programme status (roles.models.programme_status) as a GOV.UK tag, or nothing."""
    return tag(status.text, status.colour) if status else Markup("")


def breadcrumbs(trail) -> Markup:
    """GOV.UK breadcrumbs from (text, url) pairs, starting with the home page; a pair whose url is empty is the
    current page and is not a link."""
    items = "\n".join(
        f'<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{escape(url)}">'
        f"{escape(text)}</a></li>"
        if url
        else f'<li class="govuk-breadcrumbs__list-item" aria-current="page">{escape(text)}</li>'
        for text, url in trail
    )
    return Markup(
        f'<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">\n<ol class="govuk-breadcrumbs__list">\n{items}\n'
        "</ol>\n</nav>"
    )


def summary_row(key, value, action_href="", action_text="", no_actions=False) -> Markup:
    """One row of a GOV.UK summary list: put it inside <dl class="govuk-summary-list">. With action_href, a link
    (action_text, and the key for screen readers: "Change<span> email</span>"); in a list where some rows have
    actions, the others say no_actions=True."""
    action = ""
    if action_href:
        action = (
            f'\n  <dd class="govuk-summary-list__actions">\n    <a class="govuk-link" href="{escape(action_href)}">'
            f'{escape(action_text)}<span class="govuk-visually-hidden"> {escape(str(key).lower())}</span></a>\n  </dd>'
        )
    modifier = " govuk-summary-list__row--no-actions" if no_actions else ""
    return Markup(
        f'<div class="govuk-summary-list__row{modifier}">\n  <dt class="govuk-summary-list__key">{escape(key)}</dt>\n'
        f'  <dd class="govuk-summary-list__value">{escape(value)}</dd>{action}\n</div>'
    )
