"""manage.py load_geography: the 9 English regions and the local authorities."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.loading.geography import geography_load
from schools.loading.reference_data import default_data_dir, default_schools_path
from schools.loading.report import LoadFailed


class Command(BaseCommand):
    help = (
        "Load the 9 English regions and the local authorities from DfE's geography lists: the current authorities, "
        "and the terminated ones the schools file still names (Cumbria). Idempotent; one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Folder of the source files (default: SHARED_DATA_DIR).")
        parser.add_argument(
            "--schools",
            type=Path,
            help="The schools file to be loaded next: its terminated authorities are kept (default: the 2022 extract).",
        )

    def handle(self, *args, data_dir=None, schools=None, **options):
        try:
            summaries = geography_load(
                data_dir=data_dir or default_data_dir(),
                schools_path=schools or default_schools_path(),
                log=self.stdout.write,
            )
        except LoadFailed as error:
            raise CommandError(str(error)) from error
        for summary in summaries:
            self.stdout.write(str(summary))
