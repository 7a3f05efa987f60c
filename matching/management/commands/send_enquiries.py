"""Email the enquiries still waiting to be sent (run from cron, every few minutes)."""

from django.core.management.base import BaseCommand

from matching.enquiries import MAX_DELIVERY_ATTEMPTS, enquiries_retry


class Command(BaseCommand):
    help = (
        "Try again to email every enquiry that could not be sent yet. An enquiry is given up (marked failed, "
        f"for a curator to follow up) after {MAX_DELIVERY_ATTEMPTS} attempts."
    )

    def handle(self, *args, **options):
        sent, failed = enquiries_retry()
        self.stdout.write(f"{sent} enquir{'y' if sent == 1 else 'ies'} sent; {failed} given up")
