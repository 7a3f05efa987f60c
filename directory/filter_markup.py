"""The filter panel's options as markup rendered once per process, not once per search (Jinja globals of the search
page, support_directory/jinja2.py).

The panel lists 150 local authorities, 87 hub areas, 27 specialisms and more; rendering each option through the
template engine on every search was most of a results page's cost. Each option's markup depends only on the filter's
name, the option (value, label, tag) and whether it is chosen, so it is kept under exactly those: a renamed local
authority is a different option, so nothing shown can be stale."""

from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# Every option of every filter in both states is well under this.
MAX_KEPT = 4096


@lru_cache(maxsize=MAX_KEPT)
def _checkbox(name: str, option, checked: bool) -> str:
    return render_to_string(
        "directory/_filter_checkbox.html", {"name": name, "option": option, "checked": checked}, using="jinja2"
    ).strip()


@lru_cache(maxsize=MAX_KEPT)
def _select_option(option, selected: bool) -> str:
    context = {"option": option, "selected": selected}
    return render_to_string("directory/_filter_select_option.html", context, using="jinja2").strip()


def filter_checkboxes(name: str, choices, chosen):
    """The GOV.UK checkbox items for `choices` (directory.options.Option), those in `chosen` checked."""
    chosen = chosen or ()
    return mark_safe("".join(_checkbox(name, option, option.value in chosen) for option in choices))


def filter_select_options(choices, chosen):
    """The <option> elements for `choices`, those in `chosen` selected."""
    chosen = chosen or ()
    return mark_safe("".join(_select_option(option, option.value in chosen) for option in choices))
