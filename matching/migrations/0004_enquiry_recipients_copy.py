"""Copy each enquiry's one recipient into its recipient row (a migration of its own, so that PostgreSQL never alters
a table with pending trigger events)."""

from django.db import migrations, models


def copy_recipients(apps, schema_editor):
    """Each enquiry so far went to one leader or one school: that becomes its recipient row, with its delivery. An
    enquiry to a leader is recorded as received by the teaching school that designated the leader when it was made
    (as the portal showed it until now)."""
    Enquiry = apps.get_model("matching", "Enquiry")
    EnquiryRecipient = apps.get_model("matching", "EnquiryRecipient")
    Designation = apps.get_model("roles", "Designation")
    rows = []
    for enquiry in Enquiry.objects.select_related("leader", "teaching_school").iterator():
        made_on = enquiry.created_at.date()
        teaching_school_id = enquiry.teaching_school_id
        name = enquiry.teaching_school.name if enquiry.teaching_school_id else ""
        if enquiry.leader_id:
            name = f"{enquiry.leader.first_name} {enquiry.leader.last_name}"
            teaching_school_id = (
                Designation.objects.filter(
                    models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=made_on),
                    leader_id=enquiry.leader_id,
                    teaching_school__isnull=False,
                    designated_on__lte=made_on,
                )
                .order_by("-role_id", "-designated_on", "pk")
                .values_list("teaching_school_id", flat=True)
                .first()
            )
        rows.append(
            EnquiryRecipient(
                enquiry_id=enquiry.pk,
                leader_id=enquiry.leader_id,
                teaching_school_id=teaching_school_id,
                name=name[:300],
                delivery_status=enquiry.delivery_status,
                delivery_attempts=enquiry.delivery_attempts,
                last_attempt_at=enquiry.last_attempt_at,
                sent_at=enquiry.sent_at,
                last_error=enquiry.last_error,
                # Sent before requesters were emailed a copy: nothing to send them now.
            )
        )
    EnquiryRecipient.objects.bulk_create(rows, batch_size=500)
    Enquiry.objects.update(requester_notified_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_enquiry_recipients")]

    operations = [migrations.RunPython(copy_recipients, migrations.RunPython.noop)]
