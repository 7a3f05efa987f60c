"""The page an invitation's link opens: the invitee chooses a password and becomes a member of the teaching school.

The token in the address is the only key; the page is never cached, not indexed, and keeps the site's same-origin
referrer policy (see matching.enquiry_views: "no-referrer" would make CSRF refuse the form)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from core.form_rendering import Govuk

from . import services


class InvitationAcceptForm(forms.Form):
    password = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
        error_messages={"required": "Enter a password"},
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    govuk_fields = {"password": Govuk(width="two-thirds"), "password_again": Govuk(width="two-thirds")}

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password"].help_text = "Use at least 12 characters. Avoid common passwords and your email address."

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", "The passwords do not match: type the same password twice")
        elif password:
            user = get_user_model()(username=self.email, email=self.email)
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


@method_decorator(never_cache, name="dispatch")
class InvitationAcceptView(View):
    template_name = "portal/invitation_accept.html"

    def dispatch(self, request, token):
        self.invitation = services.invitation_for_token(token)
        if self.invitation is None:
            response = render(request, "portal/invitation_gone.html", status=404)
        else:
            response = super().dispatch(request, token)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get(self, request, token):
        return self._render(InvitationAcceptForm(email=self.invitation.email))

    def post(self, request, token):
        form = InvitationAcceptForm(request.POST, email=self.invitation.email)
        if form.is_valid():
            try:
                services.invitation_accept(token=token, password=form.cleaned_data["password"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your account is ready: sign in with your email address and new password")
                return redirect("portal:sign_in")
        return self._render(form)

    def _render(self, form):
        return render(self.request, self.template_name, {"form": form, "invitation": self.invitation})
