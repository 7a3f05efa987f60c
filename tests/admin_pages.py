"""Reading the admin's pages in tests as a browser would."""

from django.forms import CheckboxInput


def form_data(response) -> dict:
    """What a browser would post back from an admin change page: every field as shown (hidden ones too), every
    inline as shown."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    data["_save"] = "Save"
    return data
