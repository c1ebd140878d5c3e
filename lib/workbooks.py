"""Writing spreadsheets: no cell is ever a formula, and the same workbook written twice is the same bytes.

A text that a spreadsheet would read as a formula (= + - @, a tab or carriage return first) is
written with an apostrophe before it, so that `=HYPERLINK(…)` typed into a note stays text
(formula injection); `lib.spreadsheets.unneutralise` takes the apostrophe off when the file comes
back. Every .xlsx the product writes goes through `workbook_bytes`, every CSV through `csv_bytes`.

openpyxl stamps the time of writing into the document properties and into every zip entry, so an
export of an announced plan would differ from one download to the next. `workbook_bytes` stamps a
time of the caller's choosing instead (for an announced plan, the moment it was announced).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from lib.spreadsheets import NEUTRALISED_STARTS


def neutralise(value):
    """A cell that a spreadsheet would read as a formula, kept as text: "=SUM(A1)" → "'=SUM(A1)"."""
    if isinstance(value, str) and value.startswith(NEUTRALISED_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """The rows as CSV in UTF-8 with a byte-order mark (so that Excel reads the Thai), every cell neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _neutralise_cells(workbook: Workbook) -> None:
    """No cell of the workbook is a formula: openpyxl stores any text beginning with "=" as one."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(NEUTRALISED_STARTS):
                    cell.value = neutralise(cell.value)


class _SteadyZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one given time."""

    def __init__(self, *args, date_time: tuple[int, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.date_time = date_time

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.date_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as file:
            self.writestr(arcname or filename, file.read(), compress_type, compresslevel)


def workbook_bytes(workbook: Workbook, at: dt.datetime | None = None) -> bytes:
    """The .xlsx file of `workbook`, no cell a formula, stamped with `at` (now if not given)."""
    _neutralise_cells(workbook)
    at = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = workbook.properties.modified = at
    buffer = io.BytesIO()
    archive = _SteadyZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True, date_time=max(at, dt.datetime(1980, 1, 1)).timetuple()[:6])
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
