"""Capacity moved to roles and SupportFlag to schools: their tables went with them (see those apps' migrations)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0010_capacity_supportflag_version"),
        ("roles", "0011_capacity_moved_from_matching"),
        ("schools", "0002_support_flag_moved_from_matching"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Capacity"), migrations.DeleteModel(name="SupportFlag")]
        ),
    ]
