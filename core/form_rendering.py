"""GOV.UK Design System markup for every form field, from templates (FORM_RENDERER in settings).

A page says `{{ form.name.as_field_group }}` (or `{{ form }}`) and gets the form group, label or legend, hint, error
message and control that GOV.UK Frontend expects, chosen by the field's widget: text inputs (also with a prefix or
suffix), textareas (with a character count when the field has a max_length), selects (with option groups), radios
and checkboxes (with hints per choice, an "or" divider and conditionally revealed fields), and the three boxes of a
date input (a MultiWidget of day, month and year). Ids stay Django's (`id_<name>`, `id_<name>_0` for the first
choice or the day box), where the error summary links.

How one field looks, where the defaults are not enough, is said by its form: `govuk_fields = {"name": Govuk(...)}`.
HTML attributes of the control (autocomplete, spellcheck, inputmode, rows) come from the widget's attrs, as in any
Django form. The admin renders its own widgets through its own templates and is untouched."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.html import format_html_join

# The widths GOV.UK Frontend has classes for: fixed (characters) for inputs, fluid (share of the column) for any.
INPUT_WIDTHS = {"2", "3", "4", "5", "10", "20", "30"}
FLUID_WIDTHS = {"full", "three-quarters", "two-thirds", "one-half", "one-third", "one-quarter"}
# The control's HTML attributes taken from the widget's attrs (Django also puts maxlength, min and max there, which
# GOV.UK pages leave out: the error message says what is wrong instead).
CONTROL_ATTRS = ("inputmode", "autocomplete", "spellcheck")
NUMERIC_INPUT_MODES = {"decimal", "numeric"}
DATE_PARTS = (("Day", "_day", "2"), ("Month", "_month", "2"), ("Year", "_year", "4"))


@dataclass(frozen=True)
class Govuk:
    """How one field looks on a GOV.UK page.

    size: of the label or legend ("s", "m", "l", "xl"); heading: "h1" (the page's heading) or "h2" wraps it;
    caption: a caption inside a heading legend; width: of the control ("10" characters, "two-thirds" of the column);
    prefix and suffix: text either side of an input ("£", "days"); small and inline: of radios and checkboxes;
    hints: a hint under each choice, by value; divider: the value an "or" comes before; reveals: field names shown
    under a radio when it is chosen, by value; groups: a function of the bound field giving (heading, choices) pairs
    for checkboxes under headings; container: the class of a box around the input for a script to work in (its id
    is the input's plus "-container")."""

    size: str = ""
    heading: str = ""
    caption: str = ""
    width: str = ""
    prefix: str = ""
    suffix: str = ""
    small: bool = False
    inline: bool = False
    hints: dict = field(default_factory=dict)
    divider: str | None = None
    reveals: dict = field(default_factory=dict)
    groups: Callable | None = None
    container: str = ""

    @property
    def width_class(self) -> str:
        if self.width in INPUT_WIDTHS:
            return f"govuk-input--width-{self.width}"
        if self.width in FLUID_WIDTHS:
            return f"govuk-!-width-{self.width}"
        return ""


@dataclass
class Choice:
    """One radio or checkbox, with what GOV.UK puts around it."""

    option: object  # Django's BoundWidget: id_for_label, choice_label, data
    hint: str = ""
    divider: bool = False
    reveals: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.option.id_for_label

    @property
    def value(self) -> str:
        return str(self.option.data["value"])


class GovukBoundField(BoundField):
    """A bound field that knows what the GOV.UK templates need. Every form gets it from the renderer; it only adds
    properties, so other templates (the admin's) see Django's BoundField."""

    @property
    def govuk(self) -> Govuk:
        return getattr(self.form, "govuk_fields", {}).get(self.name) or Govuk()

    @cached_property
    def govuk_kind(self) -> str:
        widget = self.field.widget
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.Textarea):
            return "textarea"
        if isinstance(widget, forms.MultiWidget) and widget.widgets_names == [part for _, part, _ in DATE_PARTS]:
            return "date"
        return "input"

    @property
    def input_type(self) -> str:
        """The input's type: text, email, password, ...; "radio" or "checkbox" for choices."""
        return getattr(self.field.widget, "input_type", "text")

    @property
    def is_revealed(self) -> bool:
        """Whether a radio of another field of the form shows this one (the form template leaves it to that radio)."""
        return any(
            self.name in names
            for options in getattr(self.form, "govuk_fields", {}).values()
            for names in options.reveals.values()
        )

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def described_by(self) -> str:
        """The ids of the hint and error message, for aria-describedby."""
        ids = [self.hint_id] if self.help_text else []
        return " ".join(ids + ([self.error_id] if self.errors else []))

    @property
    def control_attrs(self) -> str:
        """The control's own HTML attributes from the widget (inputmode, autocomplete, spellcheck); numbers and
        passwords are never spellchecked."""
        attrs = {name: self.field.widget.attrs[name] for name in CONTROL_ATTRS if name in self.field.widget.attrs}
        if attrs.get("inputmode") in NUMERIC_INPUT_MODES or self.input_type == "password":
            attrs.setdefault("spellcheck", "false")
        return format_html_join("", ' {}="{}"', attrs.items())

    @property
    def max_length(self):
        return getattr(self.field, "max_length", None)

    @property
    def rows(self):
        return self.field.widget.attrs.get("rows", 5)

    @property
    def option_groups(self) -> list:
        """A select's options, as Django's widget groups them: (group label or None, options, index)."""
        widget = self.field.widget
        return widget.optgroups(self.html_name, widget.format_value(self.value()))

    @property
    def choices(self) -> list[Choice]:
        govuk = self.govuk
        hints = {str(value): hint for value, hint in govuk.hints.items()}
        reveals = {str(value): names for value, names in govuk.reveals.items()}
        divider = None if govuk.divider is None else str(govuk.divider)
        items = []
        for option in self.subwidgets:
            value = str(option.data["value"])
            items.append(
                Choice(
                    option=option,
                    hint=hints.get(value, ""),
                    divider=value == divider,
                    reveals=[self.form[name] for name in reveals.get(value, ()) if name in self.form.fields],
                )
            )
        return items

    @property
    def choice_groups(self) -> list[tuple[str, list[Choice]]]:
        """Checkboxes under headings, when the form groups them (Govuk.groups); otherwise one group without one."""
        if self.govuk.groups is None:
            return [("", self.choices)]
        by_id = {choice.id: choice for choice in self.choices}
        return [(heading, [by_id[o.id_for_label] for o in options]) for heading, options in self.govuk.groups(self)]

    @property
    def date_parts(self) -> list[dict]:
        """The day, month and year boxes: ids <id>_0, _1, _2 (the error summary links to the day's), names
        <name>_day, _month, _year."""
        value = self.value()
        values = [*(value if isinstance(value, list | tuple) else self.field.widget.decompress(value)), "", "", ""]
        return [
            {
                "label": label,
                "id": f"{self.auto_id}_{index}",
                "name": f"{self.html_name}{suffix}",
                "value": "" if values[index] is None else values[index],
                "width": width,
            }
            for index, (label, suffix, width) in enumerate(DATE_PARTS)
        ]


class GovukFormRenderer(DjangoTemplates):
    """Django's own renderer (its widget templates, so the admin looks as it always has), with GOV.UK templates for
    whole forms and field groups."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = GovukBoundField
