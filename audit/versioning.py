"""A version number on the records curators edit, so that a form opened before someone else's save can be refused.

Every save of a Versioned model after the first adds one to its version, whatever saves it (the admin, a service, a
portal page), also when the save names update_fields. The admin's forms carry the version they were opened with
(audit.admin_concurrency) and compare it, under a row lock, with the version in the database when they are saved.
Services that change only a record's children (a deployment's review stages, say) save the parent too, so that its
version moves. The history does not record the version: it says nothing a person needs.
"""

from django.db import models


class VersionField(models.PositiveIntegerField):
    """How many times the row has been saved. Not recorded in the history (audit.recording skips it)."""


class Versioned(models.Model):
    version = VersionField(default=1, editable=False, help_text="Goes up by one with every save.")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or update_fields):
            self.version += 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
