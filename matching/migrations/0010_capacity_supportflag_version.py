from django.db import migrations

import audit.versioning


def version_field():
    return audit.versioning.VersionField(default=1, editable=False, help_text="Goes up by one with every save.")


class Migration(migrations.Migration):
    """A version on capacities and support flags, so that a save from a form opened before another save is refused."""

    dependencies = [
        ("matching", "0009_dfe_match_request_contacts_deleted"),
    ]

    operations = [
        migrations.AddField(model_name="capacity", name="version", field=version_field()),
        migrations.AddField(model_name="supportflag", name="version", field=version_field()),
    ]
