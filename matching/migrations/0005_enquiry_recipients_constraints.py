import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_enquiry_recipients_copy")]

    operations = [
        migrations.RemoveConstraint(
            model_name="enquiry",
            name="enquiry_to_one_leader_or_teaching_school",
        ),
        migrations.RemoveConstraint(
            model_name="enquiry",
            name="enquiry_delivery_status_known",
        ),
        migrations.RemoveConstraint(
            model_name="enquiry",
            name="enquiry_sent_when_sent_at",
        ),
        migrations.RemoveConstraint(
            model_name="enquiry",
            name="enquiry_contact_name_given",
        ),
        migrations.RemoveConstraint(
            model_name="enquiry",
            name="enquiry_contact_email_given",
        ),
        migrations.RemoveConstraint(
            model_name="enquiry",
            name="enquiry_message_length",
        ),
        migrations.RemoveIndex(
            model_name="enquiry",
            name="enquiry_delivery",
        ),
        migrations.RemoveField(
            model_name="enquiry",
            name="delivery_attempts",
        ),
        migrations.RemoveField(
            model_name="enquiry",
            name="delivery_status",
        ),
        migrations.RemoveField(
            model_name="enquiry",
            name="last_attempt_at",
        ),
        migrations.RemoveField(
            model_name="enquiry",
            name="last_error",
        ),
        migrations.RemoveField(
            model_name="enquiry",
            name="leader",
        ),
        migrations.RemoveField(
            model_name="enquiry",
            name="sent_at",
        ),
        migrations.RemoveField(
            model_name="enquiry",
            name="teaching_school",
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="your email address"),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="contact_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="your name"),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="message",
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AddConstraint(
            model_name="enquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("contacts_deleted_at__isnull", False),
                    models.Q(("contact_name", ""), _negated=True),
                    _connector="OR",
                ),
                name="enquiry_contact_name_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("contacts_deleted_at__isnull", False),
                    models.Q(("contact_email", ""), _negated=True),
                    _connector="OR",
                ),
                name="enquiry_contact_email_given",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("contacts_deleted_at__isnull", True),
                        django.db.models.lookups.GreaterThan(django.db.models.functions.text.Length("message"), 0),
                        django.db.models.lookups.LessThanOrEqual(
                            django.db.models.functions.text.Length("message"), 2000
                        ),
                    ),
                    models.Q(("contacts_deleted_at__isnull", False), ("message", "")),
                    _connector="OR",
                ),
                name="enquiry_message_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("contacts_deleted_at__isnull", True),
                    models.Q(
                        ("contact_email", ""), ("contact_name", ""), ("contact_role", ""), ("contact_telephone", "")
                    ),
                    _connector="OR",
                ),
                name="enquiry_contacts_blank_when_deleted",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("proposed_days__isnull", True),
                    models.Q(("proposed_days__gt", 0), ("proposed_days__lte", 200)),
                    _connector="OR",
                ),
                name="enquiry_proposed_days_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status_expires_at__isnull", True), ("status_token_hash", "")),
                    models.Q(models.Q(("status_token_hash", ""), _negated=True), ("status_expires_at__isnull", False)),
                    _connector="OR",
                ),
                name="enquiry_status_token_expires",
            ),
        ),
        migrations.AddIndex(
            model_name="enquiryrecipient",
            index=models.Index(fields=["delivery_status"], name="enquiry_recipient_delivery"),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(("leader__isnull", False), ("teaching_school__isnull", False), _connector="OR"),
                name="enquiry_recipient_leader_or_school",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.UniqueConstraint(
                condition=models.Q(("leader__isnull", False)),
                fields=("enquiry", "leader"),
                name="enquiry_recipient_leader_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.UniqueConstraint(
                condition=models.Q(("leader__isnull", True)),
                fields=("enquiry", "teaching_school"),
                name="enquiry_recipient_school_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(("delivery_status__in", ["queued", "sent", "failed", "no_address"])),
                name="enquiry_recipient_delivery_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("delivery_status", "sent"), ("sent_at__isnull", False)),
                    models.Q(models.Q(("delivery_status", "sent"), _negated=True), ("sent_at__isnull", True)),
                    _connector="OR",
                ),
                name="enquiry_recipient_sent_when_sent_at",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(("response_status__in", ["awaiting", "replied", "declined", "agreed"])),
                name="enquiry_recipient_response_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("responded_at__isnull", True), ("response_status", "awaiting")),
                    models.Q(models.Q(("response_status", "awaiting"), _negated=True), ("responded_at__isnull", False)),
                    _connector="OR",
                ),
                name="enquiry_recipient_responded_when_responded_at",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("response_status", "declined"), models.Q(("decline_reason", ""), _negated=True)),
                    models.Q(models.Q(("response_status", "declined"), _negated=True), ("decline_reason", "")),
                    _connector="OR",
                ),
                name="enquiry_recipient_decline_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(("deployment__isnull", True), ("response_status", "agreed"), _connector="OR"),
                name="enquiry_recipient_deployment_when_agreed",
            ),
        ),
        migrations.AddConstraint(
            model_name="enquiryrecipient",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("response_token_hash", ""),
                    models.Q(("leader__isnull", False), ("teaching_school__isnull", True)),
                    _connector="OR",
                ),
                name="enquiry_recipient_token_only_for_leader",
            ),
        ),
    ]
