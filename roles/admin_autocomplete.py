"""Autocomplete choices that tell people apart: the demo data alone has 1,623 names shared by two or more people.

Every choice of a system leader or a designation reads "Hannah Carter, Oakfield Primary School (Leeds), current
roles: SLE, LLE". The admin's autocomplete answers with each object's str(); this view asks the model admin for
autocomplete_result(obj) instead when it has one, which may also add fields (a designation's role, for the deployment
form's kind filter). The querysets below load what the labels need in a fixed number of queries per page.
"""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Prefetch
from django.urls import reverse

from roles.models import Designation, SystemLeader


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        describe = getattr(self.model_admin, "autocomplete_result", None)
        return {**result, **describe(obj)} if describe is not None else result


def use_labelled_autocomplete(site) -> None:
    """Make the site's autocomplete URL answer with LabelledAutocompleteJsonView. Call before the URLs are read."""
    site.autocomplete_view = lambda request: LabelledAutocompleteJsonView.as_view(admin_site=site)(request)


def is_autocomplete(request) -> bool:
    return request.path == reverse("admin:autocomplete")


def _current_designations() -> Prefetch:
    return Prefetch(
        "designations",
        queryset=Designation.objects.current().select_related("role").order_by("role__position"),
        to_attr="current_designations",
    )


def leaders_for_choices(leaders):
    return leaders.select_related("school__local_authority").prefetch_related(_current_designations())


def designations_for_choices(designations):
    return designations.select_related("role", "school__local_authority").prefetch_related(
        Prefetch("leader", queryset=leaders_for_choices(SystemLeader.objects.all()))
    )


def _place(school) -> str:
    if school is None:
        return "no school recorded"
    return f"{school.name} ({school.local_authority})" if school.local_authority_id else school.name


def leader_label(leader: SystemLeader) -> str:
    """Hannah Carter, Oakfield Primary School (Leeds), current roles: SLE, LLE"""
    current = getattr(leader, "current_designations", None)
    if current is None:
        current = list(leader.designations.current().select_related("role").order_by("role__position"))
    roles = ", ".join(designation.role.short_name for designation in current) or "none"
    return f"{leader.full_name}, {_place(leader.school)}, current roles: {roles}"


def designation_label(designation: Designation) -> str:
    """SLE: Hannah Carter, Oakfield Primary School (Leeds), current roles: SLE, LLE; "SLE (ended): ..." for one not in
    force today; for a role a school holds, "Teaching school: Oakfield Primary School (Leeds)"."""
    status = getattr(designation, "status", None) or designation.status_on()
    role = designation.role.short_name
    if status not in (Designation.Status.CURRENT, Designation.Status.REVIEW_DUE):
        role = f"{role} ({Designation.Status(status).label.lower()})"
    if designation.leader_id:
        return f"{role}: {leader_label(designation.leader)}"
    return f"{role}: {_place(designation.school)}"
