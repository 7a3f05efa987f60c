"""The search's form is built once per process, and each search's form has fields of its own, copied lightly: the
choices are shared, everything a form may change is its own (directory.filters._FieldsCopiedLightly, issue #14)."""

import copy

import pytest
from django.http import QueryDict

from directory import selectors
from directory.filters import ListingFilter

pytestmark = pytest.mark.django_db


def search_form(query: str = ""):
    return ListingFilter(QueryDict(query), queryset=selectors.listing_queryset()).form


def test_each_search_has_fields_and_widgets_of_its_own(world):
    first, second = search_form("la=383"), search_form()
    for name, field in first.fields.items():
        other = second.fields[name]
        assert field is not other and field is not type(first).base_fields[name]
        assert field.widget is not other.widget
        assert field.widget.attrs is not other.widget.attrs
        assert field.error_messages is not other.error_messages
        assert field.validators is not other.validators


def test_choices_given_to_one_search_reach_no_other(world):
    first = search_form("la=383")
    first.fields["la"].choices = [("999", "Nowhere")]
    first.fields["q"].widget.attrs["data-changed"] = "yes"

    second = search_form()
    assert ("999", "Nowhere") not in list(second.fields["la"].choices)
    assert "data-changed" not in second.fields["q"].widget.attrs
    assert list(second.fields["radius"].choices) == list(first.fields["radius"].choices)


def test_a_lightly_copied_form_is_the_form_django_would_copy(world):
    """Django's own copy of the same fields validates and renders the same."""
    query = "postcode=LS6+1EN&radius=25&role=sle&phase=primary&sort=distance&status=all"
    form = search_form(query)
    django_copied = copy.deepcopy(dict(type(form).base_fields))
    assert [type(field) for field in form.fields.values()] == [type(field) for field in django_copied.values()]
    for name, field in form.fields.items():
        assert list(getattr(field, "choices", [])) == list(getattr(django_copied[name], "choices", []))
        assert str(form[name]) == str(form[name].as_widget(widget=django_copied[name].widget))
    assert form.is_valid(), form.errors
