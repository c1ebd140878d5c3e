"""Writing Excel workbooks: the same workbook written twice is the same bytes.

openpyxl stamps the time of writing into the document properties and into every zip entry, so an
export of an announced plan would differ from one download to the next. `workbook_bytes` stamps a
time of the caller's choosing instead (for an announced plan, the moment it was announced).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter


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
    """The .xlsx file of `workbook`, stamped with `at` (now if not given)."""
    at = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = workbook.properties.modified = at
    buffer = io.BytesIO()
    archive = _SteadyZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True, date_time=max(at, dt.datetime(1980, 1, 1)).timetuple()[:6])
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
