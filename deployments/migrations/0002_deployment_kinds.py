from django.db import migrations

# The rows this migration writes, as they stood when it was written: frozen here so that later edits of
# roles/reference.py cannot change what it does. (role code, deployment kind code, name, needs governance review
# training)
DEPLOYMENT_KINDS = [
    ("nle", "nle-alongside-own-staff", "NLE working with the school alongside their own staff", False),
    ("nle", "nle-alone", "NLE working with the school on their own", False),
    ("nle", "nle-staff-under-direction", "NLE's staff working with the school under the NLE's direction", False),
    ("nlg", "nlg-mentoring", "Mentoring the chair or members of the governing body", False),
    ("nlg", "nlg-governance-review", "External review of governance", True),
    ("nlg", "nlg-interim-executive-board", "Chair or member of an interim executive board", False),
    (
        "nlg",
        "nlg-governing-body-leadership",
        "Chair or leadership role on a governing body needing urgent additional governance capacity",
        False,
    ),
    ("sle", "sle-data-analysis", "Data analysis", False),
    ("sle", "sle-coaching", "Coaching", False),
    ("sle", "sle-facilitating-training", "Facilitating and training", False),
    ("sle", "sle-joint-action-planning", "Joint action planning", False),
    ("lle", "lle-leadership-support", "Support for the leadership of a local school", False),
    ("pupil_premium_reviewer", "pupil-premium-review", "Pupil premium review", False),
    ("teaching_school", "teaching-school-support", "School-to-school support from a teaching school alliance", False),
    ("tsc_representative", "tsc-brokerage", "Brokering support for schools that need it most", False),
    ("teaching_school_hub", "hub-professional-development", "Professional development across the hub area", False),
]


def load(apps, schema_editor):
    DeploymentKind = apps.get_model("deployments", "DeploymentKind")
    for position, (role_code, code, name, needs_training) in enumerate(DEPLOYMENT_KINDS, start=1):
        DeploymentKind.objects.update_or_create(
            code=code,
            defaults={
                "role_id": role_code,
                "name": name,
                "needs_governance_review_training": needs_training,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("deployments", "0001_initial"),
        ("roles", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
