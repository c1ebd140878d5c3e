"""Progress through the year: the grid form of many activities at once, and its spreadsheet round trip."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django import forms
from django.db import transaction
from django.db.models import F
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lib import spreadsheets, thai
from lib.fields import AmountField
from lib.widgets import speed_up_selects
from lib.workbooks import workbook_bytes
from plans.models import OperationalPlan, StaleEdit, User
from projects.models import Activity, Progress

MONTHS = [(i, thai.fiscal_month_abbr(i)) for i in range(12)]


def progress_by_key(plan: OperationalPlan) -> dict:
    return {p.key: p for p in Progress.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)}


def tracked_activities(plan: OperationalPlan):
    """The organisation's own projects and equipment: other agencies report their own progress."""
    return (
        plan.activities.filter(other_agency="")
        .select_related("strategy", "programme", "unit")
        .order_by("strategy__number", "programme__code", "order", "pk")
    )


class ProgressForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    contract_amount = AmountField(label="วงเงินตามสัญญา (บาท)", required=False)
    disbursed = AmountField(label="เบิกจ่ายแล้ว (บาท)", required=False)
    percent = forms.IntegerField(label="ร้อยละ", min_value=0, max_value=100, required=False,
                                 error_messages={"min_value": "ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐", "max_value": "ร้อยละต้องอยู่ระหว่าง ๐ ถึง ๑๐๐",
                                                 "invalid": "กรุณากรอกร้อยละเป็นตัวเลข"})  # fmt: skip

    class Meta:
        model = Progress
        fields = ["status", "actual_start", "actual_end", "contract_amount", "disbursed", "percent", "note"]

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        speed_up_selects(self.fields.values())
        self.activity = activity
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        for name in ("actual_start", "actual_end"):
            self.fields[name].choices = [("", "—")] + MONTHS
            self.fields[name].error_messages["invalid_choice"] = "เลือกได้เฉพาะเดือนในปีงบประมาณ (ต.ค. ถึง ก.ย.)"
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            )
            field.widget.attrs["aria-label"] = f"{field.label}: {activity.name}"

    def clean(self):
        cleaned = super().clean()
        return check_progress(cleaned, self.activity.budget, self.add_error)


def check_progress(cleaned: dict, budget: Decimal, add_error) -> dict:
    """The rules of a progress report, in Thai, for the grid and for spreadsheet rows alike."""
    contract, disbursed = cleaned.get("contract_amount"), cleaned.get("disbursed")
    if contract is not None and contract > budget:
        add_error("contract_amount", f"วงเงินตามสัญญาสูงกว่างบประมาณ ({thai.format_amount(budget, thai.ARABIC)} บาท)")
    if disbursed is not None and disbursed > (contract if contract is not None else budget):
        add_error("disbursed", "ยอดเบิกจ่ายสูงกว่าวงเงินตามสัญญา" if contract is not None else "ยอดเบิกจ่ายสูงกว่างบประมาณ")
    start, end = cleaned.get("actual_start"), cleaned.get("actual_end")
    if start not in (None, "") and end not in (None, "") and int(end) < int(start):
        add_error("actual_end", "เดือนที่เสร็จต้องไม่ก่อนเดือนที่เริ่ม")
    status = cleaned.get("status")
    if cleaned.get("percent") in (None, "") or (status == Progress.Status.COMPLETED and cleaned["percent"] == 0):
        cleaned["percent"] = 100 if status == Progress.Status.COMPLETED else 0  # the untouched 0 of a new report counts as blank
    if status == Progress.Status.COMPLETED and cleaned["percent"] != 100:
        add_error("percent", "โครงการที่แล้วเสร็จต้องมีความก้าวหน้าร้อยละ ๑๐๐")
    if status == Progress.Status.NOT_STARTED and cleaned["percent"] > 0:
        add_error("percent", "โครงการที่ยังไม่ดำเนินการต้องมีความก้าวหน้าร้อยละ ๐")
    return cleaned


@dataclass
class GridRow:
    activity: Activity
    form: ProgressForm


def grid(plan: OperationalPlan, activities: list[Activity], data=None) -> list[GridRow]:
    existing = progress_by_key(plan)
    rows = []
    for activity in activities:
        instance = existing.get(activity.key) or Progress(organisation=plan.organisation, fiscal_year=plan.fiscal_year, key=activity.key)
        prefix = f"p{activity.pk}"
        posted = data if data is not None and f"{prefix}-status" in data else None  # rows not on the posted page stay as they are
        rows.append(GridRow(activity, ProgressForm(posted, instance=instance, activity=activity, prefix=prefix)))
    return rows


