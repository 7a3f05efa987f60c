"""Records every save and delete of a registered model, with the fields that changed, as a ChangeRecord.

Register a model with `audit.recording.register(Model, m2m=["specialisms"])` in its app's ready(). Writes that
bypass model saves send no signals, so the services record them here: rows made by bulk_create with
`record_bulk_created(rows)`, and a QuerySet.update of registered rows is written `update_recorded(queryset, **values)`.
Left out on purpose: the enquiries' delivery bookkeeping (claims, attempt counts, delivery states and link hashes, in
matching.enquiries), which says nothing a curator needs from the history and is shown on the enquiry itself."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .context import current_actor
from .models import ChangeRecord
from .versioning import VersionField

_registered: set = set()
# Per model, fields whose values are personal data kept on the record itself: the history notes that they were set or
# changed, not what they say.
_private: dict = {}
NOT_COPIED = "(not copied into the history)"


def _value(instance, field):
    value = getattr(instance, field.attname)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _snapshot(instance) -> dict:
    private = _private.get(type(instance), ())
    snapshot = {
        field.name: _value(instance, field)
        for field in instance._meta.concrete_fields
        if not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and not isinstance(field, VersionField)
    }
    for name in private:
        if snapshot.get(name) not in (None, ""):
            snapshot[name] = NOT_COPIED
    return snapshot


def _write(instance, action, changes):
    actor = current_actor()
    if not actor.record:
        return
    ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        action=action,
        changes=changes,
        user_id=actor.user_id,
        source=actor.source,
        note=actor.note[:200],
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = None
    if instance.pk is not None:
        previous = sender._base_manager.filter(pk=instance.pk).first()
        before = _snapshot(previous) if previous is not None else None
    instance._audit_before = before


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = _snapshot(instance)
    if created or before is None:
        _write(instance, ChangeRecord.Action.CREATED, {name: [None, value] for name, value in after.items()})
        return
    changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    if changes:
        _write(instance, ChangeRecord.Action.CHANGED, changes)


def _post_delete(sender, instance, **kwargs):
    _write(instance, ChangeRecord.Action.DELETED, {name: [value, None] for name, value in _snapshot(instance).items()})


def _m2m_receiver(field_name):
    def receiver(sender, instance, action, pk_set, model, **kwargs):
        if type(instance) not in _registered or action not in {"post_add", "post_remove", "pre_clear"}:
            return
        if action == "pre_clear":
            pk_set = set(getattr(instance, field_name).values_list("pk", flat=True))
        if not pk_set:
            return
        names = sorted(str(obj) for obj in model._default_manager.filter(pk__in=pk_set))
        before, after = (None, names) if action == "post_add" else (names, None)
        _write(
            instance, ChangeRecord.Action.CHANGED, {f"{field_name} {'added' if after else 'removed'}": [before, after]}
        )

    return receiver


def register(model, *, m2m: tuple[str, ...] = (), private: tuple[str, ...] = ()):
    if model in _registered:
        return
    _registered.add(model)
    if private:
        _private[model] = tuple(private)
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=f"{uid}-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=f"{uid}-post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=f"{uid}-delete")
    for field_name in m2m:
        through = getattr(model, field_name).through
        m2m_changed.connect(_m2m_receiver(field_name), sender=through, dispatch_uid=f"{uid}-{field_name}", weak=False)


def history_for(instance):
    return ChangeRecord.objects.for_object(instance).select_related("user")


def record_bulk_created(instances, *, m2m_added: dict | None = None) -> None:
    """Record rows saved by bulk_create (which sends no signals) as their saves would have been: "created" with every
    field, then, per many-to-many field, what was added: m2m_added = {instance: {"specialisms": [objects]}}.
    One query for all of them."""
    actor = current_actor()
    if not actor.record:
        return
    records = []
    for instance in instances:
        if type(instance) not in _registered:
            continue
        content_type = ContentType.objects.get_for_model(type(instance))
        common = {"content_type": content_type, "object_id": str(instance.pk), "object_repr": str(instance)[:200]}
        actor_fields = {"user_id": actor.user_id, "source": actor.source, "note": actor.note[:200]}
        changes = {name: [None, value] for name, value in _snapshot(instance).items()}
        records.append(ChangeRecord(**common, **actor_fields, action=ChangeRecord.Action.CREATED, changes=changes))
        for field_name, added in ((m2m_added or {}).get(instance) or {}).items():
            if added:
                names = sorted(str(obj) for obj in added)
                records.append(
                    ChangeRecord(
                        **common,
                        **actor_fields,
                        action=ChangeRecord.Action.CHANGED,
                        changes={f"{field_name} added": [None, names]},
                    )
                )
    ChangeRecord.objects.bulk_create(records)


def update_recorded(queryset, **values) -> int:
    """queryset.update(**values), with a "changed" record for each row that changed: the rows are read (locked on
    PostgreSQL) before and after, in the same transaction. Returns how many rows were updated."""
    model = queryset.model
    with transaction.atomic():
        locked = queryset.select_for_update() if connection.features.has_select_for_update else queryset
        before = {row.pk: _snapshot(row) for row in locked}
        if not before:
            return 0
        rows = model._base_manager.filter(pk__in=before)
        count = rows.update(**values)
        actor = current_actor()
        if model not in _registered or not actor.record:
            return count
        content_type = ContentType.objects.get_for_model(model)
        records = []
        for row in rows:
            was = before[row.pk]
            changes = {name: [was.get(name), value] for name, value in _snapshot(row).items() if was.get(name) != value}
            if changes:
                records.append(
                    ChangeRecord(
                        content_type=content_type,
                        object_id=str(row.pk),
                        object_repr=str(row)[:200],
                        action=ChangeRecord.Action.CHANGED,
                        changes=changes,
                        user_id=actor.user_id,
                        source=actor.source,
                        note=actor.note[:200],
                    )
                )
        ChangeRecord.objects.bulk_create(records)
    return count
