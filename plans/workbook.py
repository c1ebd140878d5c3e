"""Reading the development plan's ผ.02 workbook as municipalities keep it.

A workbook holds one sheet per strategy, กลยุทธ์ or แผนงาน (thirty or more), beside a ผ.01 summary,
a cover and other forms. Each ผ.02 sheet has title rows, then heading rows that name the strategy,
the กลยุทธ์ (แนวทาง) and the แผนงาน of the rows below them ("ก. ยุทธศาสตร์จังหวัด…" rows name the
province's strategies and are passed over), then a header of one to three rows ("งบประมาณ" merged
over one column per year: "2566 (บาท)" or "๒๕๖๖"), then the projects, with subtotal and total rows.
A project may run on over several rows (its text continued below, without a number). A flat table
with ยุทธศาสตร์, แนวทาง and แผนงาน columns (the import template) reads the same way.

This module only reads: it says what every sheet, column and row is, and leaves names to resolve
and records to save to `plans.importing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from lib import spreadsheets
from lib.spreadsheets import CellError, Sheet, header_key, header_year, normalise
from plans.preview import ColumnUse, SheetUse

# What each column of the ผ.02 form fills, by the names its header is written with.
FIELDS = {
    "number": ["ที่", "ลำดับ", "ลำดับที่"],
    "name": ["โครงการ", "ชื่อโครงการ", "โครงการ/กิจกรรม", "ชื่อโครงการ/กิจกรรม"],
    "objective": ["วัตถุประสงค์", "วัตถุประสงค์ของโครงการ"],
    "target": ["เป้าหมาย", "เป้าหมาย (ผลผลิตของโครงการ)", "เป้าหมายผลผลิต", "เป้าหมาย (ผลผลิต)"],
    "kpi": ["ตัวชี้วัด", "ตัวชี้วัด (KPI)", "KPI", "ตัวชี้วัดความสำเร็จ"],
    "expected_result": ["ผลที่คาดว่าจะได้รับ", "ผลที่คาดว่าจะได้รับ (ผลลัพธ์)"],
    "unit": ["หน่วยงานรับผิดชอบหลัก", "หน่วยงานที่รับผิดชอบหลัก", "หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงาน", "หน่วยดำเนินการ"],
    "strategy": ["ยุทธศาสตร์", "ยุทธศาสตร์การพัฒนา"],
    "guideline": ["แนวทางการพัฒนา", "แนวทาง", "กลยุทธ์", "กลยุทธ์/แนวทาง", "กลยุทธ์ (แนวทาง)", "กลยุทธ์/แนวทางการพัฒนา"],
    "programme": ["แผนงาน"],
}
FIELD_BY_KEY = {header_key(name): field_name for field_name, names in FIELDS.items() for name in names}
FILLS = {
    "number": "ใช้แยกแถวโครงการจากแถวข้อความต่อเนื่อง (ลำดับในระบบจัดใหม่ต่อกันทั้งแผน)",
    "name": "ชื่อโครงการ",
    "objective": "วัตถุประสงค์",
    "target": "เป้าหมาย (ผลผลิตของโครงการ)",
    "kpi": "ตัวชี้วัด (KPI)",
    "expected_result": "ผลที่คาดว่าจะได้รับ",
    "unit": "หน่วยงานรับผิดชอบหลัก (บรรทัดแรก) และส่วนงานที่รับผิดชอบ (บรรทัดถัดไป)",
    "strategy": "ยุทธศาสตร์",
    "guideline": "กลยุทธ์/แนวทางการพัฒนา",
    "programme": "แผนงาน",
}
TEXT_FIELDS = ("name", "objective", "target", "kpi", "expected_result", "unit")

PROVINCE_HEADING = re.compile(r"^[ก-ฮ]\s*\.\s*ยุทธศาสตร์|ยุทธศาสตร์(?:การพัฒนา)?จังหวัด|ในเขตจังหวัด|ยุทธศาสตร์ชาติ")
STRATEGY_HEADING = re.compile(r"^(?:\d+\s*[.)]?\s*)?ยุทธศาสตร์")
GUIDELINE_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s*[.)]?\s*)?(?:กลยุทธ์|แนวทาง)")
PROGRAMME_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s*[.)]?\s*)?แผนงาน")
FORM_LABEL = re.compile(r"ผ\s*\.?\s*0?(\d)(?:\s*/\s*(\d))?(?!\d)")
SUBTOTAL = re.compile(r"^รวม(?:ทั้งสิ้น|ทั้งหมด|ยอด|เป็นเงิน)?\s*(?:$|\d|จำนวน|ทั้ง|ยุทธศาสตร์|แผนงาน|กลยุทธ์|แนวทาง|งบ|ปี|แผ่น|หน้า)")
COUNT_IN_TEXT = re.compile(r"(\d[\d,]*)\s*โครงการ")
FORM_NAMES = {"1": "บัญชีสรุปโครงการพัฒนา", "3": "บัญชีครุภัณฑ์", "4": "บัญชีครุภัณฑ์", "5": "โครงการของหน่วยงานอื่น"}


@dataclass
class Context:
    """The strategy, กลยุทธ์ and แผนงาน that heading rows set for the rows below them."""

    strategy: str = ""
    guideline: str = ""
    programme: str = ""
    where: dict = field(default_factory=dict)  # field → (sheet, row) of the heading

    def set(self, name: str, text: str, where: tuple[str, int]) -> None:
        setattr(self, name, text)
        self.where[name] = where
        lower = {"strategy": ("guideline", "programme"), "guideline": ("programme",), "programme": ()}[name]
        for below in lower:
            setattr(self, below, "")
            self.where.pop(below, None)

    def copy(self) -> Context:
        return Context(self.strategy, self.guideline, self.programme, dict(self.where))

    def describe(self) -> str:
        return " › ".join(part for part in (self.strategy, self.guideline, self.programme) if part) or "ไม่มีแถวหัวข้อ"


@dataclass
class ProjectRow:
    sheet: str
    row: int
    context: Context  # from headings, overridden by the row's own ยุทธศาสตร์/แนวทาง/แผนงาน cells
    texts: dict[str, str]  # field → text
    budgets: dict[int, Decimal]
    sources: dict[int, str]
    columns: dict[str, str]  # field → the column's header, for messages
    continued: int = 0  # rows of text that continue it

    @property
    def where(self) -> tuple[str, int]:
        return self.sheet, self.row


@dataclass
class SubtotalRow:
    sheet: str
    row: int
    label: str
    amounts: dict[int, Decimal]
    count: int | None
    position: int  # its place among the sheet's rows


@dataclass
class Reading:
    sheets: list[SheetUse] = field(default_factory=list)
    columns: list[ColumnUse] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    subtotals: list[SubtotalRow] = field(default_factory=list)
    order: list[tuple[str, object]] = field(default_factory=list)  # (sheet, ProjectRow | SubtotalRow) in file order
    errors: list[CellError] = field(default_factory=list)
    years_found: set[int] = field(default_factory=set)


def _is_project_header(texts: list[str]) -> bool:
    fields = {FIELD_BY_KEY.get(header_key(t)) for t in texts}
    return "name" in fields and (any(header_year(t) for t in texts) or any(header_key(t).startswith("งบประมาณ") for t in texts))


def _form_label(sheet: Sheet, above: int) -> str | None:
    """The form a sheet says it is ("02", "02/1", "01"), from its name or its title rows."""
    texts = [normalise(v) for row in sheet.rows[:above] for v in row if isinstance(v, str)] + [sheet.name]
    for text in texts:
        match = FORM_LABEL.search(normalise(text))
        if match and not re.search(r"ผด", text):
            return "0" + match.group(1) + (f"/{match.group(2)}" if match.group(2) else "")
    return None


def read(content: bytes, years: list[int]) -> Reading:
    """Read every sheet: skip and list those that are not a ผ.02 table; read the others' rows."""
    reading = Reading()
    context = Context()
    for sheet in spreadsheets.read_sheets(content):
        located = spreadsheets.find_header(sheet.rows, _is_project_header)
        label = _form_label(sheet, located[0] if located else spreadsheets.HEADER_SEARCH_ROWS)
        if located is None:
            why = (
                f"แบบ ผ.{label} ({FORM_NAMES.get(label[1], 'ไม่ใช่แบบ ผ.02')})"
                if label and label != "02"
                else "ไม่พบหัวตาราง ผ.02 (โครงการ และงบประมาณรายปี)"
            )
            reading.sheets.append(SheetUse(sheet.name, False, why))
            continue
        if label and label != "02":
            reading.sheets.append(SheetUse(sheet.name, False, f"แบบ ผ.{label} ไม่ใช่แบบ ผ.02 ของ อปท. (โครงการที่ประสานหน่วยงานอื่นดำเนินการ)"))
            continue
        context = _read_sheet(reading, sheet, located, years, context)
    return reading


