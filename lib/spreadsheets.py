"""Read the spreadsheets staff already keep (.xlsx or .csv), the way they really are.

Real files have title rows above the header, headers of two or three rows (a merged "งบประมาณ" over
one column per year, "พ.ศ. 2569" over the months), blank separator rows, Thai or Arabic digits,
amounts with commas, headers with spaces or a year after the month ("ต.ค. 69"), many sheets, and
CSV saved by Thai Windows (cp874) or by Excel as "Unicode text" (UTF-16). `read_sheets` gives every
sheet's rows; `read_table` finds the header and gives every row by column name.

What a file may make the server do is bounded before and while it is read: the upload's size, the
size of a workbook once uncompressed, the number of cells, rows and sheets, and the columns read.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from openpyxl.utils import get_column_letter

from lib import thai

MAX_BYTES = 5 * 1024 * 1024  # the upload itself
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: what it expands to
MAX_CELLS = 1_000_000  # cells the workbook's sheets hold, counted before they are parsed
MAX_ROWS = 20_000  # rows with something in them
MAX_SHEET_ROWS = 100_000  # rows of any kind, blank ones included
MAX_SHEETS = 100
MAX_COLUMNS = 60  # columns read from the left; a ผ.02 table has 14, a ผด.02 table 24
HEADER_SEARCH_ROWS = 30

TOO_BIG_WHY = "เพื่อไม่ให้เครื่องแม่ข่ายทำงานหนักจนผู้อื่นใช้งานไม่ได้"


class NotASpreadsheet(Exception):
    """The file is not an .xlsx or a .csv (checked by content, not by name), or more than the
    server reads; the message is Thai."""


@dataclass(frozen=True)
class CellError:
    row: int  # as the spreadsheet numbers it (1 = first row)
    column: str
    message: str
    sheet: str = ""  # the sheet's name, in a workbook of several

    def __str__(self) -> str:
        where = f"แผ่นงาน “{self.sheet}” " if self.sheet else ""
        return f"{where}แถวที่ {self.row} คอลัมน์ “{self.column}”: {self.message}"


def normalise(value) -> str:
    """Cell text as compared: NFC, Arabic digits, single spaces; line breaks inside a cell are kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _normalise_text(value if isinstance(value, str) else str(value))


_SPACES = re.compile(r"[^\S\n]+")


@lru_cache(maxsize=65536)
def _normalise_text(text: str) -> str:  # a workbook repeats the same texts thousands of times
    text = unicodedata.normalize("NFC", thai.arabic_digits(text)).replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in text:
        return _SPACES.sub(" ", text).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


NEUTRALISED_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(value):
    """A text cell as it was before an export kept it from being read as a formula: "'-1+1" → "-1+1"."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value.startswith(NEUTRALISED_STARTS, 1):
        return value[1:]
    return value


_MONTH_KEYS = {  # "ต.ค." and "ตุลาคม" (spaces and dots gone) → "ตค"
    re.sub(r"[\s.]", "", name): re.sub(r"[\s.]", "", abbr)
    for abbr, full in zip(thai.MONTH_ABBRS, thai.MONTH_NAMES, strict=True)
    for name in (abbr, full)
}


@lru_cache(maxsize=4096, typed=True)
def header_key(text: str) -> str:
    """What makes two headers the same: no spaces, dots, brackets or slashes; a month loses its year
    ("ต.ค. 69" is "ตค"), other headers keep their digits ("งบประมาณ 2569" and "งบประมาณ 2570" differ)."""
    key = re.sub(r"[\s.()\-/:]", "", normalise(text))
    bare = re.sub(r"[0-9]", "", key)
    return _MONTH_KEYS.get(bare, key)  # "ตุลาคม 2569" is "ต.ค." too


YEAR_HEADER = re.compile(r"^(?:งบประมาณ(?:และที่มา)?)?(?:ปี)?(?:พศ)?(25\d\d)(?:บาท)?$")


def header_year(text: str) -> int | None:
    """The Buddhist-Era year a budget column is for: "2566 (บาท)", "๒๕๖๖", "งบประมาณ ปี 2566", "พ.ศ. 2566"."""
    match = YEAR_HEADER.match(header_key(text))
    return int(match.group(1)) if match else None


def _is_subheader_cell(value) -> bool:
    """A cell of a header's second or third row: a year, a month, or the unit "(บาท)"."""
    if isinstance(value, (int, float)) and not 2400 <= value <= 2700:
        return False
    key = header_key(value)
    return bool(header_year(value) or key in _MONTH_KEYS.values() or key == "บาท")


