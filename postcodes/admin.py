"""Postcodes are reference data kept by `manage.py load_postcodes`: the admin only shows them."""

from django.contrib import admin

from core.admin_read_only import ReadOnlyAdmin

from .lookup import InvalidPostcode, normalise_postcode
from .models import OutwardCode, Postcode, PostcodeAreaFile


class PostcodeSearchMixin:
    """Search by postcode however it is typed: "ls11az" finds LS1 1AZ, "LS6" lists that outward code's postcodes."""

    def get_search_results(self, request, queryset, search_term):
        try:
            postcode = normalise_postcode(search_term)
        except InvalidPostcode:
            # The start of a postcode ("LS1 1"), kept whole rather than split into words.
            return queryset.filter(pk__startswith=" ".join(search_term.upper().split())), False
        if " " in postcode or queryset.model is OutwardCode:
            return queryset.filter(pk=postcode), False
        return queryset.filter(pk__startswith=f"{postcode} "), False


@admin.register(Postcode)
class PostcodeAdmin(PostcodeSearchMixin, ReadOnlyAdmin):
    list_display = ["postcode", "easting", "northing", "positional_quality"]
    list_filter = ["positional_quality"]
    search_fields = ["^postcode"]
    search_help_text = "A postcode (LS1 1AZ) or outward code (LS6)."


@admin.register(OutwardCode)
class OutwardCodeAdmin(PostcodeSearchMixin, ReadOnlyAdmin):
    list_display = ["code", "easting", "northing", "postcode_count"]
    search_fields = ["^code"]
    search_help_text = "An outward code (LS6)."


@admin.register(PostcodeAreaFile)
class PostcodeAreaFileAdmin(ReadOnlyAdmin):
    list_display = ["area", "row_count", "loaded_at", "sha256"]
    search_fields = ["area"]