def _read_sheet(reading: Reading, sheet: Sheet, located: tuple[int, int], years: list[int], context: Context) -> Context:
    index, depth = located
    inherited = context.describe() if context.strategy else ""
    context = context.copy()
    for number, values in enumerate(sheet.rows[:index], 1):
        _heading(context, _heading_texts(values), (sheet.name, number))
    headers = spreadsheets.combine_header(sheet.rows[index : index + depth])
    columns = _columns(reading, sheet, headers, years)
    first = len(reading.projects)
    before = context.describe()
    last: ProjectRow | None = None
    position = 0
    unheaded: dict[int, int] = {}
    ignored: list[str] = []
    for number, values in enumerate(sheet.rows[index + depth :], index + depth + 1):
        if not values:
            continue
        cells = {i: normalise(v) for i, v in enumerate(values) if normalise(v)}
        for i in cells:
            if i >= len(headers) or not headers[i]:
                unheaded[i] = unheaded.get(i, 0) + 1
        texts = {f: cells.get(i, "") for i, f in columns["fields"].items()}
        amounts = {year: values[i] if i < len(values) else None for i, year in columns["years"].items()}
        has_amounts = any(normalise(v) not in ("", "-") for v in amounts.values())
        label = next((cells[i] for i in sorted(cells) if not isinstance(values[i], (int, float))), "")
        position += 1
        if FIELD_BY_KEY.get(header_key(texts.get("name", ""))) == "name" or spreadsheets.is_subheader_row(values):
            continue  # the header again (copied above every printed page)
        if not _is_number(texts.get("number", "")) and any(
            SUBTOTAL.match(t) for t in (texts.get("number", ""), texts.get("name", ""), label)
        ):
            reading_subtotal(reading, sheet.name, number, cells, amounts, position)
            last = None
            continue
        line = " ".join(cells[i] for i in sorted(cells))
        if not has_amounts and _is_heading_row(texts, values) and _heading(context, _heading_texts(values), (sheet.name, number)):
            last = None
            continue
        numbered = "number" in columns["fields"].values()
        if not has_amounts and last is not None and not texts.get("number") and (numbered or not texts.get("name")):
            _continue(last, texts)  # its text runs on from the project above
            continue
        if not texts.get("name") and not has_amounts:
            ignored.append(f"แถวที่ {number} “{line[:60]}”")
            continue
        last = _project(reading, sheet.name, number, context, texts, amounts, columns)
        reading.order.append((sheet.name, last))
    read_rows = len(reading.projects) - first
    note = f"ต่อจากแผ่นก่อนหน้า: {inherited}" if inherited and before == inherited else before
    reading.sheets.append(SheetUse(sheet.name, True, note, read_rows))
    for i, count in sorted(unheaded.items()):
        letter = spreadsheets.Column(i, "", "").letter
        reading.columns.append(ColumnUse(sheet.name, letter, "", "", f"ไม่มีหัวตาราง แต่มีข้อมูล {count} แถว: ไม่ได้นำเข้า"))
    if sheet.columns_cut:
        reading.columns.append(ColumnUse(sheet.name, "", "", "", f"แผ่นงานนี้มีเกิน {spreadsheets.MAX_COLUMNS} คอลัมน์: คอลัมน์ที่เกินไม่ได้อ่าน"))
    if ignored:
        reading.columns.append(ColumnUse(sheet.name, "", "", "", "แถวข้อความที่ไม่ใช่โครงการ ไม่ได้นำเข้า: " + ", ".join(ignored[:5])))
    return context


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+", text))


