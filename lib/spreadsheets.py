"""Read the spreadsheets staff already keep (.xlsx or .csv), the way they really are.

Real files have title rows above the header, blank separator rows, Thai or Arabic digits, amounts
with commas, headers with spaces or a year after the month ("ต.ค. 69"), and CSV saved by Thai
Windows (cp874). `read_table` finds the header row, and gives every row by column name.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from lib import thai

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 30


class NotASpreadsheet(Exception):
    """The file is not an .xlsx or a .csv (checked by content, not by name); the message is Thai."""


@dataclass(frozen=True)
class CellError:
    row: int  # as the spreadsheet numbers it (1 = first row)
    column: str
    message: str

    def __str__(self) -> str:
        return f"แถวที่ {self.row} คอลัมน์ “{self.column}”: {self.message}"


def normalise(value) -> str:
    """Cell text as compared: NFC, Arabic digits, single spaces; line breaks inside a cell are kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", thai.arabic_digits(str(value))).replace("\r\n", "\n")
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_MONTH_KEYS = {  # "ต.ค." and "ตุลาคม" (spaces and dots gone) → "ตค"
    re.sub(r"[\s.]", "", name): re.sub(r"[\s.]", "", abbr)
    for abbr, full in zip(thai.MONTH_ABBRS, thai.MONTH_NAMES, strict=True)
    for name in (abbr, full)
}


def header_key(text: str) -> str:
    """What makes two headers the same: no spaces, dots, brackets or slashes; a month loses its year
    ("ต.ค. 69" is "ตค"), other headers keep their digits ("งบประมาณ 2569" and "งบประมาณ 2570" differ)."""
    key = re.sub(r"[\s.()\-/:]", "", normalise(text))
    bare = re.sub(r"[0-9]", "", key)
    return _MONTH_KEYS.get(bare, key)  # "ตุลาคม 2569" is "ต.ค." too


def _column_keys(values, alias_keys: dict[str, str], wanted: set[str]) -> list[str]:
    """Each header's key; a header with a year ("งบประมาณ 2570 (บาท)") stands for a wanted one without it."""
    keys = [alias_keys.get(header_key(v), header_key(v)) for v in values]
    for index, key in enumerate(keys):
        bare = re.sub(r"[0-9]", "", key)
        bare = alias_keys.get(bare, bare)
        if key not in wanted and bare in wanted and bare not in keys:
            keys[index] = bare
    return keys


@dataclass
class Row:
    number: int
    cells: dict[str, str]  # header key → normalised text
    raw: dict[str, object] = field(default_factory=dict)  # header key → the cell as read (numbers stay numbers)

    def get(self, header: str) -> str:
        return self.cells.get(header_key(header), "")

    def is_blank(self) -> bool:
        return not any(self.cells.values())

    def filled(self) -> list[str]:
        return [key for key, value in self.cells.items() if value]

    def amount(self, header: str, error) -> Decimal | None:
        raw = self.raw.get(header_key(header))
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            value = Decimal(str(raw))
        else:
            text = self.get(header)
            if not text or text in ("-", "–"):
                return None
            try:
                value = thai.parse_amount(text)
            except ValueError as problem:
                error(header, str(problem))
                return None
        if value < 0:
            error(header, "จำนวนเงินต้องไม่ติดลบ")
            return None
        if value > Decimal("9999999999.99"):
            error(header, "จำนวนเงินสูงเกินจริง กรุณาตรวจสอบจำนวนหลัก")
            return None
        return value.quantize(Decimal("0.01"))

    def integer(self, header: str, error, low: int, high: int) -> int | None:
        text = self.get(header)
        if not text:
            return None
        try:
            value = int(Decimal(text.replace(",", "").removesuffix("%")))
        except ArithmeticError:
            error(header, "กรุณากรอกเป็นตัวเลข")
            return None
        if not low <= value <= high:
            error(header, f"ต้องอยู่ระหว่าง {low} ถึง {high}")
            return None
        return value


@dataclass
class Table:
    headers: list[str]  # as written in the file
    keys: list[str]  # their header keys
    rows: list[Row]
    header_row: int

    def has(self, header: str) -> bool:
        return header_key(header) in self.keys


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise NotASpreadsheet("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย กรุณาบันทึกใหม่เป็น .xlsx") from None
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(list(values))
        if len(rows) > MAX_ROWS:
            raise NotASpreadsheet(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว กรุณาแบ่งเป็นหลายไฟล์")
    workbook.close()
    return rows


def _csv_rows(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")
    if "\x00" in text or not text.strip():
        raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) > MAX_ROWS:
        raise NotASpreadsheet(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว กรุณาแบ่งเป็นหลายไฟล์")
    return rows


def is_xlsx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_table(content: bytes, required: list[str], aliases: dict[str, list[str]] | None = None) -> Table:
    """The table under the first row that has every `required` header (aliases: other names for a header)."""
    if len(content) > MAX_BYTES:
        raise NotASpreadsheet("ไฟล์ใหญ่เกินไป (ไม่เกิน 5 MB)")
    if content.startswith(b"PK\x03\x04"):
        if not is_xlsx(content):
            raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")
        rows = _xlsx_rows(content)
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise NotASpreadsheet("ไฟล์ .xls รุ่นเก่ายังไม่รองรับ กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx")
    elif content.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")
    else:
        rows = _csv_rows(content)
    alias_keys = {header_key(name): header_key(canonical) for canonical, names in (aliases or {}).items() for name in names}
    wanted = {header_key(name) for name in required}
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = _column_keys(values, alias_keys, wanted)
        if wanted <= set(keys):
            table_rows = []
            for number, cells in enumerate(rows[index + 1 :], index + 2):
                row = Row(number, {}, {})
                for key, value in zip(keys, cells, strict=False):
                    if key and key not in row.cells:
                        row.cells[key] = normalise(value)
                        row.raw[key] = value
                if not row.is_blank():
                    table_rows.append(row)
            return Table([normalise(v) for v in values], keys, table_rows, index + 1)
    missing = ", ".join(required)
    raise NotASpreadsheet(f"ไม่พบแถวหัวตารางที่มีคอลัมน์ {missing} ในไฟล์นี้")
