from django.db import migrations

import audit.versioning


class Migration(migrations.Migration):
    """A version on deployments, so that a save from a form opened before another save is refused."""

    dependencies = [
        ("deployments", "0003_deployment_deploymentleader_deployment_designations_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="deployment",
            name="version",
            field=audit.versioning.VersionField(default=1, editable=False, help_text="Goes up by one with every save."),
        ),
    ]
