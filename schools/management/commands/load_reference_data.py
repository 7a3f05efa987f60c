"""manage.py load_reference_data: everything the schools app loads, in order."""

import argparse
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.loading.reference_data import reference_data_load
from schools.loading.report import LoadFailed


class Command(BaseCommand):
    help = (
        "Load the regions and local authorities, the schools (and their later status), then the hub areas: "
        "load_geography, load_schools, load_hub_areas in order. Idempotent: on a loaded database it reports "
        "0 created, 0 changed. Postcodes are loaded separately (load_postcodes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Folder of the source files (default: SHARED_DATA_DIR).")
        parser.add_argument(
            "--schools", type=Path, help="A GIAS file to load the schools from (default: the 2022 extract)."
        )
        parser.add_argument("--encoding", help="The schools file's encoding (default: UTF-8, else Windows-1252).")
        parser.add_argument(
            "--mark-closures",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Set each school's later status from the 2025 lists (default: on).",
        )

    def handle(self, *args, data_dir=None, schools=None, encoding=None, mark_closures=True, **options):
        started = time.monotonic()
        try:
            summaries = reference_data_load(
                data_dir=data_dir,
                schools_path=schools,
                encoding=encoding,
                mark_closures=mark_closures,
                log=self.stdout.write,
            )
        except LoadFailed as error:
            raise CommandError(str(error)) from error
        created = sum(summary.created for summary in summaries)
        changed = sum(summary.changed for summary in summaries)
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data: {created:,} created, {changed:,} changed in all ({time.monotonic() - started:.1f} s)"
            )
        )
