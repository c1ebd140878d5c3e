"""Importing planning records from the spreadsheets staff already keep: matching names to records.

Strategies are matched by number ("ยุทธศาสตร์ที่ 1 …", "1", "๑") or by name; แผนงาน by name with
spacing variants ("แผนงานการศาสนา วัฒนธรรม และนันทนาการ"); units and villages likewise. With
`create_missing`, unknown strategies and units are created; otherwise each is an error of its row.
Every importer is all or nothing: with any error nothing is saved, and every error is reported by
row and column, in Thai.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from lib import spreadsheets
from lib.spreadsheets import CellError, Row
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    ExpenseCategory,
    Guideline,
    Organisation,
    PlanProject,
    PlanProjectBudget,
    Programme,
    StrategicPlan,
    Strategy,
    Unit,
    Village,
)


class ImportErrors(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def squash(text: str) -> str:
    """Names compared without spaces, dots or the word แผนงาน: "แผนงานการศาสนา วัฒนธรรม และนันทนาการ" ~ "การศาสนาวัฒนธรรมและนันทนาการ"."""
    text = spreadsheets.normalise(text)
    text = re.sub(r"^แผนงาน", "", text.replace(" ", ""))
    return re.sub(r"[\s.,]", "", text)


STRATEGY_TEXT = re.compile(r"^(?:ยุทธศาสตร์(?:การพัฒนา)?(?:ด้าน)?\s*(?:ที่)?\s*)?(\d+)[.)\s]*(.*)$")
GUIDELINE_TEXT = re.compile(r"^(?:แนวทาง(?:การพัฒนา)?\s*(?:ที่)?\s*)?(\d+)\.(\d+)\s*(.*)$")


@dataclass
class Matcher:
    """The organisation's records by the names and numbers people write in spreadsheets."""

    organisation: Organisation
    strategic_plan: StrategicPlan | None
    create_missing: bool = False
    strategies: dict = field(default_factory=dict)
    strategy_names: dict = field(default_factory=dict)
    guidelines: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    programmes: dict = field(default_factory=dict)
    villages: dict = field(default_factory=dict)
    new_strategies: dict = field(default_factory=dict)  # number → name, created on save
    new_units: dict = field(default_factory=dict)  # squashed name → name, created on save
    new_guidelines: dict = field(default_factory=dict)  # (strategy number, number) → name, created on save
    new_villages: set = field(default_factory=set)  # village numbers, created on save

    def __post_init__(self):
        if self.strategic_plan is not None:
            for strategy in self.strategic_plan.strategies.all():
                self.strategies[strategy.number] = strategy
                self.strategy_names[squash(strategy.name)] = strategy
            for guideline in Guideline.objects.filter(strategy__strategic_plan=self.strategic_plan).select_related("strategy"):
                self.guidelines[guideline.strategy.number, guideline.number] = guideline
        self.units = {squash(u.name): u for u in Unit.objects.filter(organisation=self.organisation)}
        self.programmes = {squash(p.name): p for p in Programme.objects.all()}
        self.villages = {v.number: v for v in Village.objects.filter(organisation=self.organisation)}

    def strategy(self, text: str, error) -> int | Strategy | None:
        """A strategy (or, for one to create, its number); None and an error if unknown."""
        text = spreadsheets.normalise(text)
        if not text:
            return None
        match = STRATEGY_TEXT.match(text)
        if match and match.group(1):
            number, name = int(match.group(1)), match.group(2).strip()
            if number in self.strategies:
                return self.strategies[number]
            if number in self.new_strategies or (self.create_missing and name):
                self.new_strategies.setdefault(number, name or f"ยุทธศาสตร์ที่ {number}")
                return number
            error(f"ไม่พบยุทธศาสตร์ที่ {number} ในแผนยุทธศาสตร์ (ใช้ --create-missing หรือ “สร้างรายการที่ยังไม่มี” เพื่อสร้าง)")
            return None
        found = self.strategy_names.get(squash(text))
        if found:
            return found
        if self.create_missing:
            for number, name in self.new_strategies.items():
                if squash(name) == squash(text):
                    return number
            number = max([*self.strategies, *self.new_strategies, 0]) + 1
            self.new_strategies[number] = text
            return number
        error(f"ไม่พบยุทธศาสตร์ “{text}” ในแผนยุทธศาสตร์")
        return None

    def programme(self, text: str, error) -> Programme | None:
        text = re.sub(r"^\d+(\.\d+)*\s*", "", spreadsheets.normalise(text))
        if not text:
            return None
        found = self.programmes.get(squash(text))
        if found is None:
            error(f"ไม่รู้จักแผนงาน “{text}” (ใช้ชื่อแผนงานมาตรฐาน ๑๒ แผนงาน เช่น แผนงานการศึกษา)")
        return found

    def unit(self, text: str, error) -> Unit | str | None:
        text = spreadsheets.normalise(text)
        if not text:
            return None
        key = squash(text)
        if key in self.units:
            return self.units[key]
        if self.create_missing:
            self.new_units.setdefault(key, text)
            return key
        error(f"ไม่พบหน่วยงาน “{text}” (เพิ่มหน่วยงานก่อน หรือใช้ --create-missing)")
        return None

    def guideline(self, text: str, strategy, error) -> Guideline | None:
        text = spreadsheets.normalise(text)
        if not text:
            return None
        match = GUIDELINE_TEXT.match(text)
        if match:
            found = self.guidelines.get((int(match.group(1)), int(match.group(2))))
            if found and isinstance(strategy, Strategy) and found.strategy_id != strategy.pk:
                error(f"แนวทาง {match.group(1)}.{match.group(2)} ไม่อยู่ในยุทธศาสตร์ของแถวนี้")
                return None
            if found:
                return found
        for guideline in self.guidelines.values():
            if squash(guideline.name) == squash(re.sub(r"^\d+\.\d+\s*", "", text)):
                return guideline
        if match and self.create_missing and match.group(3):
            key = (int(match.group(1)), int(match.group(2)))
            self.new_guidelines.setdefault(key, match.group(3).strip())
            return key
        error(f"ไม่พบแนวทางการพัฒนา “{text}”")
        return None

    def village_list(self, text: str, error) -> list[Village | int]:
        """Villages by number ("หมู่ที่ 1, 3"); with create_missing, unknown numbers are created on save."""
        numbers = [int(n) for n in re.findall(r"\d+", spreadsheets.normalise(text))]
        words = self.organisation.words
        if 0 in numbers:
            error(f"{words.locality_number}ต้องเป็นเลขตั้งแต่ ๑ ขึ้นไป")
            return []
        missing = [n for n in numbers if n not in self.villages]
        if missing and self.create_missing:
            self.new_villages.update(missing)
        elif missing:
            error(f"ไม่พบ{words.locality_number} {', '.join(map(str, missing))} ในข้อมูล{words.locality}")
        return [self.villages.get(n, n) for n in numbers if n in self.villages or self.create_missing]

    @transaction.atomic
    def create_missing_records(self) -> None:
        """Strategies and units the file named that did not exist yet (with --create-missing)."""
        for number, name in self.new_strategies.items():
            self.strategies[number] = Strategy.objects.create(strategic_plan=self.strategic_plan, number=number, name=name)
        for key, name in self.new_units.items():
            self.units[key] = Unit.objects.create(organisation=self.organisation, name=name)
        for (strategy, number), name in self.new_guidelines.items():
            if strategy not in self.strategies:
                self.strategies[strategy] = Strategy.objects.create(
                    strategic_plan=self.strategic_plan, number=strategy, name=f"ยุทธศาสตร์ที่ {strategy}"
                )
            self.guidelines[strategy, number] = Guideline.objects.create(strategy=self.strategies[strategy], number=number, name=name)
        for number in sorted(self.new_villages):
            self.villages[number] = Village.objects.create(
                organisation=self.organisation, number=number, name=f"{self.organisation.words.locality_number} {number}"
            )

    def resolve(self, value):
        """A strategy, unit or guideline created on save, in place of its number, name key or number pair."""
        if isinstance(value, int):
            return self.strategies[value]
        if isinstance(value, str):
            return self.units[value]
        if isinstance(value, tuple):
            return self.guidelines[value]
        return value


