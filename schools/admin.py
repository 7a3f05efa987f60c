"""The admin for places and schools: read-only, because the loaders (manage.py load_reference_data) own these rows
and would overwrite any change on their next run. Foreign keys use autocomplete, so no page lists a whole table."""

from django.contrib import admin

from core.admin_read_only import ReadOnlyAdmin

from .models import HubAreaDistrict, LocalAuthority, Region, School, TeachingSchoolHubArea


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ReadOnlyAdmin):
    list_display = ["name", "dfe_code", "gss_code", "region", "terminated_on"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "=dfe_code", "=gss_code"]
    autocomplete_fields = ["region"]


class HubAreaDistrictInline(admin.TabularInline):
    model = HubAreaDistrict
    fields = ["position", "name", "local_authority"]
    autocomplete_fields = ["local_authority"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TeachingSchoolHubArea)
class TeachingSchoolHubAreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "hub_name", "region", "lead_school_urn", "lead_school"]
    list_filter = ["region"]
    list_select_related = ["region", "lead_school"]
    search_fields = ["code", "hub_name", "=lead_school_urn"]
    autocomplete_fields = ["region", "lead_school"]
    inlines = [HubAreaDistrictInline]


@admin.register(HubAreaDistrict)
class HubAreaDistrictAdmin(ReadOnlyAdmin):
    list_display = ["name", "hub_area", "position", "local_authority"]
    list_filter = ["hub_area__region"]
    list_select_related = ["hub_area", "local_authority"]
    search_fields = ["name", "hub_area__code", "local_authority__name"]
    autocomplete_fields = ["hub_area", "local_authority"]


@admin.register(School)
class SchoolAdmin(ReadOnlyAdmin):
    list_display = ["urn", "name", "local_authority", "phase", "ofsted_rating", "later_status", "postcode"]
    list_filter = ["region", "phase", "ofsted_rating", "gias_status", "later_status"]
    list_select_related = ["local_authority"]
    search_fields = ["=urn", "name", "postcode"]
    autocomplete_fields = ["local_authority", "region", "hub_area"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["urn", "name", "phase", "establishment_type", "establishment_type_group"]}),
        ("Place", {"fields": ["local_authority", "region", "district_name", "hub_area", "easting", "northing"]}),
        (
            "Contact",
            {"fields": ["street", "locality", "address3", "town", "county", "postcode", "website", "telephone"]},
        ),
        (
            "Status",
            {
                "fields": [
                    "gias_status",
                    "opened_on",
                    "closed_on",
                    "statutory_low_age",
                    "statutory_high_age",
                    "ofsted_rating",
                    "ofsted_inspected_on",
                    "later_status",
                    "successor_urn",
                    "successor_name",
                ]
            },
        ),
    ]