def _is_heading_row(texts: dict[str, str], values: list) -> bool:
    """A row that may be headings: no number, one or two texts, and its project cell empty or the heading itself."""
    name = texts.get("name", "")
    if _is_number(texts.get("number", "")) or len(_heading_texts(values)) > 2:
        return False
    return not name or any(p.match(name) for p in (STRATEGY_HEADING, GUIDELINE_HEADING, PROGRAMME_HEADING, PROVINCE_HEADING))


def _heading_texts(values: list) -> list[str]:
    """A row's texts, a number alone in its cell ("1.1") joined to the text after it."""
    texts, pending = [], ""
    for value in values:
        text = normalise(value).replace("\n", " ")
        if not text:
            continue
        if re.fullmatch(r"\d+(?:\.\d+)*\.?", text):
            pending = f"{pending}{text} "
            continue
        texts.append(pending + text)
        pending = ""
    return texts


def _heading(context: Context, texts: list[str], where: tuple[str, int]) -> bool:
    """A row of headings sets the context of the rows below; False when it is not one."""
    found = False
    for text in texts:
        text = text.replace("\n", " ")
        if PROVINCE_HEADING.search(text):
            found = True
        elif STRATEGY_HEADING.match(text):
            context.set("strategy", text, where)
            found = True
        elif GUIDELINE_HEADING.match(text):
            context.set("guideline", text, where)
            found = True
        elif PROGRAMME_HEADING.match(text):
            context.set("programme", text, where)
            found = True
    return found


