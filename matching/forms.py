"""Forms for asking for support. Each question page is one small form; the answers travel in the query string
(`urn`, `need`, `specialism`), so every page of the journey can be bookmarked, shared and reached with the back
button. Only the enquiry's contact details are kept in the session until they are sent."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from core.form_rendering import Govuk
from core.service_errors import ServiceErrorsMixin
from roles.models import Specialism

from . import selectors
from .models import DFE_MATCH_NEEDS, MAX_MESSAGE_LENGTH, MAX_PROPOSED_DAYS, Need, ResponseStatus

# Characters no one types into a form: C0 controls other than tab and line breaks, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TELEPHONE = re.compile(r"^\+?[0-9 ()\-.]{7,25}$")
# A reference, as made by matching.enquiries.enquiry_reference_new.
REFERENCE = re.compile(r"^ENQ-[A-Z0-9]{8}$")


def without_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


class PlainTextField(forms.CharField):
    """Text with the control characters no keyboard types taken out (a null character among them)."""

    def to_python(self, value):
        value = super().to_python(value)
        return without_control_characters(value) if value else value


class AskingSchoolField(forms.CharField):
    """A URN, cleaned to the open school it names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": "Select your school"})
        super().__init__(max_length=20, **kwargs)
        self.error_messages["max_length"] = self.error_messages["invalid"] = "Select a school from the list"

    def clean(self, value):
        urn = super().clean(value)
        school = selectors.asking_school(urn)
        if school is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return school


class SchoolSearchForm(forms.Form):
    q = PlainTextField(
        label="Which school is asking for support?",
        help_text="Enter its name, URN or postcode",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your school’s name, URN or postcode",
            "max_length": "Your school’s name, URN or postcode must be 100 characters or less",
        },
    )

    govuk_fields = {"q": Govuk(size="l", heading="h1", container="app-school-search__input")}

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if not query:
            raise ValidationError("Enter your school’s name, URN or postcode")
        return query


def school_place(school) -> str:
    """Where a school is, to tell it from others of the same name: URN, town, postcode (local authority)."""
    place = ", ".join([f"URN {school.urn}", *(part for part in (school.town, school.postcode) if part)])
    authority = school.local_authority.name if school.local_authority else ""
    return f"{place} ({authority})" if authority and authority != school.town else place


class SchoolChoiceForm(forms.Form):
    urn = AskingSchoolField(label="Choose your school")
    govuk_fields = {"urn": Govuk(size="m", heading="h2")}

    def offer(self, found) -> None:
        """Show the schools a search found as radios, each with where it is. Any open school's URN is still taken
        (the autocomplete sends one the list may not show)."""
        field = self.fields["urn"]
        field.widget = forms.RadioSelect(choices=[(school.urn, school.name) for school in found.schools])
        if found.more:
            field.help_text = (
                f"Showing the first {len(found.schools)} open schools that match. If yours is not here, search with "
                "more of its name, or its URN or postcode."
            )
        hints = {school.urn: school_place(school) for school in found.schools}
        self.govuk_fields = {"urn": Govuk(size="m", heading="h2", hints=hints)}


class NeedForm(forms.Form):
    urn = AskingSchoolField(widget=forms.HiddenInput)
    need = forms.ChoiceField(
        label="What do you need help with?",
        choices=Need.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you need help with",
            "invalid_choice": "Select what you need help with",
        },
    )

    govuk_fields = {
        "need": Govuk(
            size="l",
            heading="h1",
            caption="Ask for support",
            divider=Need.SPECIALISM,
            hints={Need.SPECIALISM: "For example, phonics, maths or special educational needs: we will ask which next"},
        )
    }


class SpecialismField(forms.ChoiceField):
    """An SLE specialism by its slug, offered in groups by Ofsted focus area."""

    def __init__(self, **kwargs):
        super().__init__(
            error_messages={
                "required": "Select the subject or specialist area",
                "invalid_choice": "Select a subject or specialist area from the list",
            },
            **kwargs,
        )
        self.specialisms = {s.slug: s for s in Specialism.objects.select_related("focus_area")}
        groups: dict[str, list] = {}
        for specialism in self.specialisms.values():
            groups.setdefault(specialism.focus_area.name, []).append((specialism.slug, specialism.name))
        self.groups = list(groups.items())
        self.choices = [("", "Choose a subject or specialist area"), *self.groups]

    def clean(self, value):
        slug = super().clean(value)
        return self.specialisms[slug] if slug else None


