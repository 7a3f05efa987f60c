from django.core.management.base import BaseCommand

from core.page_cache import replace_data_version


class Command(BaseCommand):
    help = (
        "Make every cached public page and fragment be built afresh. Run it on each deploy: cached pages are keyed by "
        "the data, so a release that changes templates but not data would otherwise serve the old pages for an hour."
    )

    def handle(self, *args, **options):
        replace_data_version()
        self.stdout.write("Cached pages will be built afresh.")
