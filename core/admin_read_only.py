from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page to look at rows, never to add, change or delete them: rows written by migrations, loaders,
    the service's own pages or the history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
