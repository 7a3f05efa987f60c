"""The "DfE curator" group's permissions on the portal: a frozen copy of
roles.curators.CURATOR_PERMISSIONS["portal"] (tests/roles/test_admin_curators.py checks the two agree)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "DfE curator"
PERMISSIONS = {
    "invitation": ("view", "add", "change"),  # change: withdraw an invitation not yet used
    "teachingschoolmembership": ("view", "change"),  # change: remove a person's access, nothing else
}


def codenames():
    return [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]


def grant(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Django makes permissions after `migrate` (post_migrate); the group needs them now.
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=alias, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(alias).get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.using(alias).filter(content_type__app_label="portal", codename__in=codenames())
    )


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(alias).filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.using(alias).filter(content_type__app_label="portal", codename__in=codenames())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_invitations_and_access_removal"),
        ("roles", "0005_curator_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
