"""Importing planning records from the spreadsheets staff already keep.

Every import reads the whole file first and says what it will do (`Preview`): nothing is saved until
the preview has no error, every name is resolved (the mapping step) and every ambiguous match is
chosen, and staff confirm. Then it is saved all at once, or not at all. Names are resolved by
`plans.names.Matcher`; the ผ.02 workbook is read by `plans.workbook`.

- `PlanProjectImport`: the development plan's projects from its ผ.02 workbook (every sheet).
- `BudgetLineImport` (plans.line_import): an ordinance's budget lines, each matched to the
  development-plan project it funds, never by name alone.
"""

from __future__ import annotations

from collections import defaultdict, deque
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lib import spreadsheets
from lib.spreadsheets import CellError, Row
from plans import workbook
from plans.models import DevelopmentPlan, PlanProject, PlanProjectBudget, Programme, Strategy, User
from plans.names import Matcher, New, squash  # noqa: F401 - squash and Matcher are used by the other importers
from plans.preview import ColumnUse, Entry, Preview, Subtotal, Tally, check_subtotals


class ImportErrors(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


class ImportConflict(Exception):
    """The records changed between the preview and the save; the message, in Thai, says what to do."""


def row_error(errors: list[CellError], row: Row):
    def error(column: str, message: str) -> None:
        errors.append(CellError(row.number, column, message, row.sheet if row.sheet != "CSV" else ""))

    return error


CREATED, UPDATED, UNCHANGED = "สร้างใหม่", "ปรับปรุงรายการเดิม", "ไม่เปลี่ยนแปลง"
UNMAPPED = "(ยังไม่ได้จับคู่)"


# --- shared by every import ------------------------------------------------------------------------


class SpreadsheetImport:
    """Reads a file into a preview on construction; `save()` writes it, all or nothing."""

    preview: Preview
    matcher: Matcher

    def finish_preview(self) -> None:
        """Bring the matcher's findings into the preview."""
        self.preview.errors = sorted(self.preview.errors + self.matcher.errors, key=lambda e: (e.sheet, e.row))
        self.preview.unresolved = list(self.matcher.unresolved.values())
        self.preview.remembered = list(self.matcher.remembered.values())
        self.preview.notes += list(dict.fromkeys(self.matcher.notes))
        for info in self.matcher.new.values():
            kind = info["kind"]
            label = {"strategy": "ยุทธศาสตร์", "guideline": "กลยุทธ์/แนวทาง", "unit": "หน่วยงาน", "village": "หมู่บ้าน"}[kind]
            self.preview.notes.append(f"จะสร้าง{label}ใหม่: “{info['text']}”")

    def require_ready(self) -> None:
        if self.preview.blocked:
            raise ImportErrors(self.preview.errors + self.matcher.unresolved_errors() + self._choice_errors())

    def _choice_errors(self) -> list[CellError]:
        return [CellError(c.row, "-", f"ต้องเลือกให้ชัดว่า “{c.text}” {c.reason}", c.sheet) for c in self.preview.open_choices]


def strategy_group(value, text: str) -> tuple[tuple, str]:
    """(sort key, label) of a strategy, a new one, or a name not yet mapped."""
    if isinstance(value, Strategy):
        return (0, value.number, ""), f"ยุทธศาสตร์ที่ {value.number} {value.name}"
    if isinstance(value, New):
        return (1, 0, text), f"ยุทธศาสตร์ใหม่: {text}"
    return (2, 0, text), f"{UNMAPPED} {text}" if text else "ไม่ทราบยุทธศาสตร์"


def programme_group(value, text: str) -> tuple[tuple, str]:
    if isinstance(value, Programme):
        return (value.code, ""), value.name
    return ("~", text), f"{UNMAPPED} {text}" if text else "ไม่ทราบแผนงาน"


def summarise_columns(columns: list[ColumnUse], sheets_read: int) -> list[ColumnUse]:
    """The same column of many sheets, listed once: which sheets and letters it was in."""
    grouped: dict[tuple, list[ColumnUse]] = defaultdict(list)
    for column in columns:
        grouped[(column.header, column.fills, column.note)].append(column)
    summary = []
    for (header, fills, note), uses in grouped.items():
        sheets = list(dict.fromkeys(u.sheet for u in uses))
        letters = list(dict.fromkeys(u.letter for u in uses if u.letter))
        where = f"ทุกแผ่นงานที่อ่าน ({len(sheets)})" if len(sheets) == sheets_read and sheets_read > 1 else ", ".join(sheets[:3])
        where += f" และอีก {len(sheets) - 3} แผ่น" if len(sheets) > 3 and len(sheets) != sheets_read else ""
        summary.append(ColumnUse(where, ", ".join(letters[:3]) + ("…" if len(letters) > 3 else ""), header, fills, note))
    return summary


def table_columns(table: spreadsheets.Table, fills: dict[str, str]) -> list[ColumnUse]:
    """Each column of a one-table file: what it fills (by its header key), or why it is not read."""
    used, columns = set(), []
    for column in table.columns:
        fill = fills.get(column.key, "") if column.key not in used else ""
        note = "" if fill else ("ซ้ำกับคอลัมน์ก่อนหน้าที่มีชื่อเดียวกัน" if column.key in used else "ระบบไม่มีช่องเก็บข้อมูลนี้")
        used.add(column.key)
        columns.append(ColumnUse(table.sheet if table.sheet != "CSV" else "", column.letter, column.header, fill, note))
    return columns


# --- development-plan projects (ผ.02) -----------------------------------------------------------------

PROJECT_FIELDS = (
    "name",
    "objective",
    "target",
    "kpi",
    "expected_result",
    "unit_id",
    "unit_detail",
    "guideline_id",
    "strategy_id",
    "programme_id",
)
LIMITS = {"name": 300, "kpi": 300, "unit_detail": 300}


def project_headers(plan: DevelopmentPlan) -> list[str]:
    return ["ยุทธศาสตร์", "แนวทางการพัฒนา", "แผนงาน", "โครงการ", "วัตถุประสงค์", "เป้าหมาย",
            *[f"งบประมาณ {year}" for year in plan.years], "ตัวชี้วัด", "ผลที่คาดว่าจะได้รับ", "หน่วยงานรับผิดชอบหลัก"]  # fmt: skip


class PlanProjectImport(SpreadsheetImport):
    """A development plan's projects from its ผ.02 workbook: created, or updated where the plan
    already has the project (the same strategy, แผนงาน and name, in the same order)."""

    def __init__(self, plan: DevelopmentPlan, content: bytes, *, choices: dict | None = None, create_missing: bool = False,
                 filename: str = ""):  # fmt: skip
        self.plan = plan
        self.reading = workbook.read(content, plan.years)
        self.matcher = Matcher(plan.organisation, plan.strategic_plan, create_missing=create_missing, choices=(choices or {}).get("names"))
        keys = [str(year) for year in plan.years]
        self.preview = Preview("โครงการในแผนพัฒนา", str(plan), [(k, f"ปี {k}") for k in keys], filename)
        self.preview.sheets = self.reading.sheets
        read = [s for s in self.reading.sheets if s.read]
        if not read:
            names = ", ".join(f"“{s.name}”" for s in self.reading.sheets)
            raise spreadsheets.NotASpreadsheet(f"ไม่พบตาราง ผ.02 (หัวตารางที่มีคอลัมน์ โครงการ และงบประมาณรายปี) ในแผ่นงานใดของไฟล์นี้ ({names})")
        self.preview.columns = summarise_columns(self.reading.columns, len(read))
        self.preview.errors = list(self.reading.errors)
        self.rows = [self._parse(project) for project in self.reading.projects]
        self.preview.rows_read = len(self.rows)
        missing_years = [y for y in plan.years if y not in self.reading.years_found]
        if not self.reading.years_found & set(plan.years):
            self.preview.errors.append(
                CellError(0, "งบประมาณ", f"ไม่พบคอลัมน์งบประมาณของปีใดในช่วงของแผนนี้ ({plan.first_year}–{plan.last_year}) ในไฟล์")
            )
        elif missing_years:
            self.preview.notes.append(f"ไฟล์ไม่มีคอลัมน์งบประมาณปี {', '.join(map(str, missing_years))}")
        self.finish_preview()
        self._match_existing()
        self._totals(keys)

    def _parse(self, project: workbook.ProjectRow) -> dict:
        sheet, row = project.where
        context = project.context
        errors = self.preview.errors

        def error(column: str, message: str) -> None:
            errors.append(CellError(row, column, message, sheet))

        strategy = self.matcher.strategy(context.strategy, (sheet, row, "ยุทธศาสตร์"))
        if not context.strategy:
            error("ยุทธศาสตร์", "ไม่ทราบยุทธศาสตร์ของแถวนี้: ไม่มีแถวหัวข้อยุทธศาสตร์เหนือตาราง และไม่มีคอลัมน์ยุทธศาสตร์")
        programme = self.matcher.programme(context.programme, (sheet, row, "แผนงาน"))
        if not context.programme:
            error("แผนงาน", "ไม่ทราบแผนงานของแถวนี้: ไม่มีแถวหัวข้อแผนงานเหนือตาราง และไม่มีคอลัมน์แผนงาน")
        guideline = self.matcher.guideline(context.guideline, strategy, (sheet, row, "แนวทางการพัฒนา"))
        unit_text = project.texts.get("unit", "")
        fields = {
            "name": project.texts.get("name", ""),
            "objective": project.texts.get("objective", ""),
            "target": project.texts.get("target", ""),
            "kpi": project.texts.get("kpi", "").replace("\n", " "),
            "expected_result": project.texts.get("expected_result", ""),
            "unit": self.matcher.unit(unit_text, (sheet, row, project.columns.get("unit", "หน่วยงานรับผิดชอบหลัก"))),
            "unit_detail": self.matcher.unit_section(unit_text) if unit_text else "",
        }
        if not fields["name"]:
            error(project.columns.get("name", "โครงการ"), "กรุณากรอกชื่อโครงการ")
        for name, limit in LIMITS.items():
            if len(fields[name]) > limit:
                label = {"name": "ชื่อโครงการ", "kpi": "ตัวชี้วัด", "unit_detail": "ส่วนงานในช่องหน่วยงาน"}[name]
                error(project.columns.get(name, label), f"{label}ยาว {len(fields[name])} ตัวอักษร เกิน {limit} ตัวอักษร กรุณาย่อ")
        if not project.budgets:
            error("งบประมาณ", f"กรุณากรอกงบประมาณอย่างน้อยหนึ่งปีของแผน ({self.plan.first_year}–{self.plan.last_year})")
        return {"source": project, "strategy": strategy, "programme": programme, "guideline": guideline, "fields": fields}

    def _match_existing(self) -> None:
        """Projects the plan already has (the same strategy, แผนงาน and name, matched in order) are updated."""
        existing = defaultdict(deque)
        self.existing = list(PlanProject.objects.filter(development_plan=self.plan).prefetch_related("budgets").order_by("number", "pk"))
        for project in self.existing:
            existing[(project.strategy_id, project.programme_id, squash(project.name))].append(project)
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        for item in self.rows:
            strategy, programme = item["strategy"], item["programme"]
            key = (getattr(strategy, "pk", None), getattr(programme, "pk", None), squash(item["fields"]["name"]))
            item["existing"] = existing[key].popleft() if isinstance(strategy, Strategy) and existing[key] else None
            item["changed"] = item["existing"] is None or self._differs(item)
            counts[CREATED if item["existing"] is None else UPDATED if item["changed"] else UNCHANGED] += 1
        self.preview.counts = list(counts.items())
        left = sum(len(queue) for queue in existing.values())
        if left:
            self.preview.notes.append(f"โครงการในแผนนี้ {left} โครงการไม่มีในไฟล์: คงไว้ตามเดิม (ลบได้ที่หน้าแผนพัฒนา)")

    def _differs(self, item: dict) -> bool:
        project, fields, source = item["existing"], item["fields"], item["source"]
        for name in ("name", "objective", "target", "kpi", "expected_result", "unit_detail"):
            if getattr(project, name) != fields[name]:
                return True
        unit, guideline = fields["unit"], item["guideline"]
        if isinstance(unit, New) or isinstance(guideline, New) or project.unit_id != getattr(unit, "pk", None):
            return True
        if project.guideline_id != getattr(guideline, "pk", None):
            return True
        stored = {b.fiscal_year: (b.amount, b.source) for b in project.budgets.all()}
        return stored != {y: (a, source.sources.get(y, "")) for y, a in source.budgets.items()}

    def _totals(self, keys: list[str]) -> None:
        tally = Tally()
        entries: list[Entry] = []
        starts, sheet = set(), None
        by_row = {id(item["source"]): item for item in self.rows}
        for entry_sheet, entry in self.reading.order:
            if entry_sheet != sheet:
                starts.add(len(entries))
                sheet = entry_sheet
            if isinstance(entry, workbook.SubtotalRow):
                subtotal = Subtotal(entry_sheet, entry.row, entry.label, {str(y): a for y, a in entry.amounts.items()}, entry.count)
                entries.append(Entry({}, subtotal=subtotal))
                continue
            item = by_row[id(entry)]
            strategy = strategy_group(item["strategy"], entry.context.strategy)
            programme = programme_group(item["programme"], entry.context.programme)
            amounts = {str(y): a for y, a in entry.budgets.items()}
            tally.add(strategy, programme, amounts)
            entries.append(Entry(amounts, (strategy[1], programme[1])))
        self.preview.subtotals = check_subtotals(entries, keys, starts)
        tally.fill(self.preview)

    @transaction.atomic
    def save(self, user: User | None = None) -> Preview:
        self.require_ready()
        DevelopmentPlan.objects.select_for_update().filter(pk=self.plan.pk).first()
        self.matcher.create_missing_records(user)
        self.matcher.remember(user)
        number = max([p.number for p in self.existing] + [0])
        new, updated = [], []
        for item in self.rows:
            if not item["changed"]:
                continue
            values = self._values(item)
            project = item["existing"]
            if project is None:
                number += 1
                project = PlanProject(development_plan=self.plan, number=number, **values)
                new.append((project, item))
            else:
                for name, value in values.items():
                    setattr(project, name, value)
                project.version += 1
                updated.append((project, item))
        bulk_create_with_history([p for p, _ in new], PlanProject, default_user=user)
        if updated:
            fields = [f.removesuffix("_id") for f in PROJECT_FIELDS] + ["version"]
            bulk_update_with_history([p for p, _ in updated], PlanProject, fields, default_user=user)
        self._save_budgets(new, updated, user)
        self.preview.saved = True
        return self.preview

    def _values(self, item: dict) -> dict:
        fields = dict(item["fields"])
        fields["unit"] = self.matcher.resolve(fields["unit"])
        return {**fields, "strategy": self.matcher.resolve(item["strategy"]), "programme": item["programme"],
                "guideline": self.matcher.resolve(item["guideline"])}  # fmt: skip

    def _save_budgets(self, new: list, updated: list, user: User | None) -> None:
        if new and new[0][0].pk is None:  # a database that does not return the new rows' keys
            numbers = {p.number: p for p, _ in new}
            for stored in PlanProject.objects.filter(development_plan=self.plan, number__in=numbers):
                numbers[stored.number].pk = stored.pk
        creates, changes, removed = [], [], []
        for project, item in new + updated:
            source = item["source"]
            stored = {b.fiscal_year: b for b in project.budgets.all()} if item["existing"] else {}
            for year, amount in source.budgets.items():
                budget = stored.pop(year, None)
                text = source.sources.get(year, "")
                if budget is None:
                    creates.append(PlanProjectBudget(project=project, fiscal_year=year, amount=amount, source=text))
                elif (budget.amount, budget.source) != (amount, text):
                    budget.amount, budget.source, budget.version = amount, text, budget.version + 1
                    changes.append(budget)
            removed += stored.values()
        bulk_create_with_history(creates, PlanProjectBudget, default_user=user)
        if changes:
            bulk_update_with_history(changes, PlanProjectBudget, ["amount", "source", "version"], default_user=user)
        for budget in removed:
            budget._history_user = user
            budget.delete()


def import_plan_projects(plan: DevelopmentPlan, content: bytes, create_missing: bool = False, user: User | None = None) -> int:
    """Import without a preview step (tests, scripts): the projects created or updated, or ImportErrors."""
    importer = PlanProjectImport(plan, content, create_missing=create_missing)
    importer.save(user)
    return importer.preview.count(CREATED) + importer.preview.count(UPDATED)


def import_budget_lines(ordinance, content: bytes, create_missing: bool = False, user: User | None = None) -> int:
    """Import without a preview step (tests, scripts): the lines created or updated, or ImportErrors."""
    from plans.line_import import BudgetLineImport

    importer = BudgetLineImport(ordinance, content, create_missing=create_missing)
    importer.save(user)
    return importer.preview.count(CREATED) + importer.preview.count(UPDATED)


def template_workbook(headers: list[str], example: list, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from lib.workbooks import workbook_bytes

    workbook_ = Workbook()
    sheet = workbook_.active
    sheet.append([title])
    sheet.append(headers)
    sheet.append(example)
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    return workbook_bytes(workbook_)


EXAMPLE_AMOUNT = Decimal("150000")
