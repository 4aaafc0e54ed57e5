"""
The writers of the exports: CSV in chunks of bytes (for a StreamingHttpResponse)
and XLSX as a streamed SpreadsheetML package (rows go into a deflated zip member). Both
take any iterable of rows and keep none of them: memory does not grow with rows.
"""

from __future__ import annotations

import csv
import re
import zipfile
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


# --- XLSX -------------------------------------------------------------------------------
# A minimal SpreadsheetML package written as a stream: the sheet's XML goes row by row into
# a deflated zip member, so memory does not grow with rows and 200,000 rows take seconds
# (openpyxl's write-only mode wrote about 4,000 rows a second here, without lxml).

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel serial dates are wall time
_DATE_STYLE, _DATETIME_STYLE = 1, 2  # cellXfs below: numFmt 14 (date), 22 (date and time)
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>')
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>')
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_END = "</sheetData></worksheet>"


def _xml_text(text: str) -> str:
    if not text.isprintable():  # rare: tabs, line breaks, control characters
        text = _XML_ILLEGAL.sub("", text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _xlsx_cell(value, zone) -> str:
    kind = type(value)
    if kind is str:  # most cells: the fast path
        if not value:
            return "<c/>"
        if value.startswith(FORMULA_START) and value[1:2] != "'":
            value = "'" + value
        return f'<c t="inlineStr"><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>'
    if kind is int or kind is float or kind is Decimal:
        return f"<c><v>{value}</v></c>"
    if value is None:
        return "<c/>"
    if kind is bool:
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        serial = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        return f'<c s="{_DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c s="{_DATE_STYLE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    return _xlsx_cell(str(cell(value)), zone)


def xlsx_write(title: str, header: list[str], rows: Iterable[list], out) -> int:
    """Write an XLSX of one sheet, streamed (constant memory), to the binary file `out`; return rows."""
    title = _SHEET_TITLE_BAD.sub("-", title)[:31] or "datos"
    zone = timezone.get_current_timezone()

    def xml_row(values) -> str:
        return "<row>" + "".join([_xlsx_cell(v, zone) for v in values]) + "</row>"

    n = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _WORKBOOK.format(
            title=_xml_text(title).replace('"', "&quot;")))
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            buffer = [_SHEET_START, xml_row(header)]
            for row in rows:
                buffer.append(xml_row(row))
                n += 1
                if len(buffer) >= CSV_CHUNK:
                    sheet.write("".join(buffer).encode("utf-8"))
                    buffer = []
            buffer.append(_SHEET_END)
            sheet.write("".join(buffer).encode("utf-8"))
    return n
