from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="teachingschoolmembership",
            name="is_demo",
            field=models.BooleanField(
                default=False,
                help_text="A fictional user of a demo teaching school, created by the demo data command.",
            ),
        ),
    ]
