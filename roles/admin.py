"""A modest admin for system leaders and designations. Schools are chosen by autocomplete: there are 20,000."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from roles import services
from roles.models import (
    AlliancePartnership,
    Designation,
    FocusArea,
    Role,
    Specialism,
    SystemLeader,
    TeachingSchoolAlliance,
)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Rows loaded from the guidance by migrations: people may look, not change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Role)
class RoleAdmin(ReferenceDataAdmin):
    list_display = ["name", "short_name", "holder", "designated_by", "programme", "programme_changed_on"]
    search_fields = ["name", "short_name"]


@admin.register(FocusArea)
class FocusAreaAdmin(ReferenceDataAdmin):
    list_display = ["name", "position"]


@admin.register(Specialism)
class SpecialismAdmin(ReferenceDataAdmin):
    list_display = ["name", "focus_area"]
    list_filter = ["focus_area"]
    list_select_related = ["focus_area"]
    search_fields = ["name"]


@admin.register(SystemLeader)
class SystemLeaderAdmin(admin.ModelAdmin):
    list_display = ["full_name", "job_title", "school", "email", "is_demo"]
    list_filter = ["is_demo"]
    list_select_related = ["school"]
    search_fields = ["first_name", "last_name", "email", "=school__urn", "school__name"]
    autocomplete_fields = ["school"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "first_name", "last_name", "school", "is_demo"]}),
        (
            "Contact details",
            {
                "fields": [
                    ("job_title", "job_title_is_public"),
                    ("email", "email_is_public"),
                    ("telephone", "telephone_is_public"),
                ]
            },
        ),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name


class DesignationAdminForm(forms.ModelForm):
    class Meta:
        model = Designation
        fields = [
            "role",
            "leader",
            "school",
            "is_demo",
            "designated_on",
            "review_due",
            "ended_on",
            "end_reason",
            "teaching_school",
            "specialisms",
            "national_support_school",
            "council_seat",
            "council_region",
        ]

    def _post_clean(self):
        # The instance holds the form's values only after ModelForm's own _post_clean.
        super()._post_clean()
        if self.errors:
            return
        try:
            services.designation_validate(
                designation=self.instance, specialisms=self.cleaned_data.get("specialisms") or ()
            )
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    """Designations are never deleted: end them with an end date and a reason."""

    form = DesignationAdminForm
    list_display = ["role", "holder", "designated_on", "review_due", "ended_on", "status"]
    list_filter = ["role", "end_reason", "is_demo"]
    list_select_related = ["role", "leader", "school"]
    search_fields = ["leader__first_name", "leader__last_name", "leader__email", "school__name", "=school__urn"]
    autocomplete_fields = ["leader", "school", "teaching_school", "national_support_school"]
    filter_horizontal = ["specialisms"]
    date_hierarchy = "designated_on"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["role", "leader", "school", "is_demo"]}),
        ("Dates", {"fields": ["designated_on", "review_due", ("ended_on", "end_reason")]}),
        ("SLEs and LLEs", {"fields": ["teaching_school", "specialisms"]}),
        ("NLEs", {"fields": ["national_support_school"]}),
        ("Teaching Schools Council", {"fields": ["council_seat", "council_region"]}),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="held by")
    def holder(self, obj):
        return obj.holder_name

    @admin.display(description="status", ordering="status")
    def status(self, obj):
        return Designation.Status(obj.status).label


class AlliancePartnershipInline(admin.TabularInline):
    model = AlliancePartnership
    autocomplete_fields = ["school"]
    extra = 0


@admin.register(TeachingSchoolAlliance)
class TeachingSchoolAllianceAdmin(admin.ModelAdmin):
    list_display = ["name", "teaching_school", "is_demo"]
    list_filter = ["is_demo"]
    list_select_related = ["teaching_school"]
    search_fields = ["name", "teaching_school__name", "=teaching_school__urn"]
    autocomplete_fields = ["teaching_school"]
    inlines = [AlliancePartnershipInline]
