from django import forms

from core.form_rendering import Govuk

from .selectors import NLE_REACH_CHOICES_MILES, NLE_REACH_MILES


class ReachForm(forms.Form):
    """How far a national leader of education may travel, for the gaps on the coverage pages (GET)."""

    reach = forms.TypedChoiceField(
        label="How far a national leader of education can travel",
        choices=[(miles, f"{miles} miles") for miles in NLE_REACH_CHOICES_MILES],
        coerce=int,
        required=False,
        empty_value=NLE_REACH_MILES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the distances listed"},
    )

    govuk_fields = {"reach": Govuk(size="s", small=True, inline=True)}

    def __init__(self, data=None, **kwargs):
        # With no choice in the address, show the default as chosen.
        if data is not None and not data.get("reach"):
            data = None
        super().__init__(data, initial={"reach": NLE_REACH_MILES}, **kwargs)

    @property
    def reach_miles(self) -> int:
        """The chosen distance; the default when none or a wrong one was given."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["reach"]
        return NLE_REACH_MILES
