from django.db import migrations


def sync(apps, schema_editor):
    from roles.reference import sync_reference_data

    sync_reference_data(apps, deployment_kinds=False)


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0008_designation_dates_in_range"),
    ]

    # Programme notes and summaries that say where each statement comes from (issue #15): the 2023 guidance removed
    # the sections on teaching schools, LLEs, SLEs, pupil premium reviews and the council.
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
