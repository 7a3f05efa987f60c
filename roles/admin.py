"""The curation admin for DfE staff: system leaders, designations and teaching school alliances.

Designations are never deleted. Curators designate through the add form (the same rules as
services.designation_create), and renew, pause, resume or end through actions that ask for the date and reason on
an intermediate page, then apply the service to each designation so each gets its own history record. Designations
can be imported from CSV after a dry run, and any filtered list exported as CSV. Schools are chosen by autocomplete:
there are 20,000.
"""

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.html import format_html
from django.utils.http import urlencode

from audit.admin import AuditedAdminMixin
from audit.admin_concurrency import VersionCheckedAdminMixin
from audit.context import acting_as
from core.admin_actions import FormActionMixin
from core.admin_read_only import ReadOnlyAdmin
from roles import services
from roles.admin_autocomplete import (
    designation_label,
    designations_for_choices,
    is_autocomplete,
    leader_label,
    leaders_for_choices,
    use_labelled_autocomplete,
)
from roles.admin_filters import (
    LocalAuthorityFilter,
    ProgrammeFilter,
    RegionFilter,
    ReviewDueFilter,
    StatusFilter,
)
from roles.admin_forms import (
    DesignationAdminForm,
    DesignationImportForm,
    EndForm,
    PauseForm,
    RenewForm,
    ResumeForm,
)
from roles.dated import is_not_ended
from roles.exporting import designations_csv_response
from roles.importing import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, designations_import
from roles.models import (
    AlliancePartnership,
    Designation,
    FocusArea,
    Role,
    Specialism,
    SystemLeader,
    TeachingSchoolAlliance,
)

use_labelled_autocomplete(admin.site)


class ReferenceDataAdmin(ReadOnlyAdmin):
    """Rows loaded from the guidance by migrations: people may look, not change."""


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


def status_tag(designation: Designation) -> str:
    status = Designation.Status(designation.status)
    return format_html('<span class="designation-status designation-status--{}">{}</span>', status.value, status.label)


