"""The "DfE curator" group may read the service's feedback: a frozen copy of
roles.curators.CURATOR_PERMISSIONS["pages"] (tests/roles/test_admin_curators.py checks the two agree)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "DfE curator"
CODENAMES = ["view_feedback"]


def grant(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Django makes permissions after `migrate` (post_migrate); the group needs them now.
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=alias, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(alias).get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.using(alias).filter(content_type__app_label="pages", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(alias).filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.using(alias).filter(content_type__app_label="pages", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_feedback"),
        ("roles", "0005_curator_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
