"""The portal's field types: the GOV.UK date input, money in pounds kept as pence, a school by URN, days (part days
too) and SLE specialisms under their focus areas."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from core import dates
from core.form_rendering import Govuk
from core.text import is_ascii_number
from roles.models import Specialism
from schools.models import School


class DateInputWidget(forms.MultiWidget):
    """The three boxes of the GOV.UK date input: day, month, year (named <field>_day, _month, _year)."""

    def __init__(self, attrs=None):
        super().__init__(widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput})

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateInputField(forms.Field):
    """A date typed into the GOV.UK date input, with the error messages the Design System recommends.

    `name` starts the messages ("Date designated must be a real date"); `required_message` is shown when all
    three boxes are empty."""

    widget = DateInputWidget

    def __init__(self, *, name: str, required_message: str = "", **kwargs):
        self.name = name
        super().__init__(**kwargs)
        self.error_messages["required"] = required_message or f"Enter the {name.lower()}"

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, list | tuple):
            return [part or "" for part in value]
        return ["", "", ""]

    def to_python(self, value):
        parts = [str(part or "").strip() for part in (value or [])] + ["", "", ""]
        day, month, year = parts[:3]
        if not (day or month or year):
            return None
        missing = [label for label, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{self.name} must include a {' and a '.join(missing)}", code="incomplete")
        if not (is_ascii_number(day) and is_ascii_number(month) and is_ascii_number(year)):
            raise ValidationError(f"{self.name} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a day or month beyond a C int overflows
            raise ValidationError(f"{self.name} must be a real date", code="invalid") from None
        try:
            dates.in_range(value)
        except ValidationError:
            raise ValidationError(dates.range_message(self.name), code="out_of_range") from None
        return value


class PenceField(forms.Field):
    """An amount of money typed in pounds ("350", "£350.50", "1,200"), cleaned to whole pence."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, *, invalid_message: str, max_pence: int = 100_000_000, **kwargs):
        self.max_pence = max_pence
        super().__init__(**kwargs)
        self.error_messages["invalid"] = invalid_message

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        amount = value.replace(",", "").replace(" ", "").removeprefix("£")
        if not re.fullmatch(r"\d+(\.\d{1,2})?", amount):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        pence = int(Decimal(amount) * 100)
        if pence > self.max_pence:
            raise ValidationError(f"Enter an amount of £{self.max_pence // 100:,} or less", code="max_value")
        return pence


class SchoolByURNField(forms.CharField):
    """A school in England, identified by its unique reference number (URN)."""

    default_error_messages = {"invalid": "Enter a URN of a school in England, like 100000"}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not is_ascii_number(value) or len(value) > 8:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        school = School.objects.filter(urn=int(value)).first()
        if school is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if school.later_status == School.LaterStatus.CLOSED:
            raise ValidationError(f"{school.name} has closed: enter the URN of an open school", code="closed")
        return school

    def prepare_value(self, value):
        return value.urn if isinstance(value, School) else value


class DaysField(forms.DecimalField):
    def run_validators(self, value):
        """One message, the first: the limit on digits and the upper bound would both say "must be 65 or fewer"."""
        try:
            super().run_validators(value)
        except ValidationError as error:
            raise error.error_list[0] from None


def days_field(label: str, *, required: bool = False, help_text: str = "", allow_zero: bool = False, most=None):
    """A number of days, to one decimal place, more than 0 (or at least 0)."""
    name = label[0].upper() + label[1:]
    field = DaysField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=6 if most is None else 3,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": f"Enter {label.lower()}",
            "invalid": f"{name} must be a number, like 2 or 2.5",
            "max_decimal_places": f"{name} can have 1 decimal place at most, like 2.5",
            "max_digits": f"{name} must be {most or 99999} or fewer",
            "max_whole_digits": f"{name} must be {most or 99999} or fewer",
        },
    )
    minimum = Decimal("0") if allow_zero else Decimal("0.1")

    def at_least(value):
        if value is not None and value < minimum:
            raise ValidationError(f"{name} must be {'0 or more' if allow_zero else 'more than 0'}", code="min_value")
        if most is not None and value is not None and value > most:
            raise ValidationError(f"{name} must be {most} or fewer", code="max_value")

    field.validators.append(at_least)
    return field


BIGGEST_ID = 2**63 - 1


class SpecialismChoiceField(forms.ModelMultipleChoiceField):
    """SLE specialisms as checkboxes, shown under the Ofsted focus areas (SPECIALISMS_LOOK)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Specialism.objects.select_related("focus_area"),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "Choose at least one specialism for this SLE",
                "invalid_choice": "Choose specialisms from the list",
                "invalid_pk_value": "Choose specialisms from the list",
            },
            **kwargs,
        )

    def _check_values(self, value):
        # Django guards an exact lookup against ids beyond a 64-bit integer, but not the `__in` lookup used here,
        # which would overflow in the database driver: such an id is simply not one of the choices.
        for pk in value:
            try:
                too_big = abs(int(str(pk).strip())) > BIGGEST_ID
            except ValueError:
                too_big = False
            if too_big:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super()._check_values(value)


def specialism_groups(bound_field) -> list[tuple[str, list]]:
    """The checkboxes of a SpecialismChoiceField, grouped by focus area, keeping Django's option ids."""
    by_id = {specialism.pk: specialism for specialism in bound_field.field.queryset}
    groups: dict[str, list] = {}
    for option in bound_field.subwidgets:
        specialism = by_id[option.data["value"].value]
        groups.setdefault(specialism.focus_area.name, []).append(option)
    return list(groups.items())


# Specialisms under their focus areas' headings, small checkboxes.
SPECIALISMS_LOOK = Govuk(size="m", small=True, groups=specialism_groups)
