"""The "DfE curator" group: made by a migration, kept in step by a command, with exactly the permissions it needs."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from roles.curators import CURATOR_GROUP_NAME, curator_permission_names
from tests.roles.factories import CuratorFactory

pytestmark = pytest.mark.django_db

CURATOR_PERMISSIONS = {
    # Curated: look, add and change, never delete.
    *(
        f"{app}.{action}_{model}"
        for app, model in [
            ("roles", "systemleader"),
            ("roles", "designation"),
            ("roles", "teachingschoolalliance"),
            ("roles", "alliancepartnership"),
            ("deployments", "deployment"),
            ("deployments", "deploymentleader"),
            ("deployments", "negotiationrecord"),
            ("deployments", "pupilpremiumreviewstage"),
            ("roles", "capacity"),
            ("schools", "supportflag"),
            ("portal", "invitation"),  # change: withdraw one not yet used
        ]
        for action in ("view", "add", "change")
    ),
    # Reference data and history: look only.
    "roles.view_role",
    "roles.view_focusarea",
    "roles.view_specialism",
    "deployments.view_deploymentkind",
    "schools.view_region",
    "schools.view_localauthority",
    "schools.view_teachingschoolhubarea",
    "schools.view_hubareadistrict",
    "schools.view_school",
    "postcodes.view_postcode",
    "postcodes.view_outwardcode",
    "postcodes.view_postcodeareafile",
    "audit.view_changerecord",
    # Enquiries: look, and "Try sending again" (the enquiry itself is read-only in the admin).
    "matching.view_enquiry",
    "matching.change_enquiry",
    # Enquiry recipients: "Try sending again", record a response, start a deployment from an agreed enquiry.
    "matching.view_enquiryrecipient",
    "matching.change_enquiryrecipient",
    # Schools' requests for a DfE match: look only (a match from the improvement offer closes them).
    "matching.view_dfematchrequest",
    # Feedback on the service: look only.
    "pages.view_feedback",
    # Portal members: look, and remove their access (the membership admin changes nothing else).
    "roles.view_teachingschoolmembership",
    "roles.change_teachingschoolmembership",
}


def group_permissions() -> set[str]:
    group = Group.objects.get(name=CURATOR_GROUP_NAME)
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_migration_made_the_group_with_exactly_its_permissions():
    assert group_permissions() == CURATOR_PERMISSIONS


def test_the_list_in_code_matches_the_migration():
    assert curator_permission_names() == CURATOR_PERMISSIONS


def test_the_group_can_delete_nothing():
    assert not any(".delete_" in name for name in group_permissions())


def test_the_command_restores_the_group_and_can_be_run_again():
    group = Group.objects.get(name=CURATOR_GROUP_NAME)
    group.permissions.remove(Permission.objects.get(codename="change_designation"))
    group.permissions.add(Permission.objects.get(codename="delete_designation"))

    out = StringIO()
    call_command("setup_curator_group", stdout=out)
    assert group_permissions() == CURATOR_PERMISSIONS
    assert "1 added, 1 removed" in out.getvalue()

    out = StringIO()
    call_command("setup_curator_group", stdout=out)
    assert group_permissions() == CURATOR_PERMISSIONS
    assert "0 added, 0 removed" in out.getvalue()
    assert Group.objects.filter(name=CURATOR_GROUP_NAME).count() == 1


def test_the_command_creates_the_group_when_it_is_missing():
    Group.objects.filter(name=CURATOR_GROUP_NAME).delete()
    call_command("setup_curator_group", stdout=StringIO())
    assert group_permissions() == CURATOR_PERMISSIONS


def test_a_curator_has_the_permissions_through_the_group():
    curator = CuratorFactory()
    assert curator.has_perm("roles.change_designation")
    assert curator.has_perm("deployments.add_negotiationrecord")
    assert not curator.has_perm("roles.delete_designation")
    assert not curator.has_perm("auth.view_user")


def test_a_curator_cannot_manage_users(client):
    client.force_login(CuratorFactory())
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:schools_school_add")).status_code == 403
