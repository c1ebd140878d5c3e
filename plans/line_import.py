"""An ordinance's budget lines from a spreadsheet, each matched to the development-plan project it funds.

Columns: แผนงาน, งาน, หมวด, ประเภท, รายการ, จำนวนเงิน (บาท), หน่วยงาน, and optionally
โครงการในแผนพัฒนา (its name), รหัสโครงการในแผนพัฒนา (its ลำดับ in the plan) and ยุทธศาสตร์. Heading rows
("แผนงานเคหะและชุมชน", "งานไฟฟ้าถนน", "หมวดค่าที่ดินและสิ่งก่อสร้าง", "ประเภทค่าก่อสร้างสิ่งสาธารณูปโภค")
fill those columns for the rows under them, as an e-LAAS report is laid out.

A line is matched to a project by the code when the file has one; else by its name together with
the strategy (when given), the แผนงาน and the year's amount. Several projects share one name in
different strategies: a match that is still not unique is never guessed, staff choose it in the
preview.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque

from django.db import transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lib import spreadsheets, thai
from plans.importing import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportErrors,
    SpreadsheetImport,
    programme_group,
    row_error,
    squash,
    strategy_group,
    table_columns,
)
from plans.models import BudgetLine, BudgetOrdinance, DevelopmentPlan, ExpenseCategory, PlanProject, StrategicPlan, User
from plans.names import Matcher, strategy_key, strategy_parts
from plans.preview import Choice, Entry, Preview, Subtotal, Tally, check_subtotals

LINE_HEADERS = [
    "แผนงาน",
    "งาน",
    "หมวด",
    "ประเภท",
    "รายการ",
    "จำนวนเงิน (บาท)",
    "หน่วยงาน",
    "โครงการในแผนพัฒนา",
    "รหัสโครงการในแผนพัฒนา",
    "ยุทธศาสตร์",
]
LINE_ALIASES = {
    "รายการ": ["รายการ/โครงการ", "โครงการ", "รายการงบประมาณ"],
    "จำนวนเงิน (บาท)": ["จำนวนเงิน", "งบประมาณ", "งบประมาณ (บาท)", "งบประมาณที่ตั้งไว้"],
    "หน่วยงาน": ["หน่วยงานเจ้าของงบ", "หน่วยงานรับผิดชอบ", "หน่วยงานรับผิดชอบหลัก"],
    "รหัสโครงการในแผนพัฒนา": ["ลำดับโครงการในแผนพัฒนา", "รหัสโครงการ", "ลำดับในแผนพัฒนา", "รหัส"],
    "ยุทธศาสตร์": ["ยุทธศาสตร์การพัฒนา"],
}
FILLS = {
    "แผนงาน": "แผนงาน", "งาน": "งาน", "หมวด": "หมวด", "ประเภท": "ประเภท", "รายการ": "รายการ/โครงการ",
    "จำนวนเงินบาท": "จำนวนเงิน (บาท)", "หน่วยงาน": "หน่วยงานเจ้าของงบ",
    "โครงการในแผนพัฒนา": "จับคู่กับโครงการในแผนพัฒนา (ชื่อ)", "รหัสโครงการในแผนพัฒนา": "จับคู่กับโครงการในแผนพัฒนา (ลำดับในแผน)",
    "ยุทธศาสตร์": "ใช้แยกโครงการชื่อซ้ำในต่างยุทธศาสตร์",
}  # fmt: skip
SUBTOTAL = re.compile(r"^รวม(?:ทั้งสิ้น|ทั้งหมด|ยอด|เป็นเงิน)?\s*(?:$|\d|จำนวน|ทั้ง|แผนงาน|งาน|งบ|หมวด|ประเภท)")
HEADINGS = (
    ("programme", re.compile(r"^(?:\d+(?:\.\d+)*\s*)?แผนงาน")),
    ("group", re.compile(r"^งบ(?!ประมาณ)")),
    ("category", re.compile(r"^หมวด")),
    ("item_type", re.compile(r"^ประเภท")),
    ("work", re.compile(r"^งาน")),
)
NONE = "none"


def covering_plans(ordinance: BudgetOrdinance) -> list[DevelopmentPlan]:
    year = ordinance.fiscal_year
    return list(
        DevelopmentPlan.objects.filter(organisation=ordinance.organisation_id, first_year__lte=year, first_year__gt=year - F("length"))
        .select_related("strategic_plan")
        .order_by("-first_year")
    )


def project_label(project: PlanProject, year: int) -> str:
    amount = project.budget_for(year)
    parts = [f"ยุทธศาสตร์ที่ {project.strategy.number}", project.programme.name, f"ลำดับ {project.number}"]
    if project.guideline_id:
        parts.append(f"แนวทาง {project.guideline.name}")
    parts.append(f"งบปี {year}: {thai.format_amount(amount, thai.ARABIC) if amount is not None else 'ไม่มี'}")
    if project.target:
        parts.append(f"เป้าหมาย: {project.target[:60]}")
    return f"{project.name} ({' · '.join(parts)})"


def name_key(text: str) -> str:
    return squash(re.sub(r"^โครงการ\s*", "", spreadsheets.normalise(text)))


class BudgetLineImport(SpreadsheetImport):
    def __init__(self, ordinance: BudgetOrdinance, content: bytes, *, choices: dict | None = None, create_missing: bool = False,
                 filename: str = ""):  # fmt: skip
        self.ordinance = ordinance
        self.year = ordinance.fiscal_year
        choices = choices or {}
        self.line_choices: dict[str, str] = choices.get("lines", {})
        table = spreadsheets.read_table(content, required=["รายการ", "จำนวนเงิน (บาท)"], aliases=LINE_ALIASES)
        plans = covering_plans(ordinance)
        strategic = plans[0].strategic_plan if plans else StrategicPlan.objects.filter(
            organisation=ordinance.organisation_id, first_year__lte=self.year, last_year__gte=self.year
        ).first()  # fmt: skip
        self.matcher = Matcher(ordinance.organisation, strategic, create_missing=create_missing, choices=choices.get("names"))
        self.preview = Preview("รายการงบประมาณ", ordinance.title, [("amount", "จำนวนเงิน (บาท)")], filename)
        self.preview.columns = table_columns(table, FILLS)
        if table.skipped_sheets:
            self.preview.notes.append("ข้ามแผ่นงานที่ไม่มีหัวตาราง: " + ", ".join(table.skipped_sheets))
        self._projects(plans)
        self.categories = {squash(c.name): c for c in ExpenseCategory.objects.all()}
        self.rows: list[dict] = []
        self.entries: list[Entry] = []
        context: dict[str, str] = {}
        for row in table.rows:
            self._row(row, context)
        self.preview.rows_read = len(self.rows)
        self.finish_preview()
        self._link_projects()
        self._match_existing()
        self._totals()

    # --- reading --------------------------------------------------------------------------------------

    def _projects(self, plans: list[DevelopmentPlan]) -> None:
        projects = list(
            PlanProject.objects.filter(development_plan__in=plans)
            .select_related("strategy", "programme", "guideline", "development_plan")
            .prefetch_related("budgets")
            .order_by("development_plan", "number", "pk")
        )
        self.by_name: dict[str, list[PlanProject]] = defaultdict(list)
        self.by_number: dict[int, list[PlanProject]] = defaultdict(list)
        for project in projects:
            self.by_name[name_key(project.name)].append(project)
            self.by_number[project.number].append(project)
        self.by_pk = {str(p.pk): p for p in projects}

    def _row(self, row, context: dict[str, str]) -> None:
        errors = self.preview.errors
        error = row_error(errors, row)
        item, amount_text = row.get("รายการ"), row.get("จำนวนเงิน (บาท)")
        label = next((row.cells[k] for k in row.filled()), "")
        if SUBTOTAL.match(item) or (not item and SUBTOTAL.match(label)):
            amount = spreadsheets.cell_amount(row.raw.get(spreadsheets.header_key("จำนวนเงิน (บาท)")), lambda message: None)
            subtotal = Subtotal(row.sheet, row.number, (item or label)[:80], {"amount": amount or 0})
            self.entries.append(Entry({}, subtotal=subtotal))
            return
        if not amount_text:
            if not self._heading(row, context) and item:
                error("จำนวนเงิน (บาท)", "กรุณากรอกจำนวนเงิน")
            return
        where = (row.sheet, row.number)
        category_text = row.get("หมวด") or context.get("category", "")
        category = self.categories.get(squash(re.sub(r"^หมวด\s*", "", category_text)))
        if category is None:
            shown = f" “{category_text}”" if category_text else ""
            error("หมวด", f"ไม่รู้จักหมวด{shown} เช่น ค่าใช้สอย ค่าครุภัณฑ์ ค่าที่ดินและสิ่งก่อสร้าง")
        amount = row.amount("จำนวนเงิน (บาท)", error)
        programme_text = row.get("แผนงาน") or context.get("programme", "")
        programme = self.matcher.programme(programme_text, (*where, "แผนงาน"))
        if not programme_text:
            error("แผนงาน", "กรุณาระบุแผนงาน (ในคอลัมน์แผนงาน หรือแถวหัวข้อแผนงานด้านบน)")
        if not item:
            error("รายการ", "กรุณากรอกรายการ")
        strategy_text = row.get("ยุทธศาสตร์")
        fields = {
            "programme": programme, "work": (row.get("งาน") or context.get("work", "") or "-")[:150], "category": category,
            "item_type": re.sub(r"^ประเภท\s*", "", row.get("ประเภท") or context.get("item_type", ""))[:200], "item": item[:400],
            "amount": amount, "unit": self.matcher.unit(row.get("หน่วยงาน"), (*where, "หน่วยงาน")),
        }  # fmt: skip
        entry = Entry({})  # its amounts and group are known once it is linked to its project
        self.entries.append(entry)
        self.rows.append({
            "row": row, "fields": fields, "strategy_text": strategy_text, "project_name": row.get("โครงการในแผนพัฒนา"),
            "project_code": row.get("รหัสโครงการในแผนพัฒนา"), "error": error, "entry": entry,
        })  # fmt: skip

    def _heading(self, row, context: dict[str, str]) -> bool:
        found = False
        for key in row.filled():
            text = row.cells[key].replace("\n", " ")
            for name, pattern in HEADINGS:
                if pattern.match(text):
                    context[name] = text
                    if name == "programme":
                        context.pop("work", None)
                    found = True
                    break
            else:
                if squash(text) in self.categories:
                    context["category"] = text
                    found = True
        return found

    # --- matching lines to development-plan projects ---------------------------------------------

    def _link_projects(self) -> None:
        for line in self.rows:
            line["project"], choice = self._project_for(line)
            if choice is not None:
                ref = f"{line['row'].sheet}!{line['row'].number}"
                choice.ref = ref
                chosen = self.line_choices.get(ref, "")
                if chosen and chosen in {value for value, _ in choice.options}:
                    choice.chosen = chosen
                    line["project"] = None if chosen == NONE else self.by_pk[chosen]
                self.preview.choices.append(choice)

    def _project_for(self, line: dict) -> tuple[PlanProject | None, Choice | None]:
        row, error, fields = line["row"], line["error"], line["fields"]
        code, name = line["project_code"], line["project_name"]
        if code:
            found = self.by_number.get(int(code)) if code.isdigit() else None
            if not found:
                error("รหัสโครงการในแผนพัฒนา", f"ไม่พบโครงการลำดับที่ {code} ในแผนพัฒนาที่ครอบคลุมปี {self.year}")
                return None, None
            if len(found) == 1:
                return found[0], None
            return None, self._choice(row, fields, found, f"มีโครงการลำดับที่ {code} ในแผนพัฒนามากกว่าหนึ่งแผน")
        explicit = bool(name)
        name = name or (fields["item"] if fields["item"].startswith("โครงการ") else "")
        if not name:
            return None, None
        candidates = self.by_name.get(name_key(name), [])
        if not candidates:
            if explicit:
                error("โครงการในแผนพัฒนา", f"ไม่พบโครงการ “{name}” ในแผนพัฒนาที่ครอบคลุมปี {self.year}")
            return None, None
        if line["strategy_text"]:
            candidates = self._in_strategy(candidates, line["strategy_text"])
        programme = fields["programme"]
        same_programme = [p for p in candidates if programme is not None and p.programme_id == programme.pk]
        if len(same_programme) == 1:
            return same_programme[0], None
        if not same_programme:
            return None, self._choice(row, fields, candidates, "ชื่อตรงกับโครงการในแผนพัฒนา แต่เป็นคนละแผนงาน")
        same_amount = [p for p in same_programme if p.budget_for(self.year) == fields["amount"]]
        if len(same_amount) == 1:
            return same_amount[0], None
        return None, self._choice(row, fields, same_programme, f"มีโครงการชื่อนี้ในแผนงานเดียวกัน {len(same_programme)} โครงการ")

    def _in_strategy(self, candidates: list[PlanProject], text: str) -> list[PlanProject]:
        number, name = strategy_parts(text)
        key = strategy_key(name, self.ordinance.organisation) if name else ""
        chosen = [
            p
            for p in candidates
            if p.strategy.number == number or (key and strategy_key(p.strategy.name, self.ordinance.organisation) == key)
        ]
        return chosen or candidates

    def _choice(self, row, fields: dict, candidates: list[PlanProject], reason: str) -> Choice:
        amount = thai.format_amount(fields["amount"], thai.ARABIC) if fields["amount"] is not None else "-"
        options = [(str(p.pk), project_label(p, self.year)) for p in candidates] + [(NONE, "ไม่ผูกกับโครงการในแผนพัฒนา")]
        return Choice("", row.sheet, row.number, f"{fields['item']} ({amount} บาท)", reason + ": เลือกโครงการที่รายการนี้ตั้งงบไว้", options)

    # --- what the import will do ------------------------------------------------------------------

    def _match_existing(self) -> None:
        """Lines the ordinance already has (the same แผนงาน, หมวด and รายการ, in order) are updated, not doubled."""
        self.existing = list(self.ordinance.lines.order_by("order", "pk"))
        waiting = defaultdict(deque)
        for line in self.existing:
            waiting[(line.programme_id, line.category_id, squash(line.item))].append(line)
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        for line in self.rows:
            fields = line["fields"]
            key = (getattr(fields["programme"], "pk", None), getattr(fields["category"], "pk", None), squash(fields["item"]))
            line["existing"] = waiting[key].popleft() if waiting[key] else None
            line["changed"] = line["existing"] is None or self._differs(line)
            counts[CREATED if line["existing"] is None else UPDATED if line["changed"] else UNCHANGED] += 1
        linked = sum(1 for line in self.rows if line.get("project") is not None)
        self.preview.counts = [*counts.items(), ("ผูกกับโครงการในแผนพัฒนา", linked), ("ต้องเลือกโครงการ", len(self.preview.open_choices))]
        left = sum(len(queue) for queue in waiting.values())
        if left:
            self.preview.notes.append(f"รายการในข้อบัญญัตินี้ {left} รายการไม่มีในไฟล์: คงไว้ตามเดิม")

    def _differs(self, line: dict) -> bool:
        existing, fields = line["existing"], line["fields"]
        unit, project = fields["unit"], line.get("project")
        return (
            (existing.work, existing.item_type, existing.item, existing.amount) != (fields["work"], fields["item_type"], fields["item"], fields["amount"])
            or existing.unit_id != getattr(unit, "pk", None) or not hasattr(unit, "pk") and unit is not None
            or existing.plan_project_id != getattr(project, "pk", None)
        )  # fmt: skip

    def _totals(self) -> None:
        tally = Tally()
        for line in self.rows:
            project, fields = line.get("project"), line["fields"]
            strategy = strategy_group(project.strategy, "") if project is not None else ((3, 0, ""), "ไม่ได้ผูกกับโครงการในแผนพัฒนา")
            programme = programme_group(fields["programme"], line["row"].get("แผนงาน"))
            amounts = {"amount": fields["amount"] or 0}
            tally.add(strategy, programme, amounts)
            line["entry"].amounts, line["entry"].group = amounts, (strategy[1], programme[1])
        self.preview.subtotals = check_subtotals(self.entries, ["amount"])
        tally.fill(self.preview)

    # --- saving -------------------------------------------------------------------------------------

    @transaction.atomic
    def save(self, user: User | None = None) -> Preview:
        if self.preview.blocked:
            raise ImportErrors(self.preview.errors + self.matcher.unresolved_errors() + self._choice_errors())
        BudgetOrdinance.objects.select_for_update().filter(pk=self.ordinance.pk).first()
        self.matcher.create_missing_records(user)
        self.matcher.remember(user)
        order = max([line.order for line in self.existing] + [0])
        new, updated = [], []
        for line in self.rows:
            if not line["changed"]:
                continue
            values = {**line["fields"], "unit": self.matcher.resolve(line["fields"]["unit"]), "plan_project": line.get("project")}
            existing = line["existing"]
            if existing is None:
                order += 1
                new.append(BudgetLine(ordinance=self.ordinance, order=order, **values))
            else:
                for name, value in values.items():
                    setattr(existing, name, value)
                existing.version += 1
                updated.append(existing)
        bulk_create_with_history(new, BudgetLine, default_user=user)
        if updated:
            fields = ["work", "item_type", "item", "amount", "unit", "plan_project", "version"]
            bulk_update_with_history(updated, BudgetLine, fields, default_user=user)
        self.preview.saved = True
        return self.preview
