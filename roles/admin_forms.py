"""Forms for the designation admin: designating someone, the intermediate pages of the actions, CSV upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.functional import lazy

from core import dates
from core.service_errors import ServiceErrorsMixin
from roles import services
from roles.importing import MAX_FILE_BYTES
from roles.models import Designation, Specialism

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, help_text: str = "", initial=None) -> forms.DateField:
    field = forms.DateField(
        label=label,
        help_text=help_text,
        initial=initial,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        validators=[dates.in_range],
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 2025-09-01 or 01/09/2025",
        },
    )
    field.error_messages["out_of_range"] = lazy(dates.range_message, str)(label)  # the range moves with the day
    return field


class SpecialismChoiceIterator(ModelChoiceIterator):
    """Specialisms grouped under their Ofsted focus area, as the guidance lists them."""

    def __iter__(self):
        groups: dict[str, list] = {}
        for specialism in self.queryset.select_related("focus_area"):
            groups.setdefault(specialism.focus_area.name, []).append(self.choice(specialism))
        yield from groups.items()


class SpecialismField(forms.ModelMultipleChoiceField):
    iterator = SpecialismChoiceIterator
    widget = forms.CheckboxSelectMultiple


class DesignationAdminForm(ServiceErrorsMixin, forms.ModelForm):
    """Designate someone, or correct a designation, under the same rules as services.designation_create. A rule about
    a field the form does not show (the pause and end dates, changed through the actions) is shown at the top."""

    specialisms = SpecialismField(
        queryset=Specialism.objects.all(),
        required=False,
        help_text="SLEs only: choose at least one.",
    )

    class Meta:
        model = Designation
        fields = [
            "role",
            "leader",
            "school",
            "designated_on",
            "review_due",
            "teaching_school",
            "specialisms",
            "national_support_school",
            "council_seat",
            "council_region",
        ]

    def validate_rules(self):
        # ModelForm skips constraints on fields the form does not show (the role, once designated); check all.
        self.instance.validate_constraints()
        services.designation_validate(designation=self.instance, specialisms=self.cleaned_data.get("specialisms") or ())


class RenewForm(forms.Form):
    review_due = date_field("New review date", help_text="The designation stays current until this review.")


class PauseForm(forms.Form):
    paused_on = date_field("Date paused", help_text="Paused from this date until resumed.", initial=timezone.localdate)
    reason = forms.CharField(
        label="Why it is paused",
        max_length=200,
        error_messages={"required": "Enter why the designation is paused"},
    )


class ResumeForm(forms.Form):
    """Nothing to ask: resuming lifts the pause. The history keeps when and why it was paused."""


class EndForm(forms.Form):
    ended_on = date_field("Date ended", initial=timezone.localdate)
    reason = forms.ChoiceField(
        label="Why it ended",
        # A programme closing ends its designations through services.programme_close, not by hand.
        choices=[
            (value, label)
            for value, label in Designation.EndReason.choices
            if value != Designation.EndReason.PROGRAMME_CLOSED
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the designation ended"},
    )


class DesignationImportForm(forms.Form):
    csv_file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8 CSV with a header row, at most {MAX_FILE_BYTES // (1024 * 1024)} MB.",
        error_messages={"required": "Choose a CSV file to upload"},
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                f"The file is {upload.size / (1024 * 1024):.1f} MB: the most is "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Split it into smaller files."
            )
        if upload.size == 0:
            raise ValidationError("The file is empty")
        return upload
