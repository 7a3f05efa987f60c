"""Every CSV file the service hands out is written here, so that none can carry a formula into a spreadsheet.

A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return, which some programs skip
before such a sign) as a formula, so text typed by a portal user or an import such as `=HYPERLINK(…)` could run on a
reader's machine. Text that starts with one of them, also after leading spaces, is written with an apostrophe first,
which spreadsheets read as "this is text". Numbers, dates and times are data and are written as they are.

Files start with a byte order mark, which tells spreadsheet programs the file is UTF-8 (names with accents)."""

import csv
import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def spreadsheet_cell(value) -> str:
    """One cell's text: blank for None, ISO 8601 for dates and times, an apostrophe before would-be formulas."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):  # bool is an int: True/False
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Line:
    """A file-like object whose write() hands the line back, so csv.writer can feed a streaming response."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The file line by line: the byte order mark and the header row, then one line for each row."""
    writer = csv.writer(_Line())
    yield BYTE_ORDER_MARK + writer.writerow([spreadsheet_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([spreadsheet_cell(value) for value in row])


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable], *, streaming: bool = False):
    """A download of the file. streaming=True writes rows as they are read (a long list never sits in memory)."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    lines = csv_lines(header, rows)
    if streaming:
        return StreamingHttpResponse(lines, content_type=CONTENT_TYPE, headers=headers)
    return HttpResponse("".join(lines), content_type=CONTENT_TYPE, headers=headers)