@transaction.atomic
def save_grid(rows: list[GridRow], user: User) -> tuple[int, list[GridRow]]:
    """Save the rows that changed; a row someone else saved meanwhile is not saved and is returned."""
    saved, stale = 0, []
    for row in rows:
        if not row.form.is_bound or not row.form.has_changed():
            continue
        progress = row.form.save(commit=False)
        progress._history_user = user
        try:
            _save_checked(progress, row.form.cleaned_data.get("version") or 0)
        except StaleEdit:
            stale.append(row)
            continue
        saved += 1
    if stale:
        transaction.set_rollback(True)
        return 0, stale
    return saved, []


def _save_checked(progress: Progress, version: int) -> None:
    if progress.pk is None:
        if version:
            raise StaleEdit  # the form was opened on a saved report that has since been deleted
        if Progress.objects.filter(organisation=progress.organisation_id, fiscal_year=progress.fiscal_year, key=progress.key).exists():
            raise StaleEdit  # someone else created the first report for this activity meanwhile
        progress.save()
        return
    if not Progress.objects.filter(pk=progress.pk, version=version).update(version=F("version") + 1):
        raise StaleEdit
    progress.version = version + 1
    progress.save()


# --- the progress sheet: download, fill in, upload ------------------------------------------------

SHEET_HEADERS = ["รหัส", "ยุทธศาสตร์", "โครงการ", "งบประมาณ (บาท)", "สถานะ", "เดือนที่เริ่ม", "เดือนที่เสร็จ",
                 "วงเงินตามสัญญา (บาท)", "เบิกจ่ายแล้ว (บาท)", "ร้อยละความก้าวหน้า", "หมายเหตุ"]  # fmt: skip
STATUS_BY_LABEL = {label: value for value, label in Progress.Status.choices}
MONTH_BY_LABEL = {label: index for index, label in MONTHS}