def is_subheader_row(values: list) -> bool:
    filled = [v for v in values if normalise(v)]
    return bool(filled) and all(_is_subheader_cell(v) for v in filled)


def combine_header(rows: list[list]) -> list[str]:
    """One header text per column from a header of one to three rows: the lowest row's cell where it
    has one ("ต.ค."), else the top row's ("ที่", merged down); a year under "งบประมาณ" keeps that word."""
    top = [normalise(v) for v in rows[0]]
    width = max(len(r) for r in rows)
    top += [""] * (width - len(top))
    combined, parent = [], ""
    for index in range(width):
        parent = top[index] or parent
        below = [normalise(r[index]) for r in rows[1:] if index < len(r) and normalise(r[index])]
        if not below:
            combined.append(top[index])
        elif header_year(below[-1]) and parent.startswith("งบประมาณ"):
            combined.append(f"งบประมาณ {below[-1]}")
        else:
            combined.append(below[-1])
    return combined


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
    sheet: str = ""

    def get(self, header: str) -> str:
        return self.cells.get(header_key(header), "")

    def is_blank(self) -> bool:
        return not any(self.cells.values())

    def filled(self) -> list[str]:
        return [key for key, value in self.cells.items() if value]

    def amount(self, header: str, error) -> Decimal | None:
        return cell_amount(self.raw.get(header_key(header)), lambda message: error(header, message))

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


def cell_amount(raw, error) -> Decimal | None:
    """An amount cell as people fill it: a number, "50,000", "๕๐,๐๐๐", "50,000 บาท"; "-" or blank is
    none. `error(message)` is told, in Thai, what is wrong with any other text."""
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, (int, float)):
        value = Decimal(str(raw))
    else:
        text = normalise(raw)
        if not text or text in ("-", "–", "—", "0-", "-0-"):
            return None
        try:
            value = thai.parse_amount(text)
        except ValueError as problem:
            error(str(problem))
            return None
    if value < 0:
        error("จำนวนเงินต้องไม่ติดลบ")
        return None
    if value > Decimal("9999999999.99"):
        error("จำนวนเงินสูงเกินจริง กรุณาตรวจสอบจำนวนหลัก")
        return None
    return value.quantize(Decimal("0.01"))


@dataclass
class Sheet:
    name: str
    rows: list[list]  # rows[i] is the sheet's row i + 1; a blank row is []
    width: int = 0  # columns the sheet says it uses (0: it does not say)

    @property
    def columns_cut(self) -> int:
        """Columns beyond those read, when the sheet says it has more."""
        return max(0, self.width - MAX_COLUMNS)


@dataclass
class Column:
    index: int  # 0-based
    header: str  # as written (the header rows combined)
    key: str

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Table:
    headers: list[str]  # as written in the file
    keys: list[str]  # their header keys
    rows: list[Row]
    header_row: int
    sheet: str = ""
    header_rows: int = 1
    skipped_sheets: list[str] = field(default_factory=list)

    def has(self, header: str) -> bool:
        return header_key(header) in self.keys

    @property
    def columns(self) -> list[Column]:
        return [Column(i, h, k) for i, (h, k) in enumerate(zip(self.headers, self.keys, strict=False)) if h]