def row_error(errors: list[CellError], row: Row):
    def error(column: str, message: str) -> None:
        errors.append(CellError(row.number, column, message))

    return error


# --- development-plan projects -----------------------------------------------------------------------

PROJECT_ALIASES = {
    "โครงการ": ["ชื่อโครงการ", "โครงการ/กิจกรรม"],
    "เป้าหมาย": ["เป้าหมาย (ผลผลิตของโครงการ)", "เป้าหมายผลผลิตของโครงการ"],
    "ตัวชี้วัด": ["ตัวชี้วัด (KPI)", "KPI"],
    "หน่วยงานรับผิดชอบหลัก": ["หน่วยงานรับผิดชอบ", "หน่วยงาน"],
    "แนวทางการพัฒนา": ["แนวทาง"],
}


def project_headers(plan: DevelopmentPlan) -> list[str]:
    return ["ยุทธศาสตร์", "แนวทางการพัฒนา", "แผนงาน", "โครงการ", "วัตถุประสงค์", "เป้าหมาย",
            *[f"งบประมาณ {year}" for year in plan.years], "ตัวชี้วัด", "ผลที่คาดว่าจะได้รับ", "หน่วยงานรับผิดชอบหลัก"]  # fmt: skip


def import_plan_projects(plan: DevelopmentPlan, content: bytes, create_missing: bool = False) -> int:
    table = spreadsheets.read_table(content, required=["โครงการ", "แผนงาน"], aliases=PROJECT_ALIASES)
    matcher = Matcher(plan.organisation, plan.strategic_plan, create_missing)
    errors: list[CellError] = []
    parsed = []
    for row in table.rows:
        error = row_error(errors, row)
        name = row.get("โครงการ")
        if not name:
            continue  # a heading or a separator row
        strategy = matcher.strategy(row.get("ยุทธศาสตร์"), partial(error, "ยุทธศาสตร์"))
        if strategy is None and not row.get("ยุทธศาสตร์"):
            error("ยุทธศาสตร์", "กรุณาระบุยุทธศาสตร์")
        budgets = {}
        for year in plan.years:
            column = next((h for h in (f"งบประมาณ {year}", str(year), f"ปี {year}") if table.has(h)), None)
            if column:
                amount = row.amount(column, error)
                if amount:
                    budgets[year] = amount
        if not budgets:
            error(f"งบประมาณ {plan.first_year}", "กรุณากรอกงบประมาณอย่างน้อยหนึ่งปีของแผน")
        parsed.append({
            "name": name[:300], "strategy": strategy, "programme": matcher.programme(row.get("แผนงาน"), partial(error, "แผนงาน")),
            "guideline": matcher.guideline(row.get("แนวทางการพัฒนา"), strategy, partial(error, "แนวทางการพัฒนา")),
            "objective": row.get("วัตถุประสงค์"), "target": row.get("เป้าหมาย"), "kpi": row.get("ตัวชี้วัด")[:300],
            "expected_result": row.get("ผลที่คาดว่าจะได้รับ"),
            "unit": matcher.unit(row.get("หน่วยงานรับผิดชอบหลัก"), partial(error, "หน่วยงานรับผิดชอบหลัก")),
            "budgets": budgets,
        })  # fmt: skip
        if not row.get("แผนงาน"):
            error("แผนงาน", "กรุณาระบุแผนงาน")
    if errors:
        raise ImportErrors(errors)
    with transaction.atomic():
        matcher.create_missing_records()
        start = PlanProject.objects.filter(development_plan=plan).count()
        for number, item in enumerate(parsed, start + 1):
            budgets = item.pop("budgets")
            for name in ("strategy", "unit", "guideline"):
                item[name] = matcher.resolve(item[name])
            project = PlanProject.objects.create(development_plan=plan, number=number, **item)
            bulk_create_with_history(
                [PlanProjectBudget(project=project, fiscal_year=y, amount=a) for y, a in budgets.items()], PlanProjectBudget
            )
    return len(parsed)


