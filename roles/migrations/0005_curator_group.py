"""The "DfE curator" group, with exactly the permissions DfE staff need to curate in the admin.

A frozen copy of roles.curators.CURATOR_PERMISSIONS: when that list changes, add a migration (or run
`manage.py setup_curator_group`); tests/roles/test_admin_curators.py checks the two agree."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "DfE curator"
VIEW = ("view",)
CURATE = ("view", "add", "change")
PERMISSIONS = {
    "roles": {
        "systemleader": CURATE,
        "designation": CURATE,
        "teachingschoolalliance": CURATE,
        "alliancepartnership": CURATE,
        "role": VIEW,
        "focusarea": VIEW,
        "specialism": VIEW,
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
    },
    "postcodes": {"postcode": VIEW, "outwardcode": VIEW, "postcodeareafile": VIEW},
    "audit": {"changerecord": VIEW},
}


def create_group(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Django makes permissions after `migrate` (post_migrate); this group needs them now.
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=alias, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = [
        Permission.objects.using(alias).get(content_type__app_label=app_label, codename=f"{action}_{model}")
        for app_label, models in PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    group, _ = Group.objects.using(alias).get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0004_designation_pause_reason_designation_paused_on_and_more"),
        ("deployments", "0003_deployment_deploymentleader_deployment_designations_and_more"),
        ("schools", "0001_initial"),
        ("postcodes", "0001_initial"),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
