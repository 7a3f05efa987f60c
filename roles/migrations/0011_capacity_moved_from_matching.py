"""Capacity moves from the matching app to roles (it belongs with the leaders): the same table, renamed."""

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


APP = "roles"
MODEL = "capacity"


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0010_designation_governance_review_training"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("matching", "0010_capacity_supportflag_version"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The table was made by the matching app: take it over in the state only, then give it this app's name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Capacity",
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
                        (
                            "term_starts_on",
                            models.DateField(
                                help_text="The first day of the term (1 September, 1 January, 1 April).",
                                verbose_name="term",
                            ),
                        ),
                        ("days_free", models.DecimalField(decimal_places=1, max_digits=3)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "leader",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="capacities",
                                to="roles.systemleader",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "matching_capacity",
                        "verbose_name_plural": "capacities",
                        "ordering": ["-term_starts_on", "leader__last_name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("leader", "term_starts_on"), name="capacity_one_per_leader_and_term"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("days_free__gte", 0), ("days_free__lte", 65)),
                                name="capacity_days_free_in_range",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("term_starts_on__month", 9),
                                        ("term_starts_on__month", 1),
                                        ("term_starts_on__month", 4),
                                        _connector="OR",
                                    ),
                                    ("term_starts_on__day", 1),
                                ),
                                name="capacity_term_starts_on_a_term_start",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="capacity", table=None),
        migrations.RunPython(content_type_to_here, content_type_back),
    ]
