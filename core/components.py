"""GOV.UK components written once, in Python, for both template languages: the pages in Django templates use them
through tags (core/templatetags/govuk.py, summary_list.py), the public directory's pages in Jinja as globals
(support_directory/jinja2.py). A component here is small and the same wherever it is used. markupsafe's escape (which
Jinja uses, in C) escapes what it is given as Django's format_html does, several times faster, and both template
languages take its Markup as safe."""

from markupsafe import Markup, escape

# GOV.UK Frontend 6's tag colours. Blue is the tag's own colour: it has no modifier class.
TAG_COLOURS = frozenset(
    {"blue", "green", "grey", "magenta", "orange", "pink", "purple", "red", "teal", "turquoise", "yellow"}
)


def tag(text, colour: str = "", classes: str = "") -> Markup:
    """A GOV.UK tag in one of TAG_COLOURS (blue when none), with any further classes."""
    if colour and colour not in TAG_COLOURS:
        raise ValueError(f"GOV.UK Frontend has no {colour} tag")
    modifier = f" govuk-tag--{colour}" if colour and colour != "blue" else ""
    extra = f" {escape(classes)}" if classes else ""
    return Markup(f'<strong class="govuk-tag{modifier}{extra}">{escape(text)}</strong>')


# What marks a record invented for the demonstration (the demo data), wherever one is shown.
DEMO_TAG = tag("Demo", "purple")


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
            f'\n<dd class="govuk-summary-list__actions">\n<a class="govuk-link" href="{escape(action_href)}">'
            f'{escape(action_text)}<span class="govuk-visually-hidden"> {escape(str(key).lower())}</span></a>\n</dd>'
        )
    modifier = " govuk-summary-list__row--no-actions" if no_actions else ""
    return Markup(
        f'<div class="govuk-summary-list__row{modifier}">\n<dt class="govuk-summary-list__key">{escape(key)}</dt>\n'
        f'<dd class="govuk-summary-list__value">{escape(value)}</dd>{action}\n</div>'
    )


def error_summary(form=None, problems=(), target: str = "") -> Markup:
    """GOV.UK error summary, for the top of the main column (prefix the page title with "Error: " when it shows).
    For a bound form, its field errors link to the field (the first option of checkboxes and radios) and its
    non-field errors do not link; or, for problems that are not a form's, problems (text) each link to target."""
    if problems:
        items = [f'<li><a href="#{escape(target)}">{escape(problem)}</a></li>' for problem in problems]
    elif getattr(form, "errors", None):
        items = [f"<li>{escape(error)}</li>" for error in form.non_field_errors()]
        for field in form:
            anchor = escape(field.id_for_label or f"{field.auto_id}_0")
            items += [f'<li><a href="#{anchor}">{escape(error)}</a></li>' for error in field.errors]
    else:
        return Markup("")
    return Markup(
        '<div class="govuk-error-summary" data-module="govuk-error-summary">\n<div role="alert">\n'
        '<h2 class="govuk-error-summary__title">There is a problem</h2>\n<div class="govuk-error-summary__body">\n'
        '<ul class="govuk-list govuk-error-summary__list">\n' + "\n".join(items) + "\n</ul>\n</div>\n</div>\n</div>"
    )


_PREVIOUS_ICON = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13"'
    ' width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">\n<path d="m6.5938-0.0078125-6.7266 6.7266'
    ' 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>\n</svg>'
)
_NEXT_ICON = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13"'
    ' width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">\n<path d="m8.107-0.0078125-1.4136 1.414'
    ' 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>\n</svg>'
)


def pagination(page_obj, query, on_each_side: int = 1, on_ends: int = 1) -> Markup:
    """GOV.UK pagination for a page of a Paginator, or nothing when there is one page. Each link is `query` (the
    request's QueryDict) with its page number, so filters survive; the numbers are those around the current page
    (Paginator.get_elided_page_range), with an ellipsis where some are left out."""
    if not page_obj.has_other_pages():
        return Markup("")
    query = query.copy()
    query.pop("page", None)
    start = escape(f"?{query.urlencode()}&page=" if query else "?page=")
    parts = ['<nav class="govuk-pagination" aria-label="Pagination">']
    if page_obj.has_previous():
        parts.append(
            '<div class="govuk-pagination__prev">\n<a class="govuk-link govuk-pagination__link" '
            f'href="{start}{page_obj.previous_page_number()}" rel="prev">\n{_PREVIOUS_ICON}\n'
            '<span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span>'
            "\n</a>\n</div>"
        )
    parts.append('<ul class="govuk-pagination__list">')
    numbers = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    for number in numbers:
        if number == page_obj.paginator.ELLIPSIS:
            parts.append('<li class="govuk-pagination__item govuk-pagination__item--ellipsis">&ctdot;</li>')
        elif number == page_obj.number:
            parts.append(
                '<li class="govuk-pagination__item govuk-pagination__item--current">\n'
                f'<a class="govuk-link govuk-pagination__link" href="{start}{number}" aria-label="Page {number}" '
                f'aria-current="page">{number}</a>\n</li>'
            )
        else:
            parts.append(
                '<li class="govuk-pagination__item">\n<a class="govuk-link govuk-pagination__link" '
                f'href="{start}{number}" aria-label="Page {number}">{number}</a>\n</li>'
            )
    parts.append("</ul>")
    if page_obj.has_next():
        parts.append(
            '<div class="govuk-pagination__next">\n<a class="govuk-link govuk-pagination__link" '
            f'href="{start}{page_obj.next_page_number()}" rel="next">\n'
            '<span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span>\n'
            f"{_NEXT_ICON}\n</a>\n</div>"
        )
    parts.append("</nav>")
    return Markup("\n".join(parts))
