"""manage.py load_hub_areas: the teaching school hub areas, their districts, and each school's hub area."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.loading.hub_areas import hub_areas_load
from schools.loading.reference_data import default_data_dir
from schools.loading.report import LoadFailed


class Command(BaseCommand):
    help = (
        "Load the 87 teaching school hub areas and their districts, link each to its lead school, and set every "
        "school's hub area from its district. Run after load_geography and load_schools. Idempotent; one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Folder of the source files (default: SHARED_DATA_DIR).")

    def handle(self, *args, data_dir=None, **options):
        try:
            summaries = hub_areas_load(data_dir=data_dir or default_data_dir(), log=self.stdout.write)
        except LoadFailed as error:
            raise CommandError(str(error)) from error
        for summary in summaries:
            self.stdout.write(str(summary))