class SpecialismForm(forms.Form):
    urn = AskingSchoolField(widget=forms.HiddenInput)
    govuk_fields = {"specialism": Govuk(size="l", heading="h1")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialism"] = SpecialismField(
            label="Which subject or specialist area do you need help with?",
            help_text="Specialist leaders of education (SLEs) offer these, grouped by Ofsted focus area",
        )


class JourneyForm(forms.Form):
    """The answers so far, from the query string of the shortlist and enquiry pages."""

    urn = AskingSchoolField()
    need = NeedForm.base_fields["need"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialism"] = SpecialismField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("need") == Need.SPECIALISM and not cleaned.get("specialism") and "specialism" not in self.errors:
            self.add_error("specialism", "Select the subject or specialist area")
        if cleaned.get("need") and cleaned.get("need") != Need.SPECIALISM:
            cleaned["specialism"] = None
        return cleaned

    def query(self) -> dict:
        """The answers as query-string values, for links to the other pages of the journey."""
        data = self.cleaned_data
        query = {"urn": data["urn"].urn, "need": data["need"]}
        if data.get("specialism"):
            query["specialism"] = data["specialism"].slug
        return query


class MessageField(PlainTextField):
    """Text from a textarea, with line breaks counted as one character (browsers send two), as the GOV.UK
    character count counts them."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class EnquiryForm(forms.Form):
    contact_name = PlainTextField(
        label="Your name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": "Enter your name", "max_length": "Your name must be 100 characters or less"},
    )
    contact_role = PlainTextField(
        label="Your role",
        help_text="For example, headteacher, business manager or chair of governors",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"required": "Enter your role", "max_length": "Your role must be 100 characters or less"},
    )
    contact_email = forms.EmailField(
        label="Email address",
        help_text=(
            "We send you a copy of your enquiry and a link to follow the responses. They will reply to this address"
        ),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or less",
        },
    )
    contact_telephone = PlainTextField(
        label="Telephone number (optional)",
        help_text="For international numbers include the country code",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
        error_messages={"max_length": "Telephone number must be 30 characters or less"},
    )
    proposed_days = forms.DecimalField(
        label="About how many days of support do you think you need? (optional)",
        help_text="Your best guess, like 3 or 2.5. You agree the time with whoever helps you",
        required=False,
        min_value=Decimal("0.5"),
        max_value=MAX_PROPOSED_DAYS,
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the days as a number, like 3 or 2.5",
            "min_value": "Enter at least half a day",
            "max_value": f"Enter {MAX_PROPOSED_DAYS} days or fewer",
            "max_digits": "Enter the days as a number, like 3 or 2.5",
            "max_decimal_places": "Enter the days to a tenth of a day at most, like 2.5",
            "max_whole_digits": f"Enter {MAX_PROPOSED_DAYS} days or fewer",
        },
    )
    message = MessageField(
        label="What would you like help with?",
        help_text="Say what your school needs, and when. Do not include information about individual pupils",
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter a message",
            "max_length": f"Your message must be {MAX_MESSAGE_LENGTH:,} characters or less",
        },
    )

    govuk_fields = {
        "contact_email": Govuk(width="two-thirds"),
        "contact_telephone": Govuk(width="20"),
        "message": Govuk(size="m"),
        "proposed_days": Govuk(width="5"),
    }

    def clean_contact_name(self):
        return self._one_line("contact_name", "Enter your name")

    def clean_contact_role(self):
        return self._one_line("contact_role", "Enter your role")

    def clean_contact_telephone(self):
        telephone = self._one_line("contact_telephone", "")
        if telephone and not TELEPHONE.fullmatch(telephone):
            raise ValidationError(
                "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192", code="invalid"
            )
        return telephone

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise ValidationError("Enter a message", code="required")
        return message

    def _one_line(self, name: str, required_message: str) -> str:
        value = " ".join(self.cleaned_data[name].split())
        if not value and required_message:
            raise ValidationError(required_message, code="required")
        return value


class AskNeedForm(forms.Form):
    """What the school needs, from the needs one leader or teaching school can help with (and their specialisms)."""

    govuk_fields = {"need": Govuk(size="l", heading="h1"), "specialism": Govuk(size="s")}

    def __init__(self, *args, needs, specialisms, helper_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.specialisms = {specialism.slug: specialism for specialism in specialisms}
        self.fields["need"] = forms.ChoiceField(
            label="What do you need help with?",
            help_text=f"{helper_name} can help with these.",
            choices=[(need.value, need.label) for need in needs],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select what you need help with",
                "invalid_choice": "Select one of the things they can help with",
            },
        )
        self.fields["specialism"] = forms.ChoiceField(
            label="Which subject or specialist area?",
            help_text="If you need help with a subject or specialist area",
            choices=[("", "Choose a subject or specialist area")]
            + [(slug, specialism.name) for slug, specialism in self.specialisms.items()],
            required=False,
            error_messages={"invalid_choice": "Select one of the subjects or specialist areas they offer"},
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("need") == Need.SPECIALISM:
            if not cleaned.get("specialism"):
                if "specialism" not in self.errors:
                    self.add_error("specialism", "Select the subject or specialist area")
            else:
                cleaned["specialism"] = self.specialisms[cleaned["specialism"]]
        else:
            cleaned["specialism"] = None
        return cleaned


class RespondForm(ServiceErrorsMixin, forms.Form):
    """A recipient's response to an enquiry."""

    CHOICES = [
        (ResponseStatus.REPLIED.value, "I have replied to them"),
        (ResponseStatus.AGREED.value, "I can help: I have agreed to support them"),
        (ResponseStatus.DECLINED.value, "I cannot help"),
    ]

    response = forms.ChoiceField(
        label="Your response",
        help_text="The school sees your response on its enquiry’s page. You can use this link once.",
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your response", "invalid_choice": "Select your response"},
    )
    decline_reason = PlainTextField(
        label="If you cannot help, why not?",
        help_text="The school will see this, so that they can ask someone else. For example, no days free this term",
        required=False,
        max_length=500,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )
    govuk_fields = {"response": Govuk(size="m", heading="h2"), "decline_reason": Govuk(size="s")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") == ResponseStatus.DECLINED and not " ".join(
            (cleaned.get("decline_reason") or "").split()
        ):
            self.add_error("decline_reason", "Enter why you cannot help, for the school to read")
        return cleaned


class DfeMatchRequestForm(forms.Form):
    """A school's request that DfE match it with an NLE, in its own words (matching.dfe_match). The need is asked
    only when the page's address does not say it (from a school's page rather than the shortlist)."""

    need = forms.ChoiceField(
        label="What do you need help with?",
        choices=[(need.value, need.label) for need in DFE_MATCH_NEEDS],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select governance or leadership",
            "invalid_choice": "Select governance or leadership",
        },
    )
    message = MessageField(
        label="What does your school need help with?",
        help_text="In your own words: what is happening, and what help you think you need. Do not include "
        "information about individual pupils or staff",
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter what your school needs help with",
            "max_length": f"What your school needs must be {MAX_MESSAGE_LENGTH:,} characters or less",
        },
    )
    contact_name = EnquiryForm.base_fields["contact_name"]
    contact_role = EnquiryForm.base_fields["contact_role"]
    contact_email = forms.EmailField(
        label="Email address",
        help_text="We send you a copy of your request with its reference. DfE will contact you at this address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EnquiryForm.base_fields["contact_email"].error_messages,
    )

    govuk_fields = {
        "need": Govuk(size="m"),
        "message": Govuk(size="m", heading="h2"),
        "contact_email": Govuk(width="two-thirds"),
    }

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise ValidationError("Enter what your school needs help with", code="required")
        return message

    clean_contact_name = EnquiryForm.clean_contact_name
    clean_contact_role = EnquiryForm.clean_contact_role
    _one_line = EnquiryForm._one_line
