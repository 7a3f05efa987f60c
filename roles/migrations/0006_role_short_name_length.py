from django.db import migrations, models


def sync(apps, schema_editor):
    from roles.reference import sync_reference_data

    sync_reference_data(apps, deployment_kinds=False)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_curator_group"),
    ]

    operations = [
        migrations.AlterField(
            model_name="role",
            name="short_name",
            field=models.CharField(help_text="The name used where space is short, e.g. NLE.", max_length=30),
        ),
        # "Pupil premium reviewer" in full, where it was "PP reviewer".
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
