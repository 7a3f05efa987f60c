"""The "DfE curator" group may view schools' requests for a DfE match (read-only; a match closes them): a frozen copy
of roles.curators.CURATOR_PERMISSIONS["matching"]["dfematchrequest"]."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "DfE curator"
CODENAMES = ["view_dfematchrequest"]


def _permissions(apps, alias):
    app_config = apps.get_app_config("matching")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=alias, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.using(alias).filter(content_type__app_label="matching", codename__in=CODENAMES)


def grant(apps, schema_editor):
    alias = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.using(alias).get_or_create(name=GROUP_NAME)
    group.permissions.add(*_permissions(apps, alias))


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(alias).filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, alias))


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0007_dfe_match_request"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
