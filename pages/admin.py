from django.contrib import admin

from core.admin_read_only import ReadOnlyAdmin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
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