def progress_sheet(plan: OperationalPlan) -> bytes:
    existing = progress_by_key(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ความก้าวหน้า"
    sheet.append([f"ความก้าวหน้า{plan.title} {plan.organisation.full_name}"])
    sheet.append(SHEET_HEADERS)
    for activity in tracked_activities(plan):
        p = existing.get(activity.key)
        sheet.append([
            str(activity.key), activity.strategy.number, activity.name, activity.budget,
            p.get_status_display() if p else Progress.Status.NOT_STARTED.label,
            thai.fiscal_month_abbr(p.actual_start) if p and p.actual_start is not None else "",
            thai.fiscal_month_abbr(p.actual_end) if p and p.actual_end is not None else "",
            p.contract_amount if p else None, p.disbursed if p else None, p.percent if p else 0, p.note if p else "",
        ])  # fmt: skip
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    statuses = DataValidation(type="list", formula1='"' + ",".join(STATUS_BY_LABEL) + '"', allow_blank=True)
    months = DataValidation(type="list", formula1='"' + ",".join(MONTH_BY_LABEL) + '"', allow_blank=True)
    sheet.add_data_validation(statuses)
    sheet.add_data_validation(months)
    last = max(sheet.max_row, 3)  # a plan with nothing to track still gets a sheet (and its first row's lists)
    statuses.add(f"E3:E{last}")
    months.add(f"F3:G{last}")
    for index, width in enumerate([12, 9, 50, 16, 20, 12, 12, 18, 16, 12, 30], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions["A"].hidden = True  # the key that ties a row to its activity
    sheet.freeze_panes = "C3"
    return workbook_bytes(workbook)


SHEET_COLUMNS = {"contract_amount": "วงเงินตามสัญญา (บาท)", "disbursed": "เบิกจ่ายแล้ว (บาท)", "actual_end": "เดือนที่เสร็จ",
                 "percent": "ร้อยละความก้าวหน้า"}  # fmt: skip
SHEET_FILLS = {
    "รหัส": "ผูกแถวกับโครงการในแผน", "ยุทธศาสตร์": "ใช้อ่านประกอบเท่านั้น (ไม่แก้ยุทธศาสตร์)", "โครงการ": "ใช้อ่านประกอบเท่านั้น (ไม่แก้ชื่อโครงการ)",
    "งบประมาณบาท": "ใช้ตรวจวงเงิน (ไม่แก้งบประมาณ)", "สถานะ": "สถานะ", "เดือนที่เริ่ม": "เดือนที่เริ่มจริง", "เดือนที่เสร็จ": "เดือนที่เสร็จจริง",
    "วงเงินตามสัญญาบาท": "วงเงินตามสัญญา (บาท)", "เบิกจ่ายแล้วบาท": "เบิกจ่ายแล้ว (บาท)", "ร้อยละความก้าวหน้า": "ความก้าวหน้า (ร้อยละ)",
    "หมายเหตุ": "หมายเหตุ",
}  # fmt: skip


def _sheet_error(error, name: str, message: str) -> None:
    error(SHEET_COLUMNS[name], message)


class SheetErrors(Exception):
    def __init__(self, errors: list[spreadsheets.CellError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


class ProgressImport:
    """The progress sheet, read into a preview: which activities' reports change, and the money per strategy."""

    def __init__(self, plan: OperationalPlan, content: bytes, filename: str = ""):
        from plans.importing import CREATED, UNCHANGED, UPDATED, programme_group, strategy_group, table_columns
        from plans.preview import Preview, Tally

        self.plan = plan
        table = spreadsheets.read_table(content, required=["รหัส", "โครงการ", "สถานะ"])
        amounts = [("budget", "งบประมาณ (บาท)"), ("contract", "วงเงินตามสัญญา (บาท)"), ("disbursed", "เบิกจ่ายแล้ว (บาท)")]
        self.preview = Preview("ความก้าวหน้าของโครงการ", plan.title, amounts, filename)
        self.preview.columns = table_columns(table, SHEET_FILLS)
        activities = {str(a.key): a for a in tracked_activities(plan)}
        self.existing = progress_by_key(plan)
        self.updates = []
        tally = Tally()
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        for row in table.rows:
            activity, cleaned = _progress_row(row, activities, self.preview.errors)
            if activity is None:
                continue
            report = self.existing.get(activity.key)
            changed = report is None or any(getattr(report, name) != value for name, value in cleaned.items())
            counts[CREATED if report is None else UPDATED if changed else UNCHANGED] += 1
            self.updates.append((activity, cleaned, changed))
            money = {"budget": activity.budget, "contract": cleaned["contract_amount"] or 0, "disbursed": cleaned["disbursed"] or 0}
            tally.add(strategy_group(activity.strategy, ""), programme_group(activity.programme, ""), money)
        self.preview.rows_read = len(table.rows)
        self.preview.counts = list(counts.items())
        tally.fill(self.preview)

    @property
    def blocked(self) -> bool:
        return self.preview.blocked

    @transaction.atomic
    def save(self, user: User) -> None:
        if self.preview.blocked:
            raise SheetErrors(self.preview.errors)
        plan = self.plan
        for activity, cleaned, changed in self.updates:
            if not changed:
                continue
            progress = self.existing.get(activity.key) or Progress(
                organisation=plan.organisation, fiscal_year=plan.fiscal_year, key=activity.key
            )
            for name, value in cleaned.items():
                setattr(progress, name, value)
            progress._history_user = user
            progress.version = (progress.version or 0) + (1 if progress.pk else 0)
            progress.save()
        self.preview.saved = True


def _progress_row(row, activities: dict, errors: list) -> tuple[Activity | None, dict]:
    def error(column: str, message: str) -> None:
        errors.append(spreadsheets.CellError(row.number, column, message, row.sheet if row.sheet != "CSV" else ""))

    activity = activities.get(row.get("รหัส"))
    if activity is None:
        error("รหัส", "ไม่พบโครงการนี้ในแผน (อย่าแก้หรือลบคอลัมน์รหัส)")
        return None, {}
    cleaned = {"status": STATUS_BY_LABEL.get(row.get("สถานะ") or Progress.Status.NOT_STARTED.label)}
    if cleaned["status"] is None:
        error("สถานะ", f"ไม่รู้จักสถานะ “{row.get('สถานะ')}” ใช้ได้: {', '.join(STATUS_BY_LABEL)}")
    for column, name in (("เดือนที่เริ่ม", "actual_start"), ("เดือนที่เสร็จ", "actual_end")):
        value = row.get(column)
        cleaned[name] = MONTH_BY_LABEL.get(value) if value else None
        if value and cleaned[name] is None:
            error(column, f"เดือน “{value}” ไม่อยู่ในปีงบประมาณ ใช้ ต.ค. ถึง ก.ย.")
    for column, name in (("วงเงินตามสัญญา (บาท)", "contract_amount"), ("เบิกจ่ายแล้ว (บาท)", "disbursed")):
        cleaned[name] = row.amount(column, error)
    cleaned["percent"] = row.integer("ร้อยละความก้าวหน้า", error, 0, 100)
    cleaned["note"] = (row.get("หมายเหตุ") or "")[:500]
    check_progress(cleaned, activity.budget, partial(_sheet_error, error))
    return activity, cleaned


def import_progress_sheet(plan: OperationalPlan, content: bytes, user: User) -> int:
    """All or nothing, without a preview step: every row is checked first; with any error nothing is saved."""
    importer = ProgressImport(plan, content)
    importer.save(user)
    return len(importer.updates)
