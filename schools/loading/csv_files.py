"""Opening the CSV files the loaders read: plain or gzipped, UTF-8 or Windows-1252 (as GIAS publishes them)."""

import csv
import gzip
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .report import ProblemList, refuse

GZIP_MAGIC = b"\x1f\x8b"
# GIAS downloads are Windows-1252; the files re-published on GitHub are mostly UTF-8.
FALLBACK_ENCODING = "cp1252"
PROGRESS_EVERY = 5_000


@dataclass
class CsvFile:
    path: Path
    encoding: str
    header: list[str]
    _text: str

    def rows(
        self,
        problems: ProblemList,
        *,
        columns: Iterable[str] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> Iterator[tuple[int, dict]]:
        """Each data row as (line number, {column: stripped value}), for the given columns (default: all). Blank
        lines are passed over; a row with the wrong number of fields goes to `problems` instead."""
        positions = [(name, self.header.index(name)) for name in (self.header if columns is None else columns)]
        reader = csv.reader(io.StringIO(self._text, newline=""))
        next(reader)
        width = len(self.header)
        count = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # e.g. a field beyond the csv module's limit of 128 KB
                problems.add(reader.line_num, f"cannot be read as CSV: {error}")
                return
            if not any(fields):
                continue
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(f"  {self.path.name}: {count:,} rows read")
            if len(fields) != width:
                problems.add(reader.line_num, f"has {len(fields)} fields, the header has {width}")
                continue
            yield reader.line_num, {name: fields[position].strip() for name, position in positions}


def open_csv(path: Path | str, *, encoding: str | None = None, required: tuple[str, ...] = ()) -> CsvFile:
    """Read a whole CSV file. Gzip is recognised by its first bytes; without `encoding`, UTF-8 is tried first and
    Windows-1252 second. Raises LoadFailed if the file is missing, cannot be decoded or lacks a required column."""
    path = located(Path(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise refuse(
            path,
            f"cannot read the file {path.resolve()}: {error.strerror or error}. The data files come with the "
            f"repository in data/; the SHARED_DATA_DIR setting (or a command's --data-dir) reads them from elsewhere",
        ) from error
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise refuse(path, f"cannot unzip the file: {error}") from error
    text, used = _decode(path, data, encoding)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:  # no text file holds one, and PostgreSQL refuses it in a text column
        raise refuse(
            path, "has a NUL character: it is not a CSV text file", line=text[: text.index("\x00")].count("\n") + 1
        )
    try:
        header = next(csv.reader(io.StringIO(text, newline="")))
    except StopIteration:
        raise refuse(path, "the file is empty") from None
    header = [name.strip() for name in header]
    missing = [name for name in required if name not in header]
    if missing:
        raise refuse(path, f"the header lacks the column(s) {', '.join(missing)}", line=1)
    return CsvFile(path=path, encoding=used, header=header, _text=text)


def located(path: Path) -> Path:
    """The file itself, or else its gzipped copy (name.gz), as the repository's data/ folder keeps large files."""
    gzipped = path.with_name(path.name + ".gz")
    if not path.exists() and gzipped.exists():
        return gzipped
    return path


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    candidates = [encoding] if encoding else ["utf-8", FALLBACK_ENCODING]
    for candidate in candidates:
        try:
            return data.decode(candidate), candidate
        except LookupError:
            raise refuse(path, f"unknown encoding {candidate!r}") from None
        except UnicodeDecodeError as error:
            last_error = error
    line = data[: last_error.start].count(b"\n") + 1
    raise refuse(path, f"cannot be read as {' or '.join(candidates)}: {last_error.reason}", line=line)
