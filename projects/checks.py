"""The checks the product makes on a draft operational plan, each with a Thai message and a way to fix it.

All checks of one plan cost a fixed number of queries, however many activities it has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from lib import thai
from plans.models import BudgetLine, OperationalPlan, PlanProjectBudget
from plans.words import Words
from projects.models import Activity


@dataclass(frozen=True)
class Fix:
    label: str
    url: str


@dataclass
class Problem:
    kind: str
    message: str
    fixes: list[Fix] = field(default_factory=list)
    activity_id: int | None = None


TITLES = {
    "not_in_development_plan": "โครงการที่ไม่อยู่ในแผนพัฒนาของปีนี้",
    "budget_differs": "งบประมาณไม่ตรงกับข้อบัญญัติ",
    "line_not_covered": "รายการในข้อบัญญัติที่ยังไม่อยู่ในแผน",
    "no_months": "ยังไม่ระบุเดือนที่ดำเนินการ",
    "no_place": "ยังไม่ระบุสถานที่ดำเนินการ",
    "no_unit": "ยังไม่ระบุหน่วยงานรับผิดชอบ",
    "strategy_without_activity": "ยุทธศาสตร์ที่ไม่มีโครงการ",
    "total_mismatch": "ยอดรวมของแผนไม่ตรงกับข้อบัญญัติ",
}


def baht(amount: Decimal) -> str:
    return thai.format_amount(amount, thai.ARABIC)


def plan_problems(plan: OperationalPlan) -> list[Problem]:
    activities = list(
        plan.activities.select_related("budget_line", "plan_project__development_plan", "strategy").prefetch_related("villages")
    )
    lines = list(plan.ordinance.lines.select_related("category")) if plan.ordinance_id else None
    problems: list[Problem] = []
    problems += _not_in_development_plan(plan, activities)
    problems += _budget_differs(activities)
    problems += _lines_not_covered(plan, activities, lines)
    problems += _incomplete(activities)
    problems += _strategies_without_activity(plan, activities)
    problems += _totals(plan, activities, lines)
    speak = plan.organisation.words.speak  # the messages are written in an อบต.'s words
    for problem in problems:
        problem.message, problem.fixes = speak(problem.message), [Fix(speak(fix.label), fix.url) for fix in problem.fixes]
    return problems


def _edit(activity: Activity, label: str = "แก้ไขโครงการ") -> Fix:
    return Fix(label, reverse("projects:activity_update", args=[activity.pk]))


def _not_in_development_plan(plan: OperationalPlan, activities: list[Activity]) -> list[Problem]:
    budgeted = set(
        PlanProjectBudget.objects.filter(
            fiscal_year=plan.fiscal_year, amount__gt=0, project__development_plan__organisation=plan.organisation_id
        ).values_list("project_id", flat=True)
    )
    problems = []
    for activity in activities:
        if activity.is_other_agency or activity.is_equipment or not activity.budget:
            continue
        if activity.plan_project_id in budgeted:
            continue
        project = activity.plan_project
        if project is None:
            message = f"“{activity.name}” ไม่ได้เชื่อมกับโครงการในแผนพัฒนา"
            fixes = [_edit(activity, "เลือกโครงการในแผนพัฒนา")]
            if plan.development_plan_id:
                query = urlencode(
                    {
                        "name": activity.name,
                        "strategy": activity.strategy_id,
                        "programme": activity.programme_id,
                        "unit": activity.unit_id or "",
                    }
                )
                fixes += [
                    Fix("บันทึกการเพิ่มเติมแผนพัฒนา", reverse("plans:planamendment_create", args=[plan.development_plan_id]) + "?kind=addition"),
                    Fix("เพิ่มโครงการนี้ในแผนพัฒนา", reverse("plans:planproject_create", args=[plan.development_plan_id]) + "?" + query),
                ]
        else:
            message = f"“{activity.name}” ไม่มีงบประมาณปี {plan.fiscal_year} ใน{project.development_plan}"
            fixes = [
                Fix("บันทึกการเปลี่ยนแปลงแผนพัฒนา", reverse("plans:planamendment_create", args=[project.development_plan_id]) + "?kind=change"),
                Fix(f"เพิ่มงบประมาณปี {plan.fiscal_year} ให้โครงการในแผนพัฒนา", reverse("plans:planproject_update", args=[project.pk])),
            ]
        problems.append(Problem("not_in_development_plan", message + " ต้องเพิ่มเติม/เปลี่ยนแปลงแผนพัฒนาก่อน", fixes, activity.pk))
    return problems


def _budget_differs(activities: list[Activity]) -> list[Problem]:
    return [
        Problem(
            "budget_differs",
            f"“{a.name}” ตั้งงบประมาณ {baht(a.budget)} บาท แต่ข้อบัญญัติตั้งไว้ {baht(a.budget_line.amount)} บาท",
            [_edit(a, "แก้งบประมาณ"), Fix("ดูรายการในข้อบัญญัติ", reverse("plans:budgetline_update", args=[a.budget_line_id]))],
            a.pk,
        )
        for a in activities
        if a.budget_line_id and a.budget != a.budget_line.amount
    ]


def _lines_not_covered(plan: OperationalPlan, activities: list[Activity], lines: list[BudgetLine] | None) -> list[Problem]:
    if lines is None:
        return []
    covered = {a.budget_line_id for a in activities}
    problems = []
    for line in lines:
        role = line.drafting_role()
        if role is None or line.pk in covered:
            continue
        kind = "ครุภัณฑ์" if role == "equipment" else "โครงการ"
        problems.append(
            Problem(
                "line_not_covered",
                f"{kind} “{line.item}” ({baht(line.amount)} บาท) ในข้อบัญญัติ ยังไม่อยู่ในแผนการดำเนินงาน",
                [
                    Fix("ดึงจากข้อบัญญัติ", reverse("projects:plan_draft", args=[plan.pk])),
                    Fix("ไม่นำรายการนี้เข้าแผน", reverse("plans:budgetline_update", args=[line.pk])),
                ],
            )
        )
    return problems


def _incomplete(activities: list[Activity]) -> list[Problem]:
    problems = []
    for a in activities:
        if not a.months:
            problems.append(Problem("no_months", f"“{a.name}” ยังไม่ระบุเดือนที่ดำเนินการ", [_edit(a, "เลือกเดือน")], a.pk))
        if not a.location and not a.villages.all():
            problems.append(Problem("no_place", f"“{a.name}” ยังไม่ระบุสถานที่ดำเนินการ", [_edit(a, "ระบุสถานที่")], a.pk))
        if not a.unit_id and not a.is_other_agency:
            problems.append(Problem("no_unit", f"“{a.name}” ยังไม่ระบุหน่วยงานรับผิดชอบหลัก", [_edit(a, "เลือกหน่วยงาน")], a.pk))
    return problems


def _strategies_without_activity(plan: OperationalPlan, activities: list[Activity]) -> list[Problem]:
    used = {a.strategy_id for a in activities}
    create = reverse("projects:activity_create", args=[plan.pk])
    return [
        Problem("strategy_without_activity", f"{s} ยังไม่มีโครงการ/กิจกรรม", [Fix("เพิ่มโครงการในยุทธศาสตร์นี้", f"{create}?strategy={s.pk}")])
        for s in plan.strategic_plan.strategies.all()
        if s.pk not in used
    ]


def _totals(plan: OperationalPlan, activities: list[Activity], lines: list[BudgetLine] | None) -> list[Problem]:
    if lines is None:
        return []
    own = sum((a.budget for a in activities if not a.is_other_agency), Decimal(0))
    expected = sum((line.amount for line in lines if line.drafting_role()), Decimal(0))
    if own == expected:
        return []
    all_lines = sum((line.amount for line in lines), Decimal(0))
    return [
        Problem(
            "total_mismatch",
            f"ยอดรวมโครงการและครุภัณฑ์ของ อปท. ในแผน {baht(own)} บาท แต่รายการที่เป็นโครงการและครุภัณฑ์ในข้อบัญญัติรวม {baht(expected)} บาท "
            f"(ต่างกัน {baht(abs(own - expected))} บาท; ข้อบัญญัติทั้งฉบับ {baht(all_lines)} บาท)",
            [Fix("ดูรายการในข้อบัญญัติ", reverse("plans:budgetline_list", args=[plan.ordinance_id]))],
        )
    ]


def by_activity(problems: list[Problem]) -> dict[int, list[Problem]]:
    grouped: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.activity_id is not None:
            grouped.setdefault(problem.activity_id, []).append(problem)
    return grouped


def grouped(problems: list[Problem], words: Words | None = None) -> list[tuple[str, list[Problem]]]:
    speak = words.speak if words else str
    return [
        (speak(title), [p for p in problems if p.kind == kind]) for kind, title in TITLES.items() if any(p.kind == kind for p in problems)
    ]


def deadline_text(plan: OperationalPlan, today: dt.date) -> tuple[str, str] | None:
    """('เหลือ 18 วัน …', 'ok'|'soon'|'late') while the plan is not yet announced."""
    if plan.status == OperationalPlan.Status.ANNOUNCED:
        return None
    days = plan.days_left(today)
    if days is None:
        return None
    due = thai.format_date(plan.due_on, thai.ARABIC)
    extended = " (ขยายเวลาแล้ว)" if plan.deadline_extended_to else ""
    if days < 0:
        return f"เลยกำหนดประกาศใช้มาแล้ว {-days} วัน (ครบกำหนด {due}{extended})", "late"
    if days == 0:
        return f"ครบกำหนดประกาศใช้วันนี้ ({due}{extended})", "soon"
    return f"เหลือเวลาอีก {days} วัน ต้องประกาศใช้ภายใน {due}{extended}", "soon" if days <= 7 else "ok"
