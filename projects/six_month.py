"""The six-month monitoring report (รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน) of fiscal year N.

It covers 1 October N−1 to 31 March N, and reads everything as it stood in the system at the end of
31 March: the edition of the plan in force then (as it was announced: projects/snapshot.py) and the
progress of each of its projects from django-simple-history, so that a change recorded on 1 April
or later never moves it. Per strategy and แผนงาน: projects by status, the budget, contracted and
disbursed amounts and their shares (lib/rounding.py); then the projects behind schedule on 31 March
with their notes.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from lib import thai
from lib.rounding import nested_percentages, percentages, share
from lib.workbooks import csv_bytes, workbook_bytes
from plans.models import OperationalPlan, Organisation, Strategy
from projects.evaluation import OUTCOMES
from projects.models import Activity, Progress
from projects.snapshot import frozen

TITLE = "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน"
LAST_MONTH = thai.fiscal_month_index(3)  # มี.ค., the period's last fiscal month
STATUS_OF = {status: key for key, _label, statuses in OUTCOMES for status in statuses}


def period(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """1 October N−1 to 31 March N."""
    return thai.fiscal_period(fiscal_year)[0], dt.date(thai.ce_year(fiscal_year), 3, 31)


def cutoff(fiscal_year: int) -> dt.datetime:
    """The end of 31 March N, local time: what was recorded before this moment counts."""
    return timezone.make_aware(dt.datetime.combine(period(fiscal_year)[1] + dt.timedelta(days=1), dt.time.min))


@dataclass
class Row:
    """A strategy, a แผนงาน under it, or the total."""

    label: str
    count: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _l, _s in OUTCOMES})
    budget: Decimal = Decimal(0)
    contracted: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    count_pct: Decimal = Decimal("0.00")  # of all the plan's projects
    budget_pct: Decimal = Decimal("0.00")  # of the plan's whole budget

    @property
    def contracted_pct(self) -> Decimal:
        return share(self.contracted, self.budget)

    @property
    def disbursed_pct(self) -> Decimal:
        return share(self.disbursed, self.budget)

    def add(self, activity: Activity, report) -> None:
        self.count += 1
        self.statuses[STATUS_OF[report.status if report else Progress.Status.NOT_STARTED]] += 1
        self.budget += activity.budget
        if report:
            self.contracted += report.contract_amount or 0
            self.disbursed += report.disbursed or 0


@dataclass
class Block:
    strategy: Row
    programmes: list[Row]


@dataclass
class Behind:
    """A project behind schedule on 31 March, and why."""

    activity: Activity
    planned: str
    status: str
    percent: int
    reason: str
    note: str


@dataclass
class SixMonthReport:
    organisation: Organisation
    fiscal_year: int
    plan: OperationalPlan | None  # the edition in force at the end of 31 March; None: no plan announced by then
    blocks: list[Block]
    total: Row
    status_pct: dict[str, Decimal]  # each status's share of all projects, adding to 100.00
    behind: list[Behind]
    outcome_labels = [(key, label) for key, label, _statuses in OUTCOMES]
    title = TITLE

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return period(self.fiscal_year)


def plan_in_force(organisation: Organisation, fiscal_year: int) -> OperationalPlan | None:
    """The latest edition of the year that was announced before the end of 31 March (by its history:
    an edition announced on 1 April or later is not yet in force for this report)."""
    announced = (
        OperationalPlan.history.filter(organisation=organisation, fiscal_year=fiscal_year, status=OperationalPlan.Status.ANNOUNCED)
        .filter(history_date__lt=cutoff(fiscal_year))
        .values_list("id", flat=True)
    )
    return OperationalPlan.objects.filter(pk__in=set(announced)).select_related("organisation").order_by("-pk").first()


def progress_as_of(organisation: Organisation, fiscal_year: int) -> dict:
    """Each activity's progress (by key) as recorded before the cut-off: its latest historical record, unless that was its deletion."""
    records = (
        Progress.history.filter(organisation=organisation, fiscal_year=fiscal_year, history_date__lt=cutoff(fiscal_year))
        .latest_of_each()
        .exclude(history_type="-")
    )
    return {record.key: record for record in records}


