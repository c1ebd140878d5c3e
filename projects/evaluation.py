"""The year-end evaluation (ติดตามและประเมินผล) of fiscal year N, per strategy and in total.

Projects in the development plan for N → in the operational plan → completed / in progress / behind
plan (ล่าช้า) / not started / cancelled, each as a share of the strategy's own projects AND of all
projects (both are printed in practice, and both add up as printed: lib/rounding.py); the budget in
the plan → contracted → disbursed; and the projects behind plan: those reported ล่าช้า and those
whose actual months slipped past the planned ones.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from lib import thai
from lib.rounding import apportion, percentages, share
from plans.models import OperationalPlan, Organisation, PlanProjectBudget, Strategy
from projects.models import Activity, Progress

# A project reported ล่าช้า is behind plan, not "in progress": it is counted apart and listed among
# the projects behind plan.
OUTCOMES = (
    ("completed", "ดำเนินการแล้วเสร็จ", (Progress.Status.COMPLETED,)),
    ("in_progress", "อยู่ระหว่างดำเนินการ", (Progress.Status.IN_PROGRESS,)),
    ("delayed", "ล่าช้ากว่าแผน", (Progress.Status.DELAYED,)),
    ("not_started", "ยังไม่ดำเนินการ", (Progress.Status.NOT_STARTED,)),
    ("cancelled", "ยกเลิก", (Progress.Status.CANCELLED,)),
)
OUTCOME_OF = {status: key for key, _label, statuses in OUTCOMES for status in statuses}


@dataclass
class Line:
    label: str
    in_development_plan: int = 0
    in_plan: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _l, _s in OUTCOMES})
    of_line: dict[str, Decimal] = field(default_factory=dict)  # % of this strategy's own projects
    of_all: dict[str, Decimal] = field(default_factory=dict)  # % of all projects
    budget: Decimal = Decimal(0)
    contracted: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)

    @property
    def contracted_pct(self) -> Decimal:
        return share(self.contracted, self.budget)

    @property
    def disbursed_pct(self) -> Decimal:
        return share(self.disbursed, self.budget)


@dataclass
class Slip:
    """A project behind plan: reported ล่าช้า, or its actual months later than the planned ones."""

    activity: Activity
    planned: str
    actual: str
    months_late: int | None  # None: reported ล่าช้า, its actual months not (yet) recorded later than planned
    status: str = ""
    note: str = ""


@dataclass
class Evaluation:
    organisation: Organisation
    fiscal_year: int
    plan: OperationalPlan | None
    strategies: list[Line]
    total: Line
    slips: list[Slip]
    outcome_labels = [(key, label) for key, label, _statuses in OUTCOMES]


def evaluate(organisation: Organisation, fiscal_year: int) -> Evaluation:
    plan = OperationalPlan.objects.in_force(organisation, fiscal_year)
    strategies = list(Strategy.objects.filter(strategic_plan=plan.strategic_plan_id).order_by("number")) if plan else []
    lines: OrderedDict[int, Line] = OrderedDict((s.pk, Line(str(s))) for s in strategies)
    total = Line("รวมทั้งสิ้น")

    in_development_plan = PlanProjectBudget.objects.filter(
        project__development_plan__organisation=organisation, fiscal_year=fiscal_year, amount__gt=0
    ).values_list("project__strategy_id", flat=True)
    for strategy_id in in_development_plan:
        if strategy_id in lines:
            lines[strategy_id].in_development_plan += 1
        total.in_development_plan += 1

    activities = list(plan.activities.filter(other_agency="", is_equipment=False).select_related("strategy")) if plan else []
    reports = {p.key: p for p in Progress.objects.filter(organisation=organisation, fiscal_year=fiscal_year)}
    slips = []
    for activity in activities:
        line = lines.setdefault(activity.strategy_id, Line(str(activity.strategy)))
        report = reports.get(activity.key)
        outcome = OUTCOME_OF[report.status if report else Progress.Status.NOT_STARTED]
        for target in (line, total):
            target.in_plan += 1
            target.outcomes[outcome] += 1
            target.budget += activity.budget
            target.contracted += (report.contract_amount or 0) if report else 0
            target.disbursed += (report.disbursed or 0) if report else 0
        if report and (slip := behind_plan(activity, report, fiscal_year)):
            slips.append(slip)

    _percentages(list(lines.values()), total)
    return Evaluation(organisation, fiscal_year, plan, list(lines.values()), total, slips)


def _percentages(lines: list[Line], total: Line) -> None:
    """Each strategy's outcomes as shares of its own projects, adding to 100.00; and as shares of all
    projects: the total row's are its shares of its own (printed once, the same in both columns), and
    each column's strategy cells add up to that column's total as printed."""
    keys = [key for key, _l, _s in OUTCOMES]
    for line in lines + [total]:
        line.of_line = dict(zip(keys, percentages([line.outcomes[k] for k in keys]), strict=True))
    total.of_all = dict(total.of_line)
    for line in lines:
        line.of_all = {}
    for key in keys:
        cells = apportion([line.outcomes[key] for line in lines], total.in_plan, total.of_all[key])
        for line, cell in zip(lines, cells, strict=True):
            line.of_all[key] = cell


def behind_plan(activity: Activity, report: Progress, fiscal_year: int) -> Slip | None:
    """Behind plan: reported ล่าช้า, or started after the first planned month, or finished after the last one."""
    planned = thai.mask_to_months(activity.months)
    late = None
    actual = "—"
    if planned and report.actual_start is not None:
        late_start = report.actual_start - planned[0]
        late_end = (report.actual_end - planned[-1]) if report.actual_end is not None else 0
        late = max(late_start, late_end)
        actual_mask = thai.months_to_mask(
            range(report.actual_start, (report.actual_end if report.actual_end is not None else report.actual_start) + 1)
        )
        actual = thai.describe_months(actual_mask, fiscal_year)
    delayed = report.status == Progress.Status.DELAYED
    if not delayed and (late is None or late <= 0):
        return None
    return Slip(
        activity,
        thai.describe_months(activity.months, fiscal_year) or "—",
        actual,
        late if late and late > 0 else None,
        report.get_status_display(),
        report.note,
    )


def rows_for_export(evaluation: Evaluation) -> tuple[list[str], list[list]]:
    headers = ["ยุทธศาสตร์", "โครงการในแผนพัฒนา", "โครงการในแผนการดำเนินงาน"]
    for _key, label in evaluation.outcome_labels:
        headers += [label, f"{label} (ร้อยละของยุทธศาสตร์)", f"{label} (ร้อยละของทั้งหมด)"]
    headers += ["งบประมาณตามแผน", "วงเงินตามสัญญา", "ร้อยละของงบประมาณ", "เบิกจ่ายแล้ว", "ร้อยละของงบประมาณ"]
    rows = []
    for line in evaluation.strategies + [evaluation.total]:
        row = [line.label, line.in_development_plan, line.in_plan]
        for key, _label in evaluation.outcome_labels:
            row += [line.outcomes[key], line.of_line[key], line.of_all[key]]
        row += [line.budget, line.contracted, line.contracted_pct, line.disbursed, line.disbursed_pct]
        rows.append(row)
    return headers, rows
