"""Jinja for the public directory's pages (issue #14: rendering was half of a detail page's cost in Django templates).

One template language per page: the pages under <app>/jinja2/ are Jinja from their page template
(templates/jinja2/base.html) down; every other page stays in Django templates. What both kinds of page show alike is
written once: the fixed parts of the page template (core.templatetags.fixed, rendered once per process) and the small
GOV.UK components (core.components). This module is the project's, not an app's: it may name every app's helpers, as
urls.py does."""

import types

import jinja2
import jinja2.runtime
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.backends import jinja2 as django_jinja2
from django.template.defaultfilters import floatformat, pluralize
from django.templatetags.static import static
from django.test.signals import template_rendered
from jinja2.ext import Extension

from core import components
from core.templatetags.dates import long_date, short_date
from core.templatetags.fixed import fixed_include
from core.text import without_indentation
from core.urls import reverse_once
from directory.filter_markup import filter_checkboxes, filter_select_options
from directory.templatetags.directory import designation_status, result_rows, role_guidance


def url(name: str, *args) -> str:
    """`url('directory:leader', leader.pk)`, as Django's {% url %} (reversed once per process, core.urls)."""
    return reverse_once(name, *args)


class WithoutIndentation(Extension):
    """Templates read without the indentation of their lines (core.text.without_indentation): the pages' HTML is
    sent without it, and taking it out once, when a template is compiled, costs nothing per page."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return without_indentation(source)


class Context(jinja2.runtime.Context):
    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own names, which no keyword argument can take)
        # A function the page calls (url(), summary_row(), ...) is called directly when it asks for nothing of Jinja's
        # (no pass_context and the like, which are attributes in its __dict__). Jinja's own call() looks for such an
        # attribute on the function and on its __call__, and each look that finds none raises and catches an
        # AttributeError: about a microsecond a call, and a teaching school's page makes about thirty-five (issue #14).
        if type(__obj) is types.FunctionType and "jinja_pass_arg" not in __obj.__dict__:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


class Environment(jinja2.Environment):
    context_class = Context

    def make_globals(self, d):
        # Each template's globals as a dict of their own rather than Jinja's ChainMap over the environment's: every
        # page copies its template's globals to render, and a ChainMap is copied through Python, name by name (about
        # thirty names, a fiftieth of a teaching school page's work). Jinja asks that the environment's globals not be
        # changed once a template is loaded; environment() sets them before.
        return {**self.globals, **(d or {})}


def environment(**options) -> jinja2.Environment:
    # Like Django's templates, a missing attribute is nothing rather than an error, also along a chain (a.b.c).
    options["undefined"] = jinja2.ChainableUndefined
    options["extensions"] = [*options.get("extensions", ()), WithoutIndentation]
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static,
        fixed_include=fixed_include,
        govuk_breadcrumbs=components.breadcrumbs,
        demo_tag=components.DEMO_TAG,
        error_summary=components.error_summary,
        pagination=components.pagination,
        filter_checkboxes=filter_checkboxes,
        filter_select_options=filter_select_options,
        programme_status=components.programme_status,
        summary_row=components.summary_row,
        designation_status=designation_status,
        result_rows=result_rows,
        role_guidance=role_guidance,
    )
    # The filters Django's templates use, so a date or a number reads the same on a page in either language.
    env.filters.update(
        long_date=long_date, short_date=short_date, pluralize=pluralize, floatformat=floatformat, intcomma=intcomma
    )
    return env


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend, telling Django's test client what each page was rendered with (the template_rendered
    signal, as Django's own templates do when tests run), so tests read a Jinja page's context as any other's."""

    def get_template(self, template_name):
        return _Template(super().get_template(template_name))


class _Template:
    def __init__(self, template):
        self._template = template
        self.origin = template.origin
        self.name = template.template.name

    def render(self, context=None, request=None):
        context = {} if context is None else context
        html = self._template.render(context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html
