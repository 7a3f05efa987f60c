"""The GOV.UK partials in templates/includes/, rendered with small forms and pages like the directory's (form
fields come from the form renderer: tests/core/test_form_rendering.py)."""

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


class SearchForm(forms.Form):
    postcode = forms.CharField(label="Postcode", help_text="For example, LS6 1AA", max_length=8)
    phase = forms.ChoiceField(label="Phase", choices=[("", "Any phase"), ("primary", "Primary")], required=False)
    roles = forms.MultipleChoiceField(
        label="Role", choices=[("nle", "NLE"), ("sle", "SLE")], widget=forms.CheckboxSelectMultiple
    )
    email_is_public = forms.ChoiceField(
        label="Show email", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )

    def clean(self):
        raise forms.ValidationError("Search again")


def test_error_summary_links_each_error_to_its_field():
    form = SearchForm(data={"phase": "primary"})

    html = render_to_string("includes/error_summary.html", {"form": form})

    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert "<li>Search again</li>" in html
    assert '<a href="#id_postcode">This field is required.</a>' in html
    assert '<a href="#id_roles_0">This field is required.</a>' in html
    assert '<a href="#id_email_is_public_0">This field is required.</a>' in html


def test_error_summary_is_empty_for_a_valid_or_unbound_form():
    assert render_to_string("includes/error_summary.html", {"form": SearchForm()}).strip() == ""


def test_pagination_keeps_filters_and_elides_distant_pages():
    request = RequestFactory().get("/leaders/", {"region": "E12000003", "page": "5"})
    page = Paginator(range(200), 10).page(5)

    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)

    assert 'href="?region=E12000003&amp;page=4" rel="prev"' in html
    assert 'href="?region=E12000003&amp;page=6" rel="next"' in html
    assert 'aria-label="Page 5" aria-current="page"' in html
    assert 'aria-label="Page 1"' in html
    assert 'aria-label="Page 20"' in html
    assert 'aria-label="Page 10"' not in html
    assert html.count("&ctdot;") == 2


def test_pagination_is_hidden_for_a_single_page():
    request = RequestFactory().get("/leaders/")
    page = Paginator(range(5), 10).page(1)

    assert "govuk-pagination" not in render_to_string("includes/pagination.html", {"page_obj": page}, request=request)


def test_breadcrumbs_link_all_but_the_current_page():
    html = render_to_string(
        "includes/breadcrumbs.html", {"breadcrumbs": [("Home", "/"), ("Leaders", "/leaders/"), ("Alex Example", "")]}
    )

    assert '<a class="govuk-breadcrumbs__link" href="/leaders/">Leaders</a>' in html
    assert 'aria-current="page">' in html
    assert "Alex Example" in html


def test_small_partials():
    assert '<strong class="govuk-tag govuk-tag--grey">Programme closed</strong>' in render_to_string(
        "includes/tag.html", {"text": "Programme closed", "colour": "grey"}
    )
    assert '<a href="/leaders/" class="govuk-back-link">Back</a>' in render_to_string(
        "includes/back_link.html", {"href": "/leaders/"}
    )
    row = render_to_string(
        "includes/summary_list_row.html",
        {"key": "Email", "value": "a@example.org", "action_href": "/e", "action_text": "Change"},
    )
    assert '<dt class="govuk-summary-list__key">Email</dt>' in row
    assert 'Change<span class="govuk-visually-hidden"> email</span>' in row
