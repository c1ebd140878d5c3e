"""Workbooks shaped like a municipality's real files, built with openpyxl, with the figures they hold.

`development_plan_workbook()` writes a ผ.02 workbook as a เทศบาลเมือง keeps its five-year plan: a
cover, a ผ.01 summary, one sheet per strategy › กลยุทธ์ › แผนงาน (30 or more) under title rows and
heading rows (the province's strategies first), two-row headers with "งบประมาณ" merged over the
years written "2566 (บาท)" or "๒๕๖๖", amounts as numbers, "50,000", Thai digits and "-", unit cells
holding a division and its section on two lines, a subtotal row per sheet, แผนงาน written without
"การ" or cut short, strategies by their full name with the organisation's name in it, namesake
projects in different strategies, and a ผ.02/1 and a ผ.03 sheet that are not the plan's own.

`budget_workbook()` writes the year's budget lines for those projects and the lines that are not
projects, with a subtotal per แผนงาน. Both return the figures they wrote, so tests and the
benchmark can check every count and total against the source.
"""

from __future__ import annotations

import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lib import thai

YEARS = [2566, 2567, 2568, 2569, 2570]
ORGANISATION = "เทศบาลเมืองท่าพระ"

# number → (name in the database, as the file writes it)
STRATEGIES = {
    1: ("การพัฒนาด้านโครงสร้างพื้นฐาน", "1. ยุทธศาสตร์การพัฒนาด้านโครงสร้างพื้นฐานของเทศบาลเมืองท่าพระ"),
    2: ("การพัฒนาคุณภาพชีวิต", "ยุทธศาสตร์ที่ 2 การพัฒนาคุณภาพชีวิตของประชาชนเทศบาลเมืองท่าพระ"),
    3: ("การพัฒนาด้านการศึกษา ศาสนาและวัฒนธรรม", "ยุทธศาสตร์การพัฒนาการศึกษา ศาสนาและวัฒนธรรม เทศบาลเมืองท่าพระ"),
    4: ("การพัฒนาเศรษฐกิจและการท่องเที่ยว", "๔. ยุทธศาสตร์การพัฒนาด้านเศรษฐกิจและการท่องเที่ยว"),
    5: ("การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม", "ยุทธศาสตร์ที่ ๕ การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อมของเทศบาลเมืองท่าพระ"),
    6: ("การพัฒนาการเมืองการบริหาร", "ยุทธศาสตร์การพัฒนาด้านการเมืองการบริหาร"),
}
# strategy → [(guideline number, name in the database, as the file writes it, [programme codes])]
GUIDELINES = {
    1: [(1, "พัฒนาระบบคมนาคม", "1.1 กลยุทธ์การพัฒนาระบบคมนาคม", ["00310", "00240", "00330"]),
        (2, "พัฒนาระบบสาธารณูปโภค", "1.2 กลยุทธ์การพัฒนาระบบสาธารณูปโภค", ["00240", "00310", "00220"])],
    2: [(1, "ส่งเสริมสุขภาพและป้องกันโรค", "กลยุทธ์ที่ 1 ส่งเสริมสุขภาพและป้องกันโรค", ["00220", "00230", "00210"]),
        (2, "สร้างความเข้มแข็งของชุมชน", "กลยุทธ์ที่ 2 สร้างความเข้มแข็งของชุมชน", ["00250", "00120", "00230"])],
    3: [(1, "พัฒนาการศึกษา", "3.1 แนวทางการพัฒนาการศึกษา", ["00210", "00260"]),
        (2, "ทำนุบำรุงศาสนาและวัฒนธรรม", "3.2 แนวทางทำนุบำรุงศาสนาและวัฒนธรรม", ["00260", "00210", "00250"])],
    4: [(1, "ส่งเสริมอาชีพและรายได้", "4.1 กลยุทธ์ส่งเสริมอาชีพและรายได้", ["00320", "00330", "00250"]),
        (2, "พัฒนาการท่องเที่ยว", "4.2 กลยุทธ์พัฒนาการท่องเที่ยว", ["00330", "00310"])],
    5: [(1, "จัดการขยะและสิ่งแวดล้อม", "5.1 กลยุทธ์จัดการขยะและสิ่งแวดล้อม", ["00220", "00240", "00310"]),
        (2, "อนุรักษ์ทรัพยากรธรรมชาติ", "5.2 กลยุทธ์อนุรักษ์ทรัพยากรธรรมชาติ", ["00320", "00240"])],
    6: [(1, "พัฒนาการบริหารจัดการองค์กร", "6.1 กลยุทธ์พัฒนาการบริหารจัดการองค์กร", ["00110", "00120"]),
        (2, "ส่งเสริมการมีส่วนร่วมของประชาชน", "6.2 กลยุทธ์ส่งเสริมการมีส่วนร่วมของประชาชน", ["00110", "00250", "00120"])],
}  # fmt: skip
# แผนงาน as files write them: without "การ", cut short, spaced
PROGRAMME_TEXT = {
    "00110": "1 แผนงานบริหารงานทั่วไป", "00120": "แผนงานรักษาความสงบภายใน", "00210": "แผนงานการศึกษา",
    "00220": "แผนงาน สาธารณสุข", "00230": "แผนงานสังคมสงเคราะห์", "00240": "แผนงานเคหะ",
    "00250": "แผนงานสร้างความเข้มแข็ง", "00260": "แผนงานศาสนาวัฒนธรรมและนันทนาการ", "00310": "แผนงานอุตสาหกรรมและโยธา",
    "00320": "แผนงานการเกษตร", "00330": "แผนงานพาณิชย์",
}  # fmt: skip
PROGRAMME_NAMES = {
    "00110": "แผนงานบริหารงานทั่วไป", "00120": "แผนงานการรักษาความสงบภายใน", "00210": "แผนงานการศึกษา", "00220": "แผนงานสาธารณสุข",
    "00230": "แผนงานสังคมสงเคราะห์", "00240": "แผนงานเคหะและชุมชน", "00250": "แผนงานสร้างความเข้มแข็งของชุมชน",
    "00260": "แผนงานการศาสนาวัฒนธรรมและนันทนาการ", "00310": "แผนงานอุตสาหกรรมและการโยธา", "00320": "แผนงานการเกษตร", "00330": "แผนงานการพาณิชย์",
}  # fmt: skip
# unit in the database → as its cells are written (a section on the second line)
UNITS = {
    "สำนักปลัด": ["สำนักปลัดเทศบาล", "สำนักปลัด\nฝ่ายอำนวยการ"],
    "กองคลัง": ["กองคลัง"],
    "กองช่าง": ["กองช่าง\nฝ่ายแบบแผนและก่อสร้าง", "กองช่าง"],
    "กองการศึกษา": ["กองการศึกษา\nงานส่งเสริมการศึกษา", "กองการศึกษา"],
    "กองสาธารณสุขและสิ่งแวดล้อม": ["กองสาธารณสุขฯ", "กองสาธารณสุขและสิ่งแวดล้อม\nงานรักษาความสะอาด"],
    "กองสวัสดิการสังคม": ["กองสวัสดิการสังคม"],
}
WORDS = ["ก่อสร้างถนนคอนกรีตเสริมเหล็ก", "ปรับปรุงระบบประปา", "ฝึกอบรมอาชีพ", "ส่งเสริมสุขภาพผู้สูงอายุ", "ป้องกันโรคไข้เลือดออก",
         "จัดงานประเพณีลอยกระทง", "ขุดลอกคลองสาธารณะ", "ติดตั้งไฟฟ้าส่องสว่าง", "อาหารกลางวันเด็กเล็ก", "คัดแยกขยะต้นทาง",
         "แข่งขันกีฬาต้านยาเสพติด", "พัฒนาศักยภาพบุคลากร", "ส่งเสริมตลาดชุมชน", "ปลูกต้นไม้เฉลิมพระเกียรติ"]  # fmt: skip
