"""Admin actions that ask for their details (a date, a reason, an outcome) on a page of their own before they act."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse


class FormActionMixin:
    """For a ModelAdmin whose actions ask for details first: from the list, on the selected rows (form_action()), or
    from a button on one row's page (form_action_view()). Both show the same page: the rows and the form.

    Each takes the form's class (and form_kwargs), apply(objects, cleaned_data) that acts once the form is valid, the
    page's template and context(objects), the page's own context (its title at least). From the list, the page
    posts back to the list with the action's name, the selected rows and "apply", as Django's own "delete selected"
    confirmation does; from a row's page it posts to itself. The template has `objects`, `form`, `action_name` (None
    on a row's own page) and `action_checkbox_name`, the name of the selected rows' hidden fields.
    """

    def form_action(self, request, objects, *, action_name, form_class, apply, template, context, form_kwargs=None):
        """The action on the list: its page, then, once the form is valid, apply and back to the list."""
        form = form_class(request.POST if "apply" in request.POST else None, **(form_kwargs or {}))
        if form.is_bound and form.is_valid():
            apply(objects, form.cleaned_data)
            return None
        return self.form_action_page(request, objects, form, action_name, template, context)

    def form_action_view(self, request, object_id, *, form_class, apply, template, context, form_kwargs=None):
        """The same for one row, from a button on its page: back to that page once applied."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = form_class(request.POST if request.method == "POST" else None, **(form_kwargs or {}))
        if form.is_bound and form.is_valid():
            apply([obj], form.cleaned_data)
            change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            return HttpResponseRedirect(change_url)
        return self.form_action_page(request, [obj], form, None, template, context)

    def form_action_page(self, request, objects, form, action_name, template, context):
        page = {
            **self.admin_site.each_context(request),
            "subtitle": None,
            "opts": self.opts,
            "objects": objects,
            "form": form,
            "media": self.media + form.media,
            "action_name": action_name,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **context(objects),
        }
        return TemplateResponse(request, template, page)
