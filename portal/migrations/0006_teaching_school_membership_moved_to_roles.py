"""TeachingSchoolMembership moved to roles: its table went with it (roles/migrations/0012)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_curator_permissions"),
        ("roles", "0012_teaching_school_membership_moved_from_portal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="TeachingSchoolMembership")]),
    ]
