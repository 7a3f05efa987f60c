"""Blank the contact details and messages of enquiries, and of requests for a DfE match, older than
ENQUIRY_CONTACT_RETENTION_DAYS (run daily from cron). The privacy notice names this command and the setting."""

from django.conf import settings
from django.core.management.base import BaseCommand

from audit.context import acting_as
from matching.dfe_match import dfe_match_contacts_delete
from matching.enquiries import enquiry_contacts_delete


class Command(BaseCommand):
    help = (
        "Blank the name, email address, role, telephone number and message of every enquiry made more than "
        "ENQUIRY_CONTACT_RETENTION_DAYS days ago (365 unless set). Its reference, school, need and responses are kept."
    )

    def handle(self, *args, **options):
        days = settings.ENQUIRY_CONTACT_RETENTION_DAYS
        with acting_as(None, source="command", note="delete_enquiry_contacts"):
            enquiries = enquiry_contacts_delete(older_than_days=days)
            requests = dfe_match_contacts_delete(older_than_days=days)
        noun = "enquiry" if enquiries == 1 else "enquiries"
        self.stdout.write(f"Contact details deleted from {enquiries} {noun} made more than {days} days ago")
        noun = "request" if requests == 1 else "requests"
        self.stdout.write(f"Contact details deleted from {requests} DfE match {noun} made more than {days} days ago")
