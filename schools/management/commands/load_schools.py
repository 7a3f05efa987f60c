"""manage.py load_schools [PATH]: schools from the 2022 GIAS extract or a real GIAS download."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.loading.closures import LINKS_FILE, OPEN_SCHOOLS_FILE, schools_mark_later_status
from schools.loading.reference_data import default_data_dir, default_schools_path
from schools.loading.report import LoadFailed
from schools.loading.schools import schools_load


class Command(BaseCommand):
    help = (
        "Load schools from a GIAS file: the 2022 extract (default) or a GIAS download (edubasealldata*.csv), "
        "told apart by the header. Rows outside the directory (Welsh, independent, closed) are skipped and counted. "
        "Idempotent; one transaction per file; a file with any bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", type=Path, help="The GIAS file, plain or gzipped (default: the 2022 extract)."
        )
        parser.add_argument(
            "--encoding", help="The file's encoding (default: UTF-8, or Windows-1252 if it is not valid UTF-8)."
        )
        parser.add_argument(
            "--mark-closures",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=(
                "Then set each school's later status (open in 2025, replaced, closed) from the 2025 open-schools "
                "list and the GIAS links (default: on for the default file, off for a file given as PATH)."
            ),
        )
        parser.add_argument("--open-schools", type=Path, help=f"The open-schools list (default: {OPEN_SCHOOLS_FILE}).")
        parser.add_argument("--links", type=Path, help=f"The GIAS links file (default: {LINKS_FILE}).")

    def handle(self, *args, path=None, encoding=None, mark_closures=None, open_schools=None, links=None, **options):
        if mark_closures is None:
            mark_closures = path is None
        try:
            summary = schools_load(path=path or default_schools_path(), encoding=encoding, log=self.stdout.write)
            self.stdout.write(str(summary))
            if mark_closures:
                summary = schools_mark_later_status(
                    open_schools_path=open_schools or default_data_dir() / OPEN_SCHOOLS_FILE,
                    links_path=links or default_data_dir() / LINKS_FILE,
                    log=self.stdout.write,
                )
                self.stdout.write(str(summary))
        except LoadFailed as error:
            raise CommandError(str(error)) from error
