from django.db import migrations


def load(apps, schema_editor):
    from roles.reference import sync_reference_data

    sync_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("deployments", "0001_initial"),
        ("roles", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