def six_month_report(organisation: Organisation, fiscal_year: int) -> SixMonthReport:
    plan = plan_in_force(organisation, fiscal_year)
    if plan is None:
        return SixMonthReport(organisation, fiscal_year, None, [], Row("รวมทั้งสิ้น"), {}, [])
    announced = frozen(plan)
    activities = [a for a in announced.activities if not a.is_other_agency and not a.is_equipment]
    reports = progress_as_of(organisation, fiscal_year)
    by_strategy: OrderedDict[int, OrderedDict[int, Row]] = OrderedDict((s.pk, OrderedDict()) for s in announced.strategies)
    strategies: dict[int, Strategy] = {s.pk: s for s in announced.strategies}
    total, behind = Row("รวมทั้งสิ้น"), []
    for activity in activities:
        strategies.setdefault(activity.strategy_id, activity.strategy)
        programmes = by_strategy.setdefault(activity.strategy_id, OrderedDict())
        row = programmes.setdefault(activity.programme_id, Row(activity.programme.name))
        report = reports.get(activity.key)
        row.add(activity, report)
        total.add(activity, report)
        if reason := behind_schedule(activity, report, fiscal_year):
            behind.append(
                Behind(
                    activity,
                    thai.describe_months(activity.months, fiscal_year) or "—",
                    report.get_status_display() if report else Progress.Status.NOT_STARTED.label,
                    report.percent if report else 0,
                    reason,
                    report.note if report else "",
                )
            )
    blocks = [Block(_sum(str(strategies[pk]), list(rows.values())), list(rows.values())) for pk, rows in by_strategy.items()]
    _shares(blocks, total)
    keys = [key for key, _l, _s in OUTCOMES]
    status_pct = dict(zip(keys, percentages([total.statuses[k] for k in keys]), strict=True))
    return SixMonthReport(organisation, fiscal_year, plan, blocks, total, status_pct, behind)


def _sum(label: str, rows: list[Row]) -> Row:
    line = Row(label)
    for row in rows:
        line.count += row.count
        line.budget += row.budget
        line.contracted += row.contracted
        line.disbursed += row.disbursed
        for key, value in row.statuses.items():
            line.statuses[key] += value
    return line


def _shares(blocks: list[Block], total: Row) -> None:
    """Count and budget as shares of the plan's: strategies add up to 100.00, their แผนงาน rows to their strategy's figure."""
    for attr, pct in (("count", "count_pct"), ("budget", "budget_pct")):
        strategy_pcts, inner = nested_percentages([[getattr(row, attr) for row in block.programmes] for block in blocks])
        for block, printed, cells in zip(blocks, strategy_pcts, inner, strict=True):
            setattr(block.strategy, pct, printed)
            for row, cell in zip(block.programmes, cells, strict=True):
                setattr(row, pct, cell)
        setattr(total, pct, sum(strategy_pcts, Decimal("0.00")) if getattr(total, attr) else Decimal("0.00"))


def behind_schedule(activity: Activity, report, fiscal_year: int) -> str | None:
    """Why a project is behind schedule on 31 March, or None: reported ล่าช้า, planned to end by March and
    not done, or planned to start by March and not started. Done and cancelled projects are not behind."""
    status = report.status if report else Progress.Status.NOT_STARTED
    if status in (Progress.Status.COMPLETED, Progress.Status.CANCELLED):
        return None
    if status == Progress.Status.DELAYED:
        return "รายงานว่าล่าช้ากว่าแผน"
    planned = thai.mask_to_months(activity.months)
    if not planned:
        return None
    if planned[-1] <= LAST_MONTH:
        month = thai.describe_months(1 << planned[-1], fiscal_year)
        return f"ตามแผนต้องแล้วเสร็จภายใน {month} แต่ยังไม่แล้วเสร็จ"
    if status == Progress.Status.NOT_STARTED and planned[0] <= LAST_MONTH:
        month = thai.describe_months(1 << planned[0], fiscal_year)
        return f"ตามแผนต้องเริ่มใน {month} แต่ยังไม่เริ่มดำเนินการ"
    return None