# --- reading files ---------------------------------------------------------------------------------


def read_upload(upload) -> bytes:
    """An uploaded file's bytes, refused by its size before anything is read into memory."""
    if upload.size > MAX_BYTES:
        raise NotASpreadsheet(f"ไฟล์ใหญ่เกินไป ({upload.size / 1024 / 1024:,.0f} MB) รับได้ไม่เกิน {MAX_BYTES // 1024 // 1024} MB {TOO_BIG_WHY}")
    upload.seek(0)
    return upload.read()


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c[\s/>]")


def _count_cells(archive: zipfile.ZipFile, name: str) -> int:
    """Cells in a worksheet's XML, counted as it streams (far cheaper than parsing it)."""
    count, carry = 0, b""
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):
            data = carry + chunk
            cut = data.rfind(b"<")
            carry, data = (data[cut:], data[:cut]) if cut >= 0 else (b"", data)
            count += len(_CELL_TAG.findall(data))
    return count + len(_CELL_TAG.findall(carry))


def _check_workbook(content: bytes) -> None:
    """Refuse a workbook that is not one, or that would expand or parse into more than the server reads."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV") from None
    with archive:
        members = archive.infolist()
        if "xl/workbook.xml" not in {m.filename for m in members}:
            raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")
        expanded = sum(m.file_size for m in members)
        if expanded > MAX_UNCOMPRESSED_BYTES or len(members) > 10 * MAX_SHEETS:
            raise NotASpreadsheet(
                f"ไฟล์ Excel นี้เมื่อขยายออกมีขนาด {expanded / 1024 / 1024:,.0f} MB เกินกว่าที่ระบบอ่านได้ "
                f"({MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB) {TOO_BIG_WHY} "
                "กรุณาลบแผ่นงาน แถว หรือรูปภาพที่ไม่ใช้ออก หรือแบ่งเป็นหลายไฟล์"
            )
        cells = 0
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                try:
                    cells += _count_cells(archive, member.filename)
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                    raise NotASpreadsheet("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย กรุณาบันทึกใหม่เป็น .xlsx") from None
                if cells > MAX_CELLS:
                    raise NotASpreadsheet(
                        f"ไฟล์ Excel นี้มีช่องตารางเกิน {MAX_CELLS:,} ช่อง ระบบจึงไม่อ่าน {TOO_BIG_WHY} "
                        "กรุณาลบแถวหรือคอลัมน์ที่ไม่ใช้ออก (รวมถึงช่องว่างที่จัดรูปแบบไว้) หรือแบ่งเป็นหลายไฟล์"
                    )


def _xlsx_sheets(content: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    _check_workbook(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise NotASpreadsheet("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย กรุณาบันทึกใหม่เป็น .xlsx") from None
    try:
        if len(workbook.worksheets) > MAX_SHEETS:
            raise NotASpreadsheet(f"ไฟล์มีเกิน {MAX_SHEETS} แผ่นงาน {TOO_BIG_WHY} กรุณาแบ่งเป็นหลายไฟล์")
        sheets, filled = [], 0
        for worksheet in workbook.worksheets:
            width = worksheet.max_column if worksheet.max_column and worksheet.max_column > 1 else 0
            worksheet.reset_dimensions()  # the stored used range may be wrong: read every row there is
            rows = []
            for values in worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True):
                row = [unneutralise(v) for v in values] if any(v is not None and v != "" for v in values) else []
                filled += bool(row)
                rows.append(row)
                if filled > MAX_ROWS or len(rows) > MAX_SHEET_ROWS:
                    raise NotASpreadsheet(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว {TOO_BIG_WHY} กรุณาแบ่งเป็นหลายไฟล์")
            while rows and not rows[-1]:
                rows.pop()
            sheets.append(Sheet(worksheet.title, rows, width))
        return sheets
    except NotASpreadsheet:
        raise
    except Exception:
        raise NotASpreadsheet("เปิดไฟล์ Excel นี้ไม่ได้ ไฟล์อาจเสียหาย กรุณาบันทึกใหม่เป็น .xlsx") from None
    finally:
        workbook.close()


def _decode_text(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)  # Excel's "Unicode text" and some "CSV UTF-16" exports
    elif content[:200].count(b"\x00") > 20:
        encodings = ("utf-16-le",) if content[1:200:2].count(b"\x00") > content[0:200:2].count(b"\x00") else ("utf-16-be",)
    else:
        encodings = ("utf-8-sig", "cp874")
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")


def _csv_sheets(content: bytes) -> list[Sheet]:
    text = _decode_text(content).lstrip("\ufeff")
    if "\x00" in text or not text.strip():
        raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")
    sample = text[:20_000]
    dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows, cells = [], 0
    for values in csv.reader(io.StringIO(text), dialect):
        cells += len(values)
        if len(rows) >= MAX_ROWS or cells > MAX_CELLS:
            raise NotASpreadsheet(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว หรือเกิน {MAX_CELLS:,} ช่อง {TOO_BIG_WHY} กรุณาแบ่งเป็นหลายไฟล์")
        values = values[:MAX_COLUMNS]
        rows.append([unneutralise(v) for v in values] if any(values) else [])
    return [Sheet("CSV", rows)]


def is_xlsx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_sheets(content: bytes) -> list[Sheet]:
    """Every sheet of a workbook, or the one table of a CSV file; refused in Thai when it is neither."""
    if len(content) > MAX_BYTES:
        raise NotASpreadsheet(f"ไฟล์ใหญ่เกินไป (ไม่เกิน {MAX_BYTES // 1024 // 1024} MB)")
    if content.startswith(b"PK\x03\x04"):
        return _xlsx_sheets(content)
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise NotASpreadsheet("ไฟล์ .xls รุ่นเก่ายังไม่รองรับ กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx")
    if content.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise NotASpreadsheet("ไฟล์นี้ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV")
    return _csv_sheets(content)


# --- finding the table ------------------------------------------------------------------------------


def find_header(rows: list[list], found) -> tuple[int, int] | None:
    """(index, depth) of the first header within the first rows for which `found(texts)` is true:
    its top row's index and how many rows it spans (one to three)."""
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not values or not found([normalise(v) for v in values]):
            continue
        depth = 1
        while depth < 3 and index + depth < len(rows) and is_subheader_row(rows[index + depth]):
            depth += 1
        return index, depth
    return None


