"""core.components: the GOV.UK components both template languages use escape what they are given, once."""

import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.safestring import mark_safe

from core import components


def test_text_is_escaped_and_safe_markup_is_not_escaped_again():
    row = components.summary_row("Name", "<script>alert(1)</script>")
    assert "&lt;script&gt;" in row and "<script>" not in row
    assert "<br>" in components.summary_row("Address", mark_safe("1 High Street<br>Leeds"))
    assert components.tag("O'Brien & Co", "purple") == (
        '<strong class="govuk-tag govuk-tag--purple">O&#39;Brien &amp; Co</strong>'
    )


def test_a_tag_is_blue_without_a_modifier_and_only_in_colours_the_design_system_has():
    # GOV.UK Frontend 6 has no govuk-tag--blue class: blue is the tag's own colour.
    assert components.tag("Current", "blue") == '<strong class="govuk-tag">Current</strong>'
    ended = components.tag("Ended", "grey", "app-tag")
    assert ended == '<strong class="govuk-tag govuk-tag--grey app-tag">Ended</strong>'
    css = (settings.BASE_DIR / "static/vendor/govuk-frontend/govuk-frontend.min.css").read_text()
    for colour in components.TAG_COLOURS - {"blue"}:
        assert f".govuk-tag--{colour}{{" in css, colour
    assert ".govuk-tag--blue{" not in css
    with pytest.raises(ValueError):
        components.tag("Paused", "light-blue")


def test_no_template_writes_a_tag_by_hand():
    # A tag comes from core.components (through the template tags and Jinja globals that wrap it), so its colours are
    # checked in one place. The phase banner's tag is the banner's own.
    by_hand = re.compile(r'class="govuk-tag[ "]')
    ours = [
        Path(config.path) for config in apps.get_app_configs() if Path(config.path).is_relative_to(settings.BASE_DIR)
    ]
    templates = [
        path
        for folder in (settings.BASE_DIR / "templates", *ours)
        for path in folder.rglob("*.html")
        if path.name != "_phase_banner.html"
    ]
    assert templates
    assert [str(path) for path in templates if by_hand.search(path.read_text())] == []


def test_breadcrumbs_link_every_page_but_the_current_one():
    html = components.breadcrumbs([("Home", "/"), ("Find <support>", "/search/?a=1&b=2"), ("A leader", "")])
    assert '<a class="govuk-breadcrumbs__link" href="/search/?a=1&amp;b=2">Find &lt;support&gt;</a>' in html
    assert '<li class="govuk-breadcrumbs__list-item" aria-current="page">A leader</li>' in html


def test_pagination_keeps_the_query_and_marks_the_current_page():
    page = Paginator(range(200), 20).page(3)
    html = components.pagination(page, QueryDict("role=sle&la=383&page=3"))
    assert 'href="?role=sle&amp;la=383&amp;page=2" rel="prev"' in html
    assert 'href="?role=sle&amp;la=383&amp;page=3" aria-label="Page 3" aria-current="page"' in html
    assert 'href="?role=sle&amp;la=383&amp;page=4" rel="next"' in html
    assert "&ctdot;" in html  # pages 5 to 9 are left out


def test_pagination_shows_nothing_for_one_page():
    assert components.pagination(Paginator(range(5), 20).page(1), QueryDict("")) == ""


class Form(forms.Form):
    name = forms.CharField()
    colour = forms.MultipleChoiceField(choices=[("red", "Red")], widget=forms.CheckboxSelectMultiple)

    def clean(self):
        raise forms.ValidationError("Something <else> is wrong")


def test_error_summary_links_each_field_error_to_its_field():
    form = Form({"colour": ["blue"]})
    assert not form.is_valid()
    html = components.error_summary(form)
    assert "<li>Something &lt;else&gt; is wrong</li>" in html
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_colour_0">' in html  # checkboxes: the first option
    assert components.error_summary(Form()) == ""
    problems = components.error_summary(problems=["Enter a postcode"], target="postcode")
    assert '<li><a href="#postcode">Enter a postcode</a></li>' in problems