# --- budget lines ---------------------------------------------------------------------------------

LINE_HEADERS = ["แผนงาน", "งาน", "หมวด", "ประเภท", "รายการ", "จำนวนเงิน (บาท)", "หน่วยงาน", "โครงการในแผนพัฒนา"]
LINE_ALIASES = {
    "รายการ": ["รายการ/โครงการ", "โครงการ"],
    "จำนวนเงิน (บาท)": ["จำนวนเงิน", "งบประมาณ", "งบประมาณ (บาท)"],
    "หน่วยงาน": ["หน่วยงานเจ้าของงบ"],
}


def import_budget_lines(ordinance: BudgetOrdinance, content: bytes, create_missing: bool = False) -> int:
    table = spreadsheets.read_table(content, required=["รายการ", "จำนวนเงิน (บาท)", "หมวด"], aliases=LINE_ALIASES)
    matcher = Matcher(ordinance.organisation, None, create_missing)
    categories = {squash(c.name): c for c in ExpenseCategory.objects.all()}
    projects = {
        squash(p.name): p
        for p in PlanProject.objects.filter(
            development_plan__organisation=ordinance.organisation, budgets__fiscal_year=ordinance.fiscal_year
        )
    }
    errors: list[CellError] = []
    parsed = []
    for row in table.rows:
        error = row_error(errors, row)
        item = row.get("รายการ")
        if not item or row.get("หมวด") == "" and row.get("จำนวนเงิน (บาท)") == "":
            continue
        category = categories.get(squash(row.get("หมวด")))
        if category is None:
            error("หมวด", f"ไม่รู้จักหมวด “{row.get('หมวด')}” เช่น ค่าใช้สอย ค่าครุภัณฑ์ ค่าที่ดินและสิ่งก่อสร้าง")
        amount = row.amount("จำนวนเงิน (บาท)", error)
        if amount is None and not row.get("จำนวนเงิน (บาท)"):
            error("จำนวนเงิน (บาท)", "กรุณากรอกจำนวนเงิน")
        project_name = row.get("โครงการในแผนพัฒนา")
        project = projects.get(squash(project_name)) if project_name else None
        if project_name and project is None:
            error("โครงการในแผนพัฒนา", f"ไม่พบโครงการ “{project_name}” ที่มีงบประมาณปี {ordinance.fiscal_year} ในแผนพัฒนา")
        programme = matcher.programme(row.get("แผนงาน"), partial(error, "แผนงาน"))
        if not row.get("แผนงาน"):
            error("แผนงาน", "กรุณาระบุแผนงาน")
        parsed.append({
            "programme": programme, "work": row.get("งาน")[:150] or "-", "category": category, "item_type": row.get("ประเภท")[:200],
            "item": item[:400], "amount": amount, "unit": matcher.unit(row.get("หน่วยงาน"), partial(error, "หน่วยงาน")),
            "plan_project": project,
        })  # fmt: skip
    if errors:
        raise ImportErrors(errors)
    with transaction.atomic():
        matcher.create_missing_records()
        start = ordinance.lines.count()
        lines = [
            BudgetLine(ordinance=ordinance, order=start + i, **{**item, "unit": matcher.resolve(item["unit"])})
            for i, item in enumerate(parsed, 1)
        ]
        bulk_create_with_history(lines, BudgetLine)
    return len(parsed)


def template_workbook(headers: list[str], example: list, title: str) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.append(headers)
    sheet.append(example)
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXAMPLE_AMOUNT = Decimal("150000")
