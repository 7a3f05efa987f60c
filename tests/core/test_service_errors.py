from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.service_errors import ServiceErrorsMixin
from deployments.models import NegotiationKind, NegotiationRecord


class PlacementForm(ServiceErrorsMixin, forms.Form):
    on = forms.DateField(required=False)
    day_rate_pounds = forms.DecimalField(required=False)
    error_fields = {"day_rate_pence": "day_rate_pounds"}


def refused(error: ValidationError) -> dict:
    form = PlacementForm({})
    assert form.is_valid()
    form.add_service_errors(error)
    return form.errors


def test_a_refusal_goes_on_the_field_it_names_or_at_the_top():
    errors = refused(ValidationError({"on": "Enter a later date", "status": "It has ended"}))
    assert errors == {"on": ["Enter a later date"], NON_FIELD_ERRORS: ["It has ended"]}


def test_a_service_name_for_a_value_goes_on_the_field_that_asks_for_it():
    errors = refused(ValidationError({"day_rate_pence": "Enter an amount of 0 or more"}))
    assert errors == {"day_rate_pounds": ["Enter an amount of 0 or more"]}


def test_a_refusal_naming_no_field_goes_at_the_top():
    assert refused(ValidationError("This placement is closed")) == {NON_FIELD_ERRORS: ["This placement is closed"]}
    assert refused(ValidationError(["First", "Second"])) == {NON_FIELD_ERRORS: ["First", "Second"]}


class StepForm(ServiceErrorsMixin, forms.ModelForm):
    """A form that does not show every field the model's clean() speaks of (the total cost, who pays)."""

    class Meta:
        model = NegotiationRecord
        fields = ["kind", "days"]

    rules_checked = False

    def validate_rules(self):
        self.rules_checked = True
        raise ValidationError({"days": "Too many days for this review", "deployment": "This deployment has ended"})


@pytest.mark.django_db
def test_a_models_own_error_on_a_field_the_form_does_not_show_goes_at_the_top_and_the_rules_wait_for_it():
    form = StepForm({"kind": NegotiationKind.AGREEMENT, "days": "3"})
    assert not form.is_valid()
    assert form.errors == {
        NON_FIELD_ERRORS: ["Enter the total cost agreed, or a day rate to work it out", "Choose who pays"]
    }
    assert not form.rules_checked


@pytest.mark.django_db
def test_the_rules_run_once_the_models_own_checks_pass_and_their_errors_land_on_the_form():
    form = StepForm({"kind": NegotiationKind.PROPOSAL, "days": "3"})
    assert not form.is_valid()
    assert form.rules_checked
    assert form.instance.days == Decimal("3")  # the instance held the form's values when the rules ran
    assert form.errors == {"days": ["Too many days for this review"], NON_FIELD_ERRORS: ["This deployment has ended"]}
