from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.html import format_html_join

from core.admin_read_only import ReadOnlyAdmin

from .display import readable_history
from .models import ChangeRecord
from .recording import history_for


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    """The history of changes, read-only: nobody can add, edit or delete a record of what happened."""

    list_display = ["at", "object_repr", "content_type", "action", "user", "source", "note"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_repr", "object_id", "user__username", "note"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "at"
    readonly_fields = [*(field.name for field in ChangeRecord._meta.fields if field.name != "changes"), "what_changed"]

    @admin.display(description="what changed")
    def what_changed(self, obj):
        [record] = readable_history([obj])
        return format_html_join(
            "\n",
            "<p><strong>{}</strong>: {} → {}</p>",
            ((label, before, after) for label, before, after in record.lines),
        )


class AuditedAdminMixin:
    """Shows an object's change records (who, when, what changed, through what) on its admin "History" page."""

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "records": history_for(obj),
            **(extra_context or {}),
        }
        records = context["records"]
        if hasattr(records, "select_related"):
            records = records.select_related("content_type")
        context["records"] = readable_history(records)
        return TemplateResponse(request, "admin/audit/object_history.html", context)
