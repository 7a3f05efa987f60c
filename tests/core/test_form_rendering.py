"""The GOV.UK form renderer (core.form_rendering): every field's form group from templates, by its widget."""

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget

from core.form_rendering import Govuk, GovukFormRenderer


class DayMonthYear(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__(widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput})

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class SearchForm(forms.Form):
    postcode = forms.CharField(label="Postcode", help_text="For example, LS6 1AA", max_length=8)
    email = forms.EmailField(label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 9}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    day_rate = forms.CharField(label="Day rate", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    phase = forms.ChoiceField(label="Phase", choices=[("", "Any phase"), ("primary", "Primary")], required=False)
    subject = forms.ChoiceField(
        label="Subject", choices=[("", "Choose"), ("Core", [("maths", "Maths"), ("english", "English")])]
    )
    roles = forms.MultipleChoiceField(
        label="Role", choices=[("nle", "NLE"), ("sle", "SLE")], widget=forms.CheckboxSelectMultiple
    )
    email_is_public = forms.ChoiceField(
        label="Show email", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label="Who?", choices=[("new", "Someone new"), ("old", "Someone before")], widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name", required=False)
    message = forms.CharField(label="Message", max_length=500, widget=forms.Textarea(attrs={"rows": 8}))
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    started_on = forms.Field(label="Start date", widget=DayMonthYear, required=False)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    govuk_fields = {
        "postcode": Govuk(width="10"),
        "email": Govuk(width="two-thirds", size="s"),
        "day_rate": Govuk(prefix="£", width="5"),
        "email_is_public": Govuk(inline=True, small=True),
        "kind": Govuk(
            size="l",
            heading="h1",
            caption="Designate",
            hints={"old": "Designated here before"},
            divider="old",
            reveals={"new": ["name"]},
        ),
        "phase": Govuk(size="s", heading="h2"),
    }

    def clean(self):
        raise forms.ValidationError("Search again")


def test_the_renderer_is_the_sites():
    assert isinstance(SearchForm().renderer, GovukFormRenderer)


def test_text_input_has_label_hint_error_and_value():
    html = SearchForm(data={"postcode": "LS6 1AAXXX"})["postcode"].as_field_group()

    assert '<div class="govuk-form-group govuk-form-group--error">' in html
    assert '<label class="govuk-label" for="id_postcode">Postcode</label>' in html
    assert '<div id="id_postcode-hint" class="govuk-hint">For example, LS6 1AA</div>' in html
    assert '<span class="govuk-visually-hidden">Error:</span> Ensure this value has at most 8 characters' in html
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error"' in html
    assert 'value="LS6 1AAXXX"' in html
    assert 'aria-describedby="id_postcode-hint id_postcode-error"' in html
    assert "maxlength" not in html  # the error message says what is wrong instead


def test_input_type_attributes_width_and_label_size_come_from_the_form():
    html = SearchForm()["email"].as_field_group()

    assert '<label class="govuk-label govuk-label--s" for="id_email">Email</label>' in html
    assert (
        '<input class="govuk-input govuk-!-width-two-thirds" id="id_email" name="email" type="email" value=""'
        ' autocomplete="email">'
    ) in html


def test_a_password_is_never_shown_nor_spellchecked():
    html = SearchForm(data={"password": "secret words"})["password"].as_field_group()

    assert 'type="password" spellcheck="false">' in html and "secret words" not in html


def test_an_input_with_a_prefix():
    html = SearchForm(data={"day_rate": "350"})["day_rate"].as_field_group()

    assert '<div class="govuk-input__wrapper">' in html
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in html
    assert (
        'class="govuk-input govuk-input--width-5" id="id_day_rate" name="day_rate" type="text" value="350"'
        ' inputmode="decimal" spellcheck="false">'
    ) in html


def test_select_marks_the_chosen_option_and_keeps_groups():
    form = SearchForm(data={"phase": "primary", "subject": "english"})

    phase = form["phase"].as_field_group()
    subject = form["subject"].as_field_group()

    assert '<h2 class="govuk-label-wrapper"><label class="govuk-label govuk-label--s" for="id_phase">' in phase
    assert '<select class="govuk-select" id="id_phase" name="phase">' in phase
    assert '<option value="">Any phase</option>' in phase
    assert '<option value="primary" selected>Primary</option>' in phase
    assert '<optgroup label="Core">' in subject and '<option value="english" selected>English</option>' in subject


def test_checkboxes_check_each_chosen_value():
    html = SearchForm(data={"roles": ["sle"]})["roles"].as_field_group()

    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert 'id="id_roles_0" name="roles" type="checkbox" value="nle">' in html
    assert 'id="id_roles_1" name="roles" type="checkbox" value="sle" checked>' in html
    assert '<label class="govuk-label govuk-checkboxes__label" for="id_roles_1">SLE</label>' in html


def test_radios_show_the_error_on_the_fieldset():
    html = SearchForm(data={})["email_is_public"].as_field_group()

    assert '<fieldset class="govuk-fieldset" aria-describedby="id_email_is_public-error">' in html
    assert '<div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">' in html
    assert 'id="id_email_is_public_0" name="email_is_public" type="radio" value="yes">' in html


def test_radios_as_the_page_heading_with_hints_a_divider_and_a_reveal():
    html = SearchForm(data={"kind": "new"})["kind"].as_field_group()

    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">'
        '<span class="govuk-caption-l">Designate</span><h1 class="govuk-fieldset__heading">Who?</h1></legend>'
    ) in html
    assert 'value="new" checked data-aria-controls="conditional-id_kind_0">' in html
    assert '<div class="govuk-radios__conditional" id="conditional-id_kind_0">' in html
    assert '<label class="govuk-label" for="id_name">Name</label>' in html
    assert html.index('<div class="govuk-radios__divider">or</div>') < html.index('id="id_kind_1"')
    assert 'value="old" aria-describedby="id_kind_1-item-hint">' in html
    assert '<div id="id_kind_1-item-hint" class="govuk-hint govuk-radios__hint">Designated here before</div>' in html


def test_a_hidden_reveal_and_the_whole_form():
    form = SearchForm()

    assert "govuk-radios__conditional govuk-radios__conditional--hidden" in form["kind"].as_field_group()
    html = str(form)
    assert html.count('for="id_name"') == 1  # under its radio, not again on its own
    assert '<input type="hidden" name="token" id="id_token">' in html


def test_textarea_counts_characters_up_to_the_fields_max_length():
    form = SearchForm(data={"message": ""})

    message = form["message"].as_field_group()
    notes = form["notes"].as_field_group()

    assert 'data-module="govuk-character-count" data-maxlength="500"' in message
    assert 'rows="8" aria-describedby="id_message-info id_message-error">' in message
    assert '<div id="id_message-info" class="govuk-hint govuk-character-count__message">' in message
    assert "govuk-character-count" not in notes and 'rows="10">' in notes


def test_date_input_has_three_boxes_the_error_summary_links_to_the_first():
    form = SearchForm(initial={"started_on": datetime.date(2025, 3, 27)})

    html = form["started_on"].as_field_group()

    assert '<fieldset class="govuk-fieldset" role="group">' in html
    assert '<div class="govuk-date-input" id="id_started_on">' in html
    assert 'id="id_started_on_0" name="started_on_day" type="text" inputmode="numeric" value="27">' in html
    assert 'id="id_started_on_2" name="started_on_year" type="text" inputmode="numeric" value="2025">' in html
    assert 'class="govuk-input govuk-date-input__input govuk-input--width-4"' in html


def test_admin_widgets_render_as_before():
    class AdminForm(forms.Form):
        on = forms.DateField(widget=AdminDateWidget)

    html = str(AdminForm()["on"])

    assert '<input type="text" name="on" class="vDateField" size="10" required id="id_on">' in html
    assert "govuk" not in html
