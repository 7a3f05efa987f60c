"""An append-only history of changes to the records that matter: who, when, through what, and what changed.

Append-only twice over: the model and its QuerySet refuse to change or delete a record, and the database refuses too
(migration 0002: a trigger on PostgreSQL refuses UPDATE and DELETE, one on SQLite refuses UPDATE). SQLite keeps
DELETE because Django empties its tables with DELETE between tests run in real transactions; PostgreSQL empties
them with TRUNCATE, which row triggers do not see. Nothing in the service deletes a record: the user and content
type they point to are protected."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models
from django.db.models import Q

PERMANENT = "Change records are never changed or deleted."


class ChangeAction(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"


class ChangeRecordQuerySet(models.QuerySet):
    def for_object(self, instance):
        return self.filter(content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk))

    def update(self, **kwargs):
        raise IntegrityError(PERMANENT)

    def delete(self):
        raise IntegrityError(PERMANENT)


class ChangeRecord(models.Model):
    Action = ChangeAction

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    # {"field": [before, after]}; for "created", before is null.
    changes = models.JSONField(default=dict)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    source = models.CharField(max_length=30, help_text="admin, portal, import, command, system…")
    note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="change_record_object")]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=ChangeAction.values), name="change_record_action_valid"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise IntegrityError(PERMANENT)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise IntegrityError(PERMANENT)
