"""SupportFlag moves from the matching app to schools (beside "needs support"): the same table, renamed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import audit.versioning


def content_type_to_here(apps, schema_editor):
    """The model's history (audit.ChangeRecord) and permissions point at its content type: relabel it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    if not ContentType.objects.using(alias).filter(app_label=APP, model=MODEL).exists():
        ContentType.objects.using(alias).filter(app_label="matching", model=MODEL).update(app_label=APP)


def content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    ContentType.objects.using(alias).filter(app_label=APP, model=MODEL).update(app_label="matching")


APP = "schools"
MODEL = "supportflag"


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("matching", "0010_capacity_supportflag_version"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The table was made by the matching app: take it over in the state only, then give it this app's name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SupportFlag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "version",
                            audit.versioning.VersionField(
                                default=1, editable=False, help_text="Goes up by one with every save."
                            ),
                        ),
                        ("reason", models.CharField(max_length=300)),
                        ("flagged_on", models.DateField()),
                        ("cleared_on", models.DateField(blank=True, null=True)),
                        (
                            "flagged_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="support_flags",
                                to="schools.school",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "matching_supportflag",
                        "ordering": ["-flagged_on", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("cleared_on__isnull", True)),
                                fields=("school",),
                                name="support_flag_one_raised_per_school",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("cleared_on__isnull", True),
                                    ("cleared_on__gte", models.F("flagged_on")),
                                    _connector="OR",
                                ),
                                name="support_flag_cleared_after_flagged",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("reason", ""), _negated=True), name="support_flag_reason_given"
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="supportflag", table=None),
        migrations.RunPython(content_type_to_here, content_type_back),
    ]
