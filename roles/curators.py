"""The "DfE curator" group: DfE staff who curate designations, deployments and negotiation records in the admin,
and match schools with support (capacity, improvement-offer flags, enquiries).

They may look at the reference data and the history of changes, and add and change the records they curate;
they may delete nothing (designations are ended, not deleted). migrations/0005_curator_group.py creates the group
with a frozen copy of this list, and matching/migrations/0002_curator_permissions.py and
pages/migrations/0002_curator_permissions.py add the matching app's and the service feedback's, and
portal/migrations/0005_curator_permissions.py the portal invitations and memberships;
`manage.py setup_curator_group` brings an existing group back in step with it.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

CURATOR_GROUP_NAME = "DfE curator"

VIEW = ("view",)
CURATE = ("view", "add", "change")
# Enquiries are read-only; "change" on a recipient lets a curator try sending again and record its response.
RESEND = ("view", "change")

# app label -> model name -> actions
CURATOR_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "roles": {
        "systemleader": CURATE,
        "designation": CURATE,
        "teachingschoolalliance": CURATE,
        "alliancepartnership": CURATE,
        "role": VIEW,
        "focusarea": VIEW,
        "specialism": VIEW,
        "capacity": CURATE,  # leaders' days free this term
        # Teaching school staff in the portal: remove their access ("change": the only change the membership admin
        # allows). Nothing on users themselves.
        "teachingschoolmembership": RESEND,
    },
    "deployments": {
        "deployment": CURATE,
        "deploymentleader": CURATE,
        "negotiationrecord": CURATE,
        "pupilpremiumreviewstage": CURATE,
        "deploymentkind": VIEW,
    },
    "schools": {
        "region": VIEW,
        "localauthority": VIEW,
        "teachingschoolhubarea": VIEW,
        "hubareadistrict": VIEW,
        "school": VIEW,
        "supportflag": CURATE,  # schools flagged for DfE's improvement offer
    },
    "postcodes": {"postcode": VIEW, "outwardcode": VIEW, "postcodeareafile": VIEW},
    "audit": {"changerecord": VIEW},
    "matching": {
        "enquiry": RESEND,
        "enquiryrecipient": RESEND,
        "dfematchrequest": VIEW,  # schools' requests for a DfE match: read; a match closes them
    },
    "pages": {"feedback": VIEW},  # feedback on the service, read only
    # Teaching school staff in the portal: invite by email ("change": withdraw an unused invitation).
    "portal": {"invitation": CURATE},
}


def curator_permission_names() -> set[str]:
    """The group's permissions as "app_label.codename", e.g. "roles.change_designation"."""
    return {
        f"{app_label}.{action}_{model}"
        for app_label, models in CURATOR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    }


@transaction.atomic
def curator_group_setup() -> tuple[Group, set[str], set[str]]:
    """Create the group or bring it in step with CURATOR_PERMISSIONS. Returns it, with what was added and removed."""
    for app_label in CURATOR_PERMISSIONS:
        # Permissions are made after `migrate`; make sure they exist even if this runs first.
        create_permissions(global_apps.get_app_config(app_label), verbosity=0)
    wanted = curator_permission_names()
    permissions = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in=CURATOR_PERMISSIONS
        )
        if f"{permission.content_type.app_label}.{permission.codename}" in wanted
    }
    missing = wanted - permissions.keys()
    if missing:
        raise LookupError(f"These permissions do not exist: {', '.join(sorted(missing))}")
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP_NAME)
    before = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
    }
    group.permissions.set(permissions.values())
    return group, wanted - before, before - wanted
