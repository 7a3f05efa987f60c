from django.contrib import admin

from .models import TeachingSchoolMembership


@admin.register(TeachingSchoolMembership)
class TeachingSchoolMembershipAdmin(admin.ModelAdmin):
    """Curators let a user manage one teaching school's SLEs in the portal. The model's clean() checks the school
    is a designated teaching school."""

    list_display = ["user", "school", "created_at"]
    list_select_related = ["user", "school"]
    search_fields = ["user__username", "user__email", "school__name", "=school__urn"]
    autocomplete_fields = ["user", "school"]
    readonly_fields = ["created_at"]