def rows_for_export(report: SixMonthReport) -> tuple[list[str], list[list]]:
    """One row per strategy, แผนงาน and the total, as the CSV and Excel downloads carry them."""
    headers = ["ยุทธศาสตร์", "แผนงาน", "จำนวนโครงการ", "ร้อยละของโครงการทั้งหมด"]
    headers += [label for _key, label in report.outcome_labels]
    headers += ["งบประมาณตามแผน (บาท)", "ร้อยละของงบประมาณทั้งหมด", "วงเงินตามสัญญา (บาท)", "ร้อยละของงบประมาณ",
                "เบิกจ่ายแล้ว (บาท)", "ร้อยละของงบประมาณ"]  # fmt: skip

    def line(strategy: str, programme: str, row: Row) -> list:
        return [
            strategy, programme, row.count, row.count_pct, *(row.statuses[key] for key, _l in report.outcome_labels),
            row.budget, row.budget_pct, row.contracted, row.contracted_pct, row.disbursed, row.disbursed_pct,
        ]  # fmt: skip

    rows = []
    for block in report.blocks:
        rows.append(line(block.strategy.label, "", block.strategy))
        rows += [line(block.strategy.label, row.label, row) for row in block.programmes]
    rows.append(line(report.total.label, "", report.total))
    return headers, rows


def to_csv(report: SixMonthReport) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Thai text correctly."""
    headers, rows = rows_for_export(report)
    return csv_bytes([headers, *rows])


def to_xlsx(report: SixMonthReport, at: dt.datetime | None = None) -> bytes:
    """The figures, then the projects behind schedule on a second sheet; stamped `at` (when it was published)."""
    headers, rows = rows_for_export(report)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผลการดำเนินงาน"
    sheet.append([f"{TITLE} ประจำปีงบประมาณ พ.ศ. {report.fiscal_year} {report.organisation.full_name}"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    late = workbook.create_sheet("โครงการที่ล่าช้า")
    late.append(["ที่", "โครงการ", "ยุทธศาสตร์", "ระยะเวลาตามแผน", "สถานะ ณ 31 มี.ค.", "ความก้าวหน้า (ร้อยละ)", "เหตุที่ล่าช้า", "หมายเหตุ"])
    for number, b in enumerate(report.behind, 1):
        late.append([number, b.activity.name, b.activity.strategy.number, b.planned, b.status, b.percent, b.reason, b.note])
    for header in (sheet[1][0], *sheet[2], *late[1]):
        header.font = Font(bold=True)
    return workbook_bytes(workbook, at)


def to_json(report: SixMonthReport, url: str = "") -> dict:
    start, end = report.period

    def figures(row: Row) -> dict:
        return {
            "count": row.count, "count_percent": str(row.count_pct), "statuses": dict(row.statuses),
            "budget": str(row.budget), "budget_percent": str(row.budget_pct), "contracted": str(row.contracted),
            "contracted_percent": str(row.contracted_pct), "disbursed": str(row.disbursed), "disbursed_percent": str(row.disbursed_pct),
        }  # fmt: skip

    return {
        "organisation": {"code": report.organisation.code, "name": report.organisation.full_name},
        "report": {
            "title": TITLE,
            "fiscal_year": report.fiscal_year,
            "period": [start.isoformat(), end.isoformat()],
            "url": url,
            "plan": report.plan.title if report.plan else None,
        },  # fmt: skip
        "statuses": {key: label for key, label in report.outcome_labels},
        "strategies": [
            {
                "name": block.strategy.label,
                **figures(block.strategy),
                "programmes": [{"name": row.label, **figures(row)} for row in block.programmes],
            }
            for block in report.blocks
        ],  # fmt: skip
        "total": {**figures(report.total), "status_percent": {key: str(value) for key, value in report.status_pct.items()}},
        "behind_schedule": [
            {
                "name": b.activity.name,
                "strategy": b.activity.strategy.number,
                "planned": b.planned,
                "status": b.status,
                "percent": b.percent,
                "reason": b.reason,
                "note": b.note,
            }
            for b in report.behind
        ],  # fmt: skip
    }
