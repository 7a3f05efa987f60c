from django.db import migrations


def load(apps, schema_editor):
    from roles.reference import sync_reference_data

    sync_reference_data(apps, deployment_kinds=False)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
