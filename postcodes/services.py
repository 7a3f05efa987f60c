"""Writes for postcodes: loading Ordnance Survey Code-Point Open into the database, one area file at a time."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from .codepoint import (
    AreaData,
    AreaFile,
    MalformedAreaFile,
    PostcodeRow,
    area_files,
    default_data_dir,
    file_sha256,
    read_area_file,
)
from .models import OutwardCode, Postcode, PostcodeAreaFile

POSTCODE_FIELDS = ("postcode", "positional_quality", "easting", "northing")
OUTWARD_CODE_FIELDS = ("code", "easting", "northing", "postcode_count")
DELETE_BATCH_SIZE = 500
SQLITE_INSERT_BATCH_SIZE = 50_000


@dataclass
class AreaFileResult:
    """What loading one area file did."""

    area: str
    file_name: str
    skipped: bool = False  # unchanged since it was last loaded
    rows: int = 0
    created: int = 0
    changed: int = 0
    removed: int = 0
    unlocated: int = 0
    outward_codes: int = 0
    seconds: float = 0.0
    problem: MalformedAreaFile | None = None  # set when the file was refused and nothing from it was written


@dataclass
class LoadSummary:
    results: list[AreaFileResult] = field(default_factory=list)
    postcode_total: int = 0
    unlocated_total: int = 0
    outward_code_total: int = 0

    def _sum(self, name: str) -> int:
        return sum(getattr(result, name) for result in self.results)

    @property
    def files_read(self) -> int:
        return sum(1 for result in self.results if not result.skipped)

    @property
    def files_skipped(self) -> int:
        return sum(1 for result in self.results if result.skipped)

    @property
    def created(self) -> int:
        return self._sum("created")

    @property
    def changed(self) -> int:
        return self._sum("changed")

    @property
    def removed(self) -> int:
        return self._sum("removed")

    @property
    def unlocated(self) -> int:
        return self._sum("unlocated")

    @property
    def failures(self) -> list[MalformedAreaFile]:
        return [result.problem for result in self.results if result.problem]


def postcodes_load(
    *,
    data_dir: Path | None = None,
    areas: Iterable[str] | None = None,
    force: bool = False,
    on_file: Callable[[AreaFileResult], None] | None = None,
) -> LoadSummary:
    """Load Code-Point Open area files (all, or only `areas`), each in its own transaction.

    A file whose checksum matches the one last loaded is skipped unless `force`. A file with malformed rows
    changes nothing; it is listed in the summary's failures and the other files still load.
    Raises CodePointDataMissing when the folder or an asked-for area file is not there.
    """
    files = area_files(data_dir or default_data_dir(), list(areas) if areas is not None else None)
    loaded = dict(PostcodeAreaFile.objects.values_list("area", "sha256"))
    summary = LoadSummary()
    for area_file in files:
        result = _load_area_file(area_file, previous_sha256=loaded.get(area_file.area), force=force)
        summary.results.append(result)
        if on_file:
            on_file(result)
    summary.postcode_total = Postcode.objects.count()
    summary.unlocated_total = Postcode.objects.filter(easting__isnull=True).count()
    summary.outward_code_total = OutwardCode.objects.count()
    return summary


def _load_area_file(area_file: AreaFile, *, previous_sha256: str | None, force: bool) -> AreaFileResult:
    started = time.monotonic()
    result = AreaFileResult(area=area_file.area, file_name=area_file.path.name)
    content = area_file.path.read_bytes()
    sha256 = file_sha256(content)
    if sha256 == previous_sha256 and not force:
        result.skipped = True
        return result
    try:
        data = read_area_file(area_file, content, sha256)
    except MalformedAreaFile as problem:
        result.problem = problem
        return result
    with transaction.atomic():
        _store_area(data, result, first_load=previous_sha256 is None)
    result.seconds = time.monotonic() - started
    return result


def _store_area(data: AreaData, result: AreaFileResult, *, first_load: bool) -> None:
    area = data.area
    result.rows = len(data.rows)
    result.unlocated = data.unlocated_count
    postcodes = Postcode.objects.in_area(area)
    if first_load and not postcodes.exists():
        _insert_postcodes(data.rows)
        result.created = len(data.rows)
    else:
        existing = {row[0]: row[1:] for row in postcodes.order_by().values_list(*POSTCODE_FIELDS)}
        incoming = {row[0] for row in data.rows}
        created = [row for row in data.rows if row[0] not in existing]
        changed = [row for row in data.rows if row[0] in existing and existing[row[0]] != row[1:]]
        removed = [postcode for postcode in existing if postcode not in incoming]
        _delete_postcodes([row[0] for row in changed] + removed)
        _insert_postcodes(created + changed)
        result.created, result.changed, result.removed = len(created), len(changed), len(removed)

    outward_codes = outward_codes_from(data.rows)
    result.outward_codes = len(outward_codes)
    current = {row[0]: row[1:] for row in OutwardCode.objects.in_area(area).values_list(*OUTWARD_CODE_FIELDS)}
    wanted = {code: (o.easting, o.northing, o.postcode_count) for code, o in outward_codes.items()}
    if current != wanted:
        OutwardCode.objects.in_area(area).delete()
        OutwardCode.objects.bulk_create(outward_codes.values())

    PostcodeAreaFile.objects.update_or_create(
        area=area,
        defaults={"sha256": data.sha256, "row_count": len(data.rows), "loaded_at": timezone.now()},
    )


def outward_codes_from(rows: list[PostcodeRow]) -> dict[str, OutwardCode]:
    """Each outward code in rows, centred on the mean of its located postcodes (rounded to the metre)."""
    totals: dict[str, list[int]] = {}  # code -> [sum of eastings, sum of northings, located, all]
    for postcode, _quality, easting, northing in rows:
        total = totals.setdefault(postcode[:-4], [0, 0, 0, 0])
        total[3] += 1
        if easting is not None:
            total[0] += easting
            total[1] += northing
            total[2] += 1
    return {
        code: OutwardCode(
            code=code,
            easting=_rounded_mean(sum_eastings, located),
            northing=_rounded_mean(sum_northings, located),
            postcode_count=count,
        )
        for code, (sum_eastings, sum_northings, located, count) in totals.items()
    }


def _rounded_mean(total: int, count: int) -> int | None:
    # Half up, in integers, so the result never depends on float rounding.
    return (2 * total + count) // (2 * count) if count else None


def _delete_postcodes(postcodes: list[str]) -> None:
    for start in range(0, len(postcodes), DELETE_BATCH_SIZE):
        Postcode.objects.filter(pk__in=postcodes[start : start + DELETE_BATCH_SIZE]).delete()


def _insert_postcodes(rows: list[PostcodeRow]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, executemany on the raw table elsewhere (bulk_create is slower)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(Postcode._meta.db_table)
    columns = ", ".join(quote(Postcode._meta.get_field(name).column) for name in POSTCODE_FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(POSTCODE_FIELDS))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            for start in range(0, len(rows), SQLITE_INSERT_BATCH_SIZE):
                cursor.executemany(sql, rows[start : start + SQLITE_INSERT_BATCH_SIZE])
