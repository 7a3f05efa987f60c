import uuid

from django import forms

from core.form_rendering import Govuk

from .models import Feedback


class FeedbackForm(forms.Form):
    submission = forms.CharField(required=False, widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(
        label="Overall, how did you feel about the service you used today?",
        choices=Feedback.Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how you felt about the service",
            "invalid_choice": "Select one of the options listed",
        },
    )
    comments = forms.CharField(
        label="How could we improve this service? (optional)",
        help_text="Do not include personal information, like your name, email address or a pupil’s details.",
        max_length=Feedback.MAX_LENGTH,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"How we could improve the service must be {Feedback.MAX_LENGTH:,} characters or fewer"
        },
    )

    govuk_fields = {"satisfaction": Govuk(size="m"), "comments": Govuk(size="m")}

    def clean_submission(self):
        # The hidden field only tells two sendings of one form apart; if it is missing or mangled, this is a new one.
        try:
            return uuid.UUID(self.cleaned_data.get("submission") or "")
        except ValueError:
            return uuid.uuid4()
