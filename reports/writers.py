"""
The writers of the exports: CSV in chunks of bytes (for a StreamingHttpResponse)
and XLSX with openpyxl's write-only workbook (rows go to a temporary file). Both
take any iterable of rows and keep none of them: memory does not grow with rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

CSV_CHUNK = 1000      # rows per chunk sent to the client
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"


def cell(value):
    """One value as a spreadsheet cell: local naive datetimes, no formulas, '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) \
            else value
    if isinstance(value, str | int | float | Decimal | date):
        if isinstance(value, str) and value.startswith(FORMULA_START) and value[1:2] != "'":
            return "'" + value
        return value
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_chunks(header: list[str], rows: Iterable[list], *, bom: bool = True) -> Iterator[bytes]:
    """Yield the CSV as UTF-8 bytes, CSV_CHUNK rows at a time (a BOM for Excel)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    buffer = [("\ufeff" if bom else "") + writer.writerow(header)]
    for row in rows:
        buffer.append(writer.writerow([_text(v) for v in row]))
        if len(buffer) >= CSV_CHUNK:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


def _text(value) -> str:
    value = cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_write(title: str, header: list[str], rows: Iterable[list], out,
               ) -> int:
    """Write an XLSX (write-only mode: constant memory) to the binary file `out`; return rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "datos")
    sheet.append(header)
    n = 0
    for row in rows:
        sheet.append([cell(v) for v in row])
        n += 1
    workbook.save(out)
    return n
