"""A service's refusal shown on the form that asked for the values: each message on the field it names, or at the top
of the form when the form does not ask for that value."""

from django.core.exceptions import ValidationError


class ServiceErrorsMixin:
    """For forms whose values a service (its `*_validate` function or its write) or a model's clean() checks.

    A ValidationError with a dict goes onto the fields it names; a name the form does not show (a model's clean() may
    speak of any of its fields, a service of its arguments) goes to the top, as does a ValidationError with a list.
    `error_fields` renames what a service calls a value to the field that asks for it.

    A view that calls the service itself hands its refusal to add_service_errors(). A ModelForm names its services'
    checks in validate_rules(), which runs once the instance holds the form's values and the model's own checks
    (fields, clean(), constraints on the fields shown) have passed.
    """

    # A service's or model's name for a value -> the form field that asks for it (money in pence asked in pounds).
    error_fields: dict[str, str] = {}

    def validate_rules(self) -> None:
        """Run the services' checks on self.instance and self.cleaned_data, raising their ValidationError."""

    def add_service_errors(self, error: ValidationError) -> None:
        self.add_error(None, error)

    def add_error(self, field, error):
        # Django's ModelForm also hands the model's own errors here, as one dict with no field.
        if field is None:
            error = error if isinstance(error, ValidationError) else ValidationError(error)
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    super().add_error(self.field_for_error(name), errors)
                return
        super().add_error(field, error)

    def field_for_error(self, name: str) -> str | None:
        name = self.error_fields.get(name, name)
        return name if name in self.fields else None

    def validate_unique(self):
        # ModelForm's last check, run after the instance is built from the form and the model has checked it (and
        # only when clean() reached ModelForm.clean()): the public place for rules that need other rows.
        super().validate_unique()
        if self.errors:
            return
        try:
            self.validate_rules()
        except ValidationError as error:
            self.add_error(None, error)
