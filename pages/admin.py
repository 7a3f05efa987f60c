from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Feedback from the service's feedback page: read only, for curators to look through."""

    list_display = ["created_at", "satisfaction", "comments_start"]
    list_filter = ["satisfaction", "created_at"]
    search_fields = ["comments"]
    date_hierarchy = "created_at"
    fields = ["created_at", "satisfaction", "comments"]
    readonly_fields = fields

    @admin.display(description="How we could improve it")
    def comments_start(self, feedback):
        return feedback.comments[:100] + ("…" if len(feedback.comments) > 100 else "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
