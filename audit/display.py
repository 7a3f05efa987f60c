"""The history in words: "Leader: Hannah Carter (Oakfield Primary School)", not "leader: 2583".

The change records keep raw values (a related object's primary key, a choice's stored value, a date in ISO form), so
that they stay exact whatever is renamed later. They are put into words when shown: each field by its verbose name,
a related object by its str() (fetched in one query per related model for the whole page), a choice by its label,
True/False as Yes/No, a date as "5 February 2024" and an amount in pence as pounds.
"""

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from core.dates import long_date
from core.money import pounds

from .recording import NOT_COPIED

EMPTY = "–"


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(field, name: str) -> str:
    if field is None:
        return capfirst(name.replace("_", " "))
    label = str(field.verbose_name)
    if name.endswith("_pence"):
        label = label.replace(" (pence)", "")
    return capfirst(label)


def _words(field, name: str, value, related: dict) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if value == NOT_COPIED:
        return value
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is None:
        return str(value)
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return related.get((field.related_model, value), f"{value} (no longer exists)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return "Yes" if value else "No"
    if internal == "DateField":
        try:
            day = datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        return long_date(day)
    if internal == "DateTimeField":
        try:
            return f"{datetime.datetime.fromisoformat(value):%-d %B %Y %H:%M}"
        except (TypeError, ValueError):
            return str(value)
    if name.endswith("_pence"):
        try:
            return pounds(int(Decimal(value)), with_pence=True)
        except (InvalidOperation, TypeError, ValueError):
            return str(value)
    return str(value)


def readable_history(records) -> list:
    """The records, each with .lines: [(label, before, after)] in words, in the order the fields were recorded."""
    records = list(records)
    wanted: dict = defaultdict(set)
    for record in records:
        model = record.content_type.model_class()
        for name, values in record.changes.items():
            field = _field(model, name)
            if field is not None and field.is_relation and (field.many_to_one or field.one_to_one):
                wanted[field.related_model].update(value for value in values if value not in (None, ""))
    related = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            related[(model, obj.pk)] = str(obj)
    for record in records:
        model = record.content_type.model_class()
        record.lines = []
        for name, values in record.changes.items():
            field = _field(model, name)
            before, after = (list(values) + [None, None])[:2] if isinstance(values, list) else (None, values)
            record.lines.append(
                (_label(field, name), _words(field, name, before, related), _words(field, name, after, related))
            )
    return records
