"""TeachingSchoolMembership moves from the portal to roles: who works for a teaching school is part of the teaching
school (the enquiries sent to it are routed to them), not only of the portal's pages. The same table, renamed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APP = "roles"
MODEL = "teachingschoolmembership"


def content_type_to_here(apps, schema_editor):
    """The model's history (audit.ChangeRecord) and permissions point at its content type: relabel it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    if not ContentType.objects.using(alias).filter(app_label=APP, model=MODEL).exists():
        ContentType.objects.using(alias).filter(app_label="portal", model=MODEL).update(app_label=APP)


def content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    ContentType.objects.using(alias).filter(app_label=APP, model=MODEL).update(app_label="portal")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0011_capacity_moved_from_matching"),
        ("schools", "0002_support_flag_moved_from_matching"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("portal", "0005_curator_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The table was made by the portal app: take it over in the state only, then give it this app's name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TeachingSchoolMembership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "is_demo",
                            models.BooleanField(
                                default=False,
                                help_text="A fictional user of a demo teaching school, created by the demo data command.",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "access_removed_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When a curator removed this person's portal access: they can no longer sign in.",
                                null=True,
                            ),
                        ),
                        (
                            "access_removed_by",
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
                                related_name="portal_memberships",
                                to="schools.school",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                error_messages={"unique": "This user already belongs to a teaching school"},
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="teaching_school_membership",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "portal_teachingschoolmembership",
                        "ordering": ["school__name", "user__username"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("access_removed_at__isnull", True), ("access_removed_by__isnull", True)),
                                    models.Q(
                                        ("access_removed_at__isnull", False), ("access_removed_by__isnull", False)
                                    ),
                                    _connector="OR",
                                ),
                                name="membership_access_removed_by_someone",
                                violation_error_message="Record who removed this person's access, and when",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name=MODEL, table=None),
        migrations.RunPython(content_type_to_here, content_type_back),
    ]
