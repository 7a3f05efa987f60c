from django.db import migrations

import audit.versioning


def version_field():
    return audit.versioning.VersionField(default=1, editable=False, help_text="Goes up by one with every save.")


class Migration(migrations.Migration):
    """A version on the records curators edit, so that a save from a form opened before another save is refused."""

    dependencies = [
        ("roles", "0006_role_short_name_length"),
    ]

    operations = [
        migrations.AddField(model_name="designation", name="version", field=version_field()),
        migrations.AddField(model_name="systemleader", name="version", field=version_field()),
        migrations.AddField(model_name="teachingschoolalliance", name="version", field=version_field()),
    ]
