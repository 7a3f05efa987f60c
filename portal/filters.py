"""The filters of the portal's list pages."""

import django_filters
from django import forms
from django.utils import timezone

from core.form_rendering import Govuk
from deployments.models import Deployment, DeploymentStatus
from matching.models import EnquiryRecipient, Need, ResponseStatus
from roles.models import Designation, Role


class ListFilterForm(forms.Form):
    """A list's filter form: its selects side by side, with small labels (portal/includes/list_filter.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.govuk_fields = {name: Govuk(size="s") for name in self.fields}


class DesignationFilter(django_filters.FilterSet):
    SHOW = [("current", "In force or starting later"), ("ended", "Ended")]

    show = django_filters.ChoiceFilter(
        label="Show", choices=SHOW, empty_label="All", method="filter_show", field_name="ended_on"
    )
    role = django_filters.ChoiceFilter(
        label="Role",
        field_name="role_id",
        choices=[(Role.Code.SLE.value, "SLEs"), (Role.Code.LLE.value, "LLEs")],
        empty_label="SLEs and LLEs",
    )

    class Meta:
        model = Designation
        form = ListFilterForm
        fields = ["show", "role"]

    def filter_show(self, queryset, name, value):
        today = timezone.localdate()
        if value == "ended":
            return queryset.ended(today)
        return queryset.not_ended(today)


class PlacementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", field_name="status", choices=DeploymentStatus.choices, empty_label="All statuses"
    )

    class Meta:
        model = Deployment
        form = ListFilterForm
        fields = ["status"]


class EnquiryFilter(django_filters.FilterSet):
    """Over the enquiry recipient rows the teaching school received."""

    need = django_filters.ChoiceFilter(
        label="Help with",
        field_name="enquiry__need",
        choices=Need.choices,
        empty_label="All",
        error_messages={"invalid_choice": "Select what the enquiry asks help with from the list"},
    )
    response = django_filters.ChoiceFilter(
        label="Response",
        field_name="response_status",
        choices=ResponseStatus.choices,
        empty_label="All",
        error_messages={"invalid_choice": "Select a response from the list"},
    )

    class Meta:
        model = EnquiryRecipient
        form = ListFilterForm
        fields = ["need", "response"]