NAMESAKE = "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก ซอยเทศบาล"


@dataclass
class SourceProject:
    sheet: str
    strategy: int
    guideline: int
    programme: str  # code
    name: str
    budgets: dict[int, Decimal]
    unit: str  # the unit's name in the database
    unit_detail: str
    target: str
    unit_cell: str = ""  # as the file writes it


@dataclass
class Source:
    projects: list[SourceProject] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the ผ.02 sheets
    skipped: list[str] = field(default_factory=list)  # the sheets that are not

    def totals(self, year: int) -> dict[tuple[int, str], tuple[int, Decimal]]:
        """(strategy, แผนงาน code) → (projects with a budget that year, their total)."""
        totals: dict[tuple[int, str], list] = defaultdict(lambda: [0, Decimal("0")])
        for project in self.projects:
            if project.budgets.get(year):
                totals[project.strategy, project.programme][0] += 1
                totals[project.strategy, project.programme][1] += project.budgets[year]
        return {key: (count, total) for key, (count, total) in totals.items()}

    def year_totals(self) -> dict[tuple[int, str], dict[int, Decimal]]:
        totals: dict[tuple[int, str], dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for project in self.projects:
            for year, amount in project.budgets.items():
                totals[project.strategy, project.programme][year] += amount
        return totals


def _amount_cell(amount: Decimal | None, style: int):
    """The same amount as people type it: a number, "50,000", Thai digits, or "-" for none."""
    if amount is None:
        return "-"
    if style % 4 == 0:
        return float(amount) if amount % 1 else int(amount)
    if style % 4 == 1:
        return f"{amount:,.0f}"
    if style % 4 == 2:
        return thai.thai_digits(f"{amount:,.0f}")
    return f"{amount:,.2f}"


def _sheets(projects_wanted: int) -> list[tuple[int, tuple, str]]:
    """(strategy, guideline, programme code) of every ผ.02 sheet: 32 of them in all."""
    return [(s, g, code) for s, guidelines in GUIDELINES.items() for g in guidelines for code in g[3]]


def development_plan_workbook(projects: int = 260, seed: int = 2566, namesakes: bool = True, new_unit: str = "") -> tuple[bytes, Source]:
    """`new_unit`: a unit the organisation does not have yet, written in the first project's cell."""
    rng = random.Random(seed)
    book = Workbook()
    cover = book.active
    cover.title = "ปก"
    cover.append(["แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)"])
    cover.append([ORGANISATION])
    cover.append(["อำเภอท่าพระ จังหวัดขอนแก่น"])
    source = Source(skipped=["ปก", "ผ.01"])
    summary = book.create_sheet("ผ.01")
    sheets = _sheets(projects)
    per_sheet = [projects // len(sheets) + (1 if i < projects % len(sheets) else 0) for i in range(len(sheets))]
    units = list(UNITS)
    for index, ((strategy, guideline, code), count) in enumerate(zip(sheets, per_sheet, strict=True)):
        name = f"ยุทธ{strategy}-{guideline[0]} {PROGRAMME_NAMES[code].removeprefix('แผนงาน')[:12]}"
        sheet = book.create_sheet(name)
        source.sheets.append(name)
        rows = []
        for n in range(count):
            years_with_budget = rng.sample(YEARS, rng.randint(1, 5))
            budgets = {y: Decimal(rng.randrange(20, 5000) * 1000) for y in sorted(years_with_budget)}
            unit = units[(index + n) % len(units)]
            written = UNITS[unit][n % len(UNITS[unit])]
            detail = written.split("\n", 1)[1] if "\n" in written else ""
            word = WORDS[(index * 7 + n) % len(WORDS)]
            project_name = f"โครงการ{word} ชุมชนที่ {n + 1} ({strategy}.{guideline[0]}.{code[-3:]})"
            rows.append(
                SourceProject(name, strategy, guideline[0], code, project_name, budgets, unit, detail, f"ดำเนินการ {n + 1} แห่ง", written)
            )
        if namesakes and (strategy, guideline[0], code) in ((1, 1, "00310"), (4, 2, "00310")):
            # the same name, แผนงาน and 2570 budget under strategies 1 and 4
            rows[0].name = NAMESAKE
            rows[0].budgets[2570] = Decimal("1000000")
        if new_unit and index == 0:
            rows[0].unit, rows[0].unit_detail, rows[0].unit_cell = new_unit, "", new_unit
        _write_p02_sheet(sheet, strategy, guideline, code, rows, year_style=index % 3)
        source.projects += rows
    last = book[source.sheets[-1]]  # the grand total under the last sheet's own total, as the printed plan ends
    grand = [sum((p.budgets.get(y, Decimal(0)) for p in source.projects), Decimal(0)) for y in YEARS]
    last.append(["รวมทั้งสิ้น", f"{len(source.projects)} โครงการ", "-", "-", *[int(t) for t in grand], "-", "-", "-"])
    _write_summary(summary, source)
    for title, label in (("ผ.02-1 ประสานจังหวัด", "แบบ ผ.02/1"), ("ผ.03 ครุภัณฑ์", "แบบ ผ.03")):
        other = book.create_sheet(title)
        other.append(["", "", "", "", "", "", "", "", "", "", "", label])
        other.append(["รายละเอียดโครงการพัฒนา" if "02" in label else "บัญชีครุภัณฑ์"])
        header = ["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย", "งบประมาณ", "", "", "", "", "ตัวชี้วัด", "ผลที่คาดว่าจะได้รับ", "หน่วยงานรับผิดชอบหลัก"]
        if "03" in label:
            header[1] = "แผนงาน"
        other.append(header)
        other.append(["", "", "", "", *[f"{y} (บาท)" for y in YEARS]])
        other.append(
            [1, "โครงการถนนเชื่อมตำบลของจังหวัด", "เพื่อการคมนาคม", "1 สาย", 5000000, "-", "-", "-", "-", "ร้อยละ 80", "สะดวก", "แขวงทางหลวงชนบท"]
        )
        source.skipped.append(title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), source


def _write_p02_sheet(sheet, strategy: int, guideline: tuple, code: str, rows: list[SourceProject], year_style: int) -> None:
    sheet.append(["", "", "", "", "", "", "", "", "", "", "", "", "แบบ ผ.02"])
    sheet.append(["รายละเอียดโครงการพัฒนา"])
    sheet.append(["แผนพัฒนาท้องถิ่น (พ.ศ. 2566 - 2570)"])
    sheet.append([f"{ORGANISATION} อำเภอท่าพระ จังหวัดขอนแก่น"])
    sheet.append([f"ก. ยุทธศาสตร์จังหวัดที่ {strategy} การพัฒนาเศรษฐกิจและสังคมจังหวัดขอนแก่น"])
    sheet.append([f"ข. ยุทธศาสตร์การพัฒนาของ อปท. ในเขตจังหวัดที่ {strategy} การพัฒนาท้องถิ่นอย่างยั่งยืน"])
    sheet.append([STRATEGIES[strategy][1]])
    sheet.append([guideline[2]])
    sheet.append([PROGRAMME_TEXT[code]])
    for cell in ("A2", "A3", "A4"):
        sheet[cell].font = Font(bold=True)
    top = sheet.max_row + 1
    years = [f"{y} (บาท)" for y in YEARS] if year_style != 1 else [thai.thai_digits(str(y)) for y in YEARS]
    unit_header = "หน่วยงานที่รับผิดชอบหลัก" if year_style else "หน่วยงานรับผิดชอบหลัก"
    sheet.append(["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย\n(ผลผลิตของโครงการ)", "งบประมาณ", "", "", "", "", "ตัวชี้วัด\n(KPI)",
                  "ผลที่คาดว่าจะได้รับ", unit_header])  # fmt: skip
    sheet.append(["", "", "", "", *years])
    sheet.merge_cells(start_row=top, start_column=5, end_row=top, end_column=9)
    for column in (1, 2, 3, 4, 10, 11, 12):
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    for row in sheet.iter_rows(min_row=top, max_row=top + 1):
        for cell in row:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for n, project in enumerate(rows, 1):
        number = thai.thai_digits(str(n)) if year_style == 1 else n
        sheet.append([number, project.name, f"เพื่อ{project.name.removeprefix('โครงการ')}", project.target,
                      *[_amount_cell(project.budgets.get(y), n + i) for i, y in enumerate(YEARS)],
                      "ร้อยละ 80 ของประชาชนพึงพอใจ", "ประชาชนได้รับประโยชน์", project.unit_cell])  # fmt: skip
    totals = [sum((p.budgets.get(y, Decimal(0)) for p in rows), Decimal(0)) for y in YEARS]
    sheet.append(["รวม", f"{len(rows)} โครงการ", "-", "-", *[int(t) if t else "-" for t in totals], "-", "-", "-"])


def _write_summary(sheet, source: Source) -> None:
    sheet.append(["บัญชีสรุปโครงการพัฒนา", "", "", "", "", "", "", "", "", "", "", "แบบ ผ.01"])
    sheet.append(["ยุทธศาสตร์", *[item for y in YEARS for item in (f"ปี {y}", "")], "รวม 5 ปี"])
    sheet.append(["", *["จำนวนโครงการ", "งบประมาณ (บาท)"] * len(YEARS)])
    for number, (name, _) in STRATEGIES.items():
        projects = [p for p in source.projects if p.strategy == number]
        row = [f"{number}) ยุทธศาสตร์{name}"]
        for year in YEARS:
            funded = [p for p in projects if p.budgets.get(year)]
            row += [len(funded), float(sum((p.budgets[year] for p in funded), Decimal(0)))]
        sheet.append(row)


# --- the year's budget lines --------------------------------------------------------------------------


@dataclass
class SourceLine:
    programme: str
    category: str
    item: str
    amount: Decimal
    project: SourceProject | None


def budget_workbook(source: Source, year: int = 2570, strategy_column: bool = True) -> tuple[bytes, list[SourceLine]]:
    """The year's budget lines in a flat table: a line for every project with a budget that year, the
    lines that are not projects, a subtotal per แผนงาน."""
    lines: list[SourceLine] = []
    for project in source.projects:
        amount = project.budgets.get(year)
        if not amount:
            continue
        category = "ค่าที่ดินและสิ่งก่อสร้าง" if project.programme in ("00310", "00240") else "ค่าใช้สอย"
        lines.append(SourceLine(project.programme, category, project.name, amount, project))
    for code in sorted(PROGRAMME_NAMES):
        lines.append(SourceLine(code, "เงินเดือน (ฝ่ายประจำ)", "เงินเดือนพนักงาน", Decimal("1200000"), None))
        lines.append(SourceLine(code, "ค่าวัสดุ", "ค่าวัสดุสำนักงาน", Decimal("150000"), None))
    book = Workbook()
    sheet = book.active
    sheet.title = "รายจ่ายตามแผนงาน"
    sheet.append([f"{ORGANISATION} เทศบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. {year}"])
    sheet.append(["แผนงาน", "งาน", "หมวด", "ประเภท", "รายการ", "จำนวนเงิน (บาท)", "หน่วยงาน", "ยุทธศาสตร์"])
    for code in sorted(PROGRAMME_NAMES):
        mine = [line for line in lines if line.programme == code]
        for line in mine:
            project = line.project
            strategy = f"ยุทธศาสตร์ที่ {project.strategy}" if project and strategy_column and project.name == NAMESAKE else ""
            unit = project.unit if project else "สำนักปลัด"
            sheet.append([PROGRAMME_NAMES[code], "งานบริหารทั่วไป" if not project else "งานตามโครงการ", line.category,
                          "", line.item, f"{line.amount:,.2f}", unit, strategy])  # fmt: skip
        sheet.append(["", "", "", "", f"รวม{PROGRAMME_NAMES[code]}", float(sum((line.amount for line in mine), Decimal(0)))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), lines