def _columns(reading: Reading, sheet: Sheet, headers: list[str], years: list[int]) -> dict:
    """Which column fills what; every header is listed in the reading, read or not."""
    fields: dict[int, str] = {}
    year_columns: dict[int, int] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        letter = spreadsheets.Column(index, header, "").letter
        field_name = FIELD_BY_KEY.get(header_key(header))
        year = header_year(header)
        if field_name and field_name not in fields.values():
            fields[index] = field_name
            reading.columns.append(ColumnUse(sheet.name, letter, header, FILLS[field_name]))
        elif year and year in years:
            year_columns[index] = year
            reading.years_found.add(year)
            reading.columns.append(ColumnUse(sheet.name, letter, header, f"งบประมาณปี {year}", "บรรทัดที่สองของช่อง (ถ้ามี) เป็นที่มาของงบประมาณ"))
        elif year:
            reading.years_found.add(year)
            reading.columns.append(ColumnUse(sheet.name, letter, header, "", f"ปี {year} อยู่นอกช่วงปีของแผนพัฒนานี้ ({years[0]}–{years[-1]})"))
        elif field_name:
            reading.columns.append(ColumnUse(sheet.name, letter, header, "", "ซ้ำกับคอลัมน์ก่อนหน้าที่มีชื่อเดียวกัน"))
        else:
            reading.columns.append(ColumnUse(sheet.name, letter, header, "", "ไม่มีช่องในแบบ ผ.02 ที่ระบบเก็บ"))
    return {"fields": fields, "years": year_columns, "headers": headers}


def _continue(project: ProjectRow, texts: dict[str, str]) -> None:
    for name in TEXT_FIELDS:
        if texts.get(name):
            joiner = "\n" if name == "unit" else " "
            project.texts[name] = f"{project.texts.get(name, '')}{joiner}{texts[name]}".strip()
    project.continued += 1


def _project(reading: Reading, sheet: str, number: int, context: Context, texts: dict, amounts: dict, columns: dict) -> ProjectRow:
    budgets, sources = {}, {}
    for year, raw in amounts.items():
        column = f"{year}"
        first, _, rest = raw.partition("\n") if isinstance(raw, str) else (raw, "", "")
        amount = spreadsheets.cell_amount(
            first, lambda message, c=column: reading.errors.append(CellError(number, f"งบประมาณ {c}", message, sheet))
        )
        if amount is not None:
            budgets[year] = amount
            sources[year] = normalise(rest).replace("\n", " ").strip("() ")[:150]
    headers = {name: columns["headers"][i] for i, name in columns["fields"].items()}
    own = context.copy()
    if texts.get("strategy"):
        own.set("strategy", texts["strategy"], (sheet, number))
    for name in ("guideline", "programme"):
        if texts.get(name):
            setattr(own, name, texts[name])
    project = ProjectRow(sheet, number, own, {k: v for k, v in texts.items() if k in TEXT_FIELDS}, budgets, sources, headers)
    reading.projects.append(project)
    return project


def reading_subtotal(reading: Reading, sheet: str, number: int, cells: dict, amounts: dict, position: int) -> None:
    text = " ".join(cells[i] for i in sorted(cells) if not re.fullmatch(r"[\d,.\-]+", cells[i]))
    count = COUNT_IN_TEXT.search(text)
    values = {}
    for year, raw in amounts.items():
        first = raw.partition("\n")[0] if isinstance(raw, str) else raw
        amount = spreadsheets.cell_amount(first, lambda message: None)
        values[year] = amount or Decimal("0")
    subtotal = SubtotalRow(sheet, number, text[:80] or "รวม", values, int(count.group(1).replace(",", "")) if count else None, position)
    reading.subtotals.append(subtotal)
    reading.order.append((sheet, subtotal))