class DesignationInline(admin.TabularInline):
    """A person's designations, read-only: each links to its own page, where it is renewed, paused or ended."""

    model = Designation
    fk_name = "leader"
    fields = ["designation", "designated_on", "review_due", "status", "designated_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "teaching_school").with_status()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="designation")
    def designation(self, obj):
        url = reverse("admin:roles_designation_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.role.name)

    @admin.display(description="status")
    def status(self, obj):
        return status_tag(obj)

    @admin.display(description="designated by")
    def designated_by(self, obj):
        return obj.designated_by_name


@admin.register(SystemLeader)
class SystemLeaderAdmin(VersionCheckedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """People are never deleted: a person stops being a system leader when their designations end."""

    list_display = ["full_name", "job_title", "school", "email", "is_demo"]
    list_filter = ["is_demo"]
    list_select_related = ["school"]
    search_fields = ["first_name", "last_name", "email", "=school__urn", "school__name"]
    autocomplete_fields = ["school"]
    readonly_fields = ["designate", "created_at", "updated_at"]
    inlines = [DesignationInline]
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
        ("Record", {"fields": ["designate", "created_at", "updated_at"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if is_autocomplete(request):
            queryset = leaders_for_choices(queryset)
        return queryset, may_have_duplicates

    def autocomplete_result(self, obj) -> dict:
        return {"text": leader_label(obj)}

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description="designate")
    def designate(self, obj):
        if obj.pk is None:
            return "Save this person first."
        url = reverse("admin:roles_designation_add") + "?" + urlencode({"leader": obj.pk})
        return format_html('<a href="{}">Designate {} in a new role</a>', url, obj.full_name)


@dataclass(frozen=True)
class DesignationChange:
    """One of the things a curator does to designations, through a service, after a page asking for the details."""

    name: str
    title: str
    done: str
    form_class: type[forms.Form]
    apply: Callable[[Designation, dict], Designation]
    offered: Callable[[Designation, object], bool]
    guidance: str


DESIGNATION_CHANGES = {
    change.name: change
    for change in [
        DesignationChange(
            name="renew",
            title="Renew",
            done="renewed",
            form_class=RenewForm,
            apply=lambda designation, data: services.designation_renew(
                designation=designation, review_due=data["review_due"]
            ),
            offered=lambda designation, today: designation.ended_on is None,
            guidance="Set the date of the next review. It must be after the current review date.",
        ),
        DesignationChange(
            name="pause",
            title="Pause",
            done="paused",
            form_class=PauseForm,
            apply=lambda designation, data: services.designation_pause(
                designation=designation, paused_on=data["paused_on"], reason=data["reason"]
            ),
            offered=lambda designation, today: designation.paused_on is None and is_not_ended(designation, today),
            guidance="A paused designation stays on record but is not listed as current until it is resumed.",
        ),
        DesignationChange(
            name="resume",
            title="Resume",
            done="resumed",
            form_class=ResumeForm,
            apply=lambda designation, data: services.designation_resume(designation=designation),
            offered=lambda designation, today: designation.paused_on is not None and is_not_ended(designation, today),
            guidance="The designation becomes current again. Its history keeps when and why it was paused.",
        ),
        DesignationChange(
            name="end",
            title="End",
            done="ended",
            form_class=EndForm,
            apply=lambda designation, data: services.designation_end(
                designation=designation, ended_on=data["ended_on"], reason=data["reason"]
            ),
            offered=lambda designation, today: designation.ended_on is None,
            guidance="An ended designation is kept, with its end date and reason. It cannot be undone here.",
        ),
    ]
}

# Each selected designation is a hidden field on the intermediate page; Django accepts 1,000 fields a request.
MAX_SELECTED = 500
IMPORT_SESSION_KEY = "roles_designation_import"


@admin.register(Designation)
class DesignationAdmin(FormActionMixin, VersionCheckedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Designations are never deleted: end them with an end date and a reason."""

    form = DesignationAdminForm
    list_display = [
        "holder",
        "role_name",
        "holder_school",
        "designated_by",
        "designated_on",
        "review_due",
        "status_label",
    ]
    list_display_links = ["holder"]
    list_filter = [
        "role",
        StatusFilter,
        RegionFilter,
        LocalAuthorityFilter,
        "specialisms",
        ReviewDueFilter,
        ProgrammeFilter,
        "is_demo",
    ]
    list_select_related = ["role", "leader__school", "school", "teaching_school"]
    search_fields = [
        "leader__first_name",
        "leader__last_name",
        "leader__email",
        "leader__school__name",
        "=leader__school__urn",
        "school__name",
        "=school__urn",
        "teaching_school__name",
    ]
    search_help_text = "Search by name, email, school name, URN or the designating teaching school."
    autocomplete_fields = ["leader", "school", "teaching_school", "national_support_school"]
    date_hierarchy = "designated_on"
    actions = ["renew_selected", "pause_selected", "resume_selected", "end_selected", "export_selected"]

    class Media:
        css = {"all": ["roles/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if is_autocomplete(request):
            queryset = designations_for_choices(queryset)
        return queryset, may_have_duplicates

    def autocomplete_result(self, obj) -> dict:
        return {"text": designation_label(obj), "role": obj.role_id}

    def has_delete_permission(self, request, obj=None):
        return False

    # The add and change forms

    def get_fieldsets(self, request, obj=None):
        holder = ["role", "leader", "school"] if obj is None else ["role", "leader", "school", "status_label"]
        dates = ["designated_on", "review_due"]
        if obj is not None:
            dates += [("paused_on", "pause_reason"), ("ended_on", "end_reason")]
        fieldsets = [
            (None, {"fields": holder, "description": "A person holds most roles; a school holds the school roles."}),
            ("Dates", {"fields": dates}),
            ("SLEs and LLEs", {"fields": ["teaching_school", "specialisms"]}),
            ("NLEs", {"fields": ["national_support_school"]}),
            ("NLGs", {"fields": ["governance_review_training_on"]}),
            ("Teaching Schools Council representatives", {"fields": ["council_seat", "council_region"]}),
        ]
        if obj is not None:
            fieldsets.append(("Record", {"fields": ["is_demo", "created_at", "updated_at"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Pausing and ending go through the buttons at the top, so that each asks for its date and reason.
        return [
            "role",
            "status_label",
            "paused_on",
            "pause_reason",
            "ended_on",
            "end_reason",
            "is_demo",
            "created_at",
            "updated_at",
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {"title": "Designate someone", **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        designation = self.get_object(request, unquote(object_id))
        links = []
        if designation is not None and self.has_change_permission(request, designation):
            today = timezone.localdate()
            links = [
                (change.title, reverse(f"admin:roles_designation_{change.name}", args=[designation.pk]))
                for change in DESIGNATION_CHANGES.values()
                if change.offered(designation, today)
            ]
        return super().change_view(
            request, object_id, form_url, {"designation_changes": links, **(extra_context or {})}
        )

    # The list

    @admin.display(description="held by", ordering="leader__last_name")
    def holder(self, obj):
        return obj.holder_name

    @admin.display(description="role", ordering="role__position")
    def role_name(self, obj):
        return obj.role.short_name

    @admin.display(description="school")
    def holder_school(self, obj):
        school = obj.leader.school if obj.leader_id else obj.school
        return f"{school.name} ({school.urn})" if school else ""

    @admin.display(description="designated by")
    def designated_by(self, obj):
        return obj.designated_by_name

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return status_tag(obj)

    # Actions on selected designations

    @admin.action(description="Renew selected designations", permissions=["change"])
    def renew_selected(self, request, queryset):
        return self._change_selected(request, queryset, DESIGNATION_CHANGES["renew"])

    @admin.action(description="Pause selected designations", permissions=["change"])
    def pause_selected(self, request, queryset):
        return self._change_selected(request, queryset, DESIGNATION_CHANGES["pause"])

    @admin.action(description="Resume selected designations", permissions=["change"])
    def resume_selected(self, request, queryset):
        return self._change_selected(request, queryset, DESIGNATION_CHANGES["resume"])

    @admin.action(description="End selected designations", permissions=["change"])
    def end_selected(self, request, queryset):
        return self._change_selected(request, queryset, DESIGNATION_CHANGES["end"])

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return designations_csv_response(queryset)

    def _change_selected(self, request, queryset, change: DesignationChange):
        designations = list(queryset.select_related("role", "leader", "school").order_by("pk")[: MAX_SELECTED + 1])
        if len(designations) > MAX_SELECTED:
            self.message_user(
                request, f"Choose {MAX_SELECTED} or fewer designations to {change.name} at once.", messages.ERROR
            )
            return None
        return self.form_action(
            request, designations, action_name=f"{change.name}_selected", **self._change_page(request, change)
        )

    def designation_change_view(self, request, object_id, change_name):
        """The Renew, Pause, Resume and End buttons on a designation's page."""
        return self.form_action_view(request, object_id, **self._change_page(request, DESIGNATION_CHANGES[change_name]))

    def _change_page(self, request, change: DesignationChange) -> dict:
        return {
            "form_class": change.form_class,
            "apply": lambda designations, data: self._apply_change(request, change, designations, data),
            "template": "admin/roles/designation/change_designations.html",
            "context": lambda designations: {
                "title": f"{change.title} {'designations' if len(designations) > 1 else 'designation'}",
                "change": change,
                "designations": designations,
                "rows": [(designation, status_tag(designation)) for designation in designations],
            },
        }

    def _apply_change(self, request, change: DesignationChange, designations, data) -> None:
        """Apply the service to each designation in turn: each succeeds or is refused on its own, with a reason."""
        done, refused = [], []
        note = f"{change.title} ({len(designations)} selected)" if len(designations) > 1 else change.title
        with acting_as(request.user, source="admin", note=note):
            for designation in designations:
                try:
                    change.apply(designation, data)
                except ValidationError as error:
                    refused.append((designation, " ".join(error.messages)))
                else:
                    done.append(designation)
        if done:
            names = ", ".join(str(designation) for designation in done[:10])
            more = f" and {len(done) - 10} more" if len(done) > 10 else ""
            plural = "designation" if len(done) == 1 else "designations"
            self.message_user(request, f"{change.done.capitalize()} {len(done)} {plural}: {names}{more}.")
        for designation, reason in refused[:20]:
            self.message_user(request, f"Not {change.done}: {designation}. {reason}", messages.ERROR)
        if len(refused) > 20:
            self.message_user(request, f"{len(refused) - 20} more were not {change.done}.", messages.ERROR)

    # Import and export

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        urls = [
            path("import/", wrap(self.import_view), name=f"{info}_import"),
            path("import/confirm/", wrap(self.import_confirm_view), name=f"{info}_import_confirm"),
            path("export/", wrap(self.export_view), name=f"{info}_export"),
        ]
        urls += [
            path(
                f"<path:object_id>/{name}/",
                wrap(self.designation_change_view),
                {"change_name": name},
                name=f"{info}_{name}",
            )
            for name in DESIGNATION_CHANGES
        ]
        return urls + super().get_urls()

    def export_view(self, request):
        """The changelist as it is filtered, searched and sorted, as CSV: the "Export this list" button."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            self.message_user(request, "The list's filters could not be read: choose them again.", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:roles_designation_changelist"))
        return designations_csv_response(changelist.queryset)

    def import_view(self, request):
        """Upload a CSV file and see a dry run of it: every row, with its problems. Nothing is saved here."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report, token = None, None
        if request.method == "POST":
            form = DesignationImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["csv_file"]
                filename = os.path.basename(upload.name)[:100]
                content = upload.read(MAX_FILE_BYTES + 1)
                report = designations_import(content=content, filename=filename, user=request.user, dry_run=True)
                request.session.pop(IMPORT_SESSION_KEY, None)
                if report.can_import:
                    # Kept until the curator confirms: the file was checked for size and encoding above.
                    token = secrets.token_urlsafe(16)
                    request.session[IMPORT_SESSION_KEY] = {
                        "token": token,
                        "filename": filename,
                        "content": content.decode("utf-8-sig"),
                    }
        else:
            form = DesignationImportForm()
        return self._import_page(request, form, report, token)

    def import_confirm_view(self, request):
        """Import the checked file: every row in one transaction, or none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        import_url = reverse("admin:roles_designation_import")
        if request.method != "POST":
            return HttpResponseRedirect(import_url)
        pending = request.session.pop(IMPORT_SESSION_KEY, None)
        if not pending or not constant_time_compare(pending["token"], request.POST.get("token", "")):
            self.message_user(
                request, "There is no checked file waiting to be imported: upload the file again.", messages.ERROR
            )
            return HttpResponseRedirect(import_url)
        report = designations_import(
            content=pending["content"], filename=pending["filename"], user=request.user, dry_run=False
        )
        if report.imported:
            plural = "designation" if len(report.rows) == 1 else "designations"
            self.message_user(request, f"Imported {len(report.rows)} {plural} from {report.filename}.")
            return HttpResponseRedirect(reverse("admin:roles_designation_changelist"))
        self.message_user(
            request,
            "Nothing was imported: the records changed after the check. Correct the file and upload it again.",
            messages.ERROR,
        )
        return self._import_page(request, DesignationImportForm(), report, None)

    def _import_page(self, request, form, report, token):
        context = {
            **self.admin_site.each_context(request),
            "title": "Import designations from CSV",
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "report": report,
            "token": token,
            "columns": COLUMNS,
            "max_rows": MAX_ROWS,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/roles/designation/import.html", context)


class AlliancePartnershipInline(admin.TabularInline):
    model = AlliancePartnership
    autocomplete_fields = ["school"]
    extra = 0


@admin.register(TeachingSchoolAlliance)
class TeachingSchoolAllianceAdmin(VersionCheckedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "teaching_school", "is_demo"]
    list_filter = ["is_demo"]
    list_select_related = ["teaching_school"]
    search_fields = ["name", "teaching_school__name", "=teaching_school__urn"]
    autocomplete_fields = ["teaching_school"]
    inlines = [AlliancePartnershipInline]

    def has_delete_permission(self, request, obj=None):
        return False
