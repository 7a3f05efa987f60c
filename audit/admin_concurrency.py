"""Refuse an admin save made from a stale form, instead of silently undoing someone else's change.

The change form of a Versioned model (audit.versioning) carries, in a hidden field, the version the record had when
the curator opened it. The admin validates and saves a change form inside one transaction; validation reads the
record's version again under a row lock (SELECT ... FOR UPDATE) and, if it has moved, refuses the form with a
message saying when the other change was made. Nothing is saved, inlines included, and the curator's own values
stay on the page. A second curator saving at the same moment waits for the first one's lock, then sees the new
version and is refused. A form posted without the hidden field (a client that is not the admin's page) is not
checked.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from .models import ChangeRecord

OPENED_VERSION = "opened_version"


def stale_form_message(model, pk) -> str:
    """Someone else changed this designation at 14:32 after you opened it. …: the time of the record's last save, or
    of its last recorded change for a model that does not keep one."""
    changed_at = None
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        changed_at = model._base_manager.filter(pk=pk).values_list("updated_at", flat=True).first()
    if changed_at is None:
        changed_at = ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        ).aggregate(last=Max("at"))["last"]
    when = ""
    if changed_at is not None:
        local = timezone.localtime(changed_at)
        when = f" at {local:%H:%M}"
        if local.date() != timezone.localdate():
            when += f" on {local.day} {local:%B %Y}"
    return (
        f"Someone else changed this {model._meta.verbose_name}{when} after you opened it. "
        "Your changes were not saved. Reload to see theirs."
    )


class VersionCheckedForm(forms.ModelForm):
    """The base the mixin puts under an admin's change form: the opened version, checked when the form is cleaned."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial[OPENED_VERSION] = self.instance.version

    def clean(self):
        # Checked first: a stale form is refused whatever else is wrong with it, and nothing else is checked.
        opened = self.cleaned_data.get(OPENED_VERSION)
        if opened is not None and self.instance.pk is not None:
            current = self._meta.model._base_manager.filter(pk=self.instance.pk)
            if connection.in_atomic_block:
                current = current.select_for_update()
            if current.values_list("version", flat=True).first() != opened:
                raise forms.ValidationError(stale_form_message(self._meta.model, self.instance.pk), code="stale")
        return super().clean()


class VersionCheckedAdminMixin:
    """For the admin of a Versioned model: its change form is refused if the record changed after it was opened.

    Put it first among an admin's bases. Works with an admin that chooses its form in get_form (kwargs["form"])."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change=change, **kwargs)
        form = kwargs.get("form", self.form)
        if not issubclass(form, VersionCheckedForm):
            form = type(form.__name__, (VersionCheckedForm, form), {"__module__": form.__module__})
        kwargs["form"] = form
        return super().get_form(request, obj, change=change, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        shown = change and adminform is not None and OPENED_VERSION in adminform.form.fields
        if shown and self.has_change_permission(request, obj):
            # The hidden input goes in the first fieldset, where the admin renders it as an invisible row.
            (name, options), *rest = adminform.fieldsets
            fields = [*options.get("fields", []), OPENED_VERSION]
            adminform.fieldsets = [(name, {**options, "fields": fields}), *rest]
        return super().render_change_form(request, context, add, change, form_url, obj)