def read_table(content: bytes, required: list[str], aliases: dict[str, list[str]] | None = None) -> Table:
    """The table under the first header (in the first sheet that has one) with every `required`
    header; `aliases` are other names for a header."""
    alias_keys = {header_key(name): header_key(canonical) for canonical, names in (aliases or {}).items() for name in names}
    wanted = {header_key(name) for name in required}
    skipped = []
    for sheet in read_sheets(content):
        located = find_header(sheet.rows, lambda texts: wanted <= set(_column_keys(texts, alias_keys, wanted)))
        if located is None:
            skipped.append(sheet.name)
            continue
        index, depth = located
        headers = combine_header(sheet.rows[index : index + depth])
        keys = _column_keys(headers, alias_keys, wanted)
        table_rows = []
        for number, cells in enumerate(sheet.rows[index + depth :], index + depth + 1):
            row = Row(number, {}, {}, sheet.name)
            for key, value in zip(keys, cells, strict=False):
                if key and key not in row.cells:
                    row.cells[key] = normalise(value)
                    row.raw[key] = value
            if not row.is_blank():
                table_rows.append(row)
        return Table(headers, keys, table_rows, index + 1, sheet.name, depth, skipped)
    missing = ", ".join(required)
    raise NotASpreadsheet(f"ไม่พบแถวหัวตารางที่มีคอลัมน์ {missing} ในไฟล์นี้")
