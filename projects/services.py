"""Drafting the operational plan from the budget: the retyping this product removes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from plans.models import BudgetLine, BudgetOrdinance, DevelopmentPlan, OperationalPlan, StrategicPlan, Strategy, User
from projects.models import Activity


class DraftError(Exception):
    """The plan cannot be drafted now; the message says why, in Thai."""


@dataclass
class DraftResult:
    activities: int = 0
    equipment: int = 0
    kept: int = 0
    removed_by_staff: int = 0
    not_projects: int = 0

    @property
    def added(self) -> int:
        return self.activities + self.equipment

    def summary(self) -> str:
        parts = [f"เพิ่มโครงการ/กิจกรรม {self.activities} รายการ", f"ครุภัณฑ์ {self.equipment} รายการ"]
        if self.kept:
            parts.append(f"คงรายการเดิมที่มีอยู่แล้ว {self.kept} รายการ (ไม่แก้ทับสิ่งที่เจ้าหน้าที่แก้ไว้)")
        if self.removed_by_staff:
            parts.append(f"ไม่เพิ่มกลับ {self.removed_by_staff} รายการที่เจ้าหน้าที่ลบออกไปแล้ว")
        parts.append(f"ข้าม {self.not_projects} รายการที่ไม่ใช่โครงการ (เงินเดือน ค่าจ้าง ค่าวัสดุ ค่าสาธารณูปโภค ฯลฯ)")
        return " · ".join(parts)


def main_ordinance_for(plan: OperationalPlan) -> BudgetOrdinance | None:
    return (
        BudgetOrdinance.objects.filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year, kind=BudgetOrdinance.Kind.MAIN)
        .select_related("organisation")
        .first()
    )


@transaction.atomic
def plan_draft_from_budget(*, plan: OperationalPlan, ordinance: BudgetOrdinance | None = None, user: User | None = None) -> DraftResult:
    """Build or refresh the plan's activities from an enacted ordinance's lines.

    Every line that is a project (or equipment) becomes one activity, filled from the line and
    the development-plan project it funds. Refreshing adds only lines not drafted yet: what staff
    edited stays as they left it, and a line whose activity staff deleted is not added back.
    """
    plan = OperationalPlan.objects.select_for_update().select_related("strategic_plan").get(pk=plan.pk)
    if not plan.is_editable:
        raise DraftError(f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” จึงดึงข้อมูลเพิ่มไม่ได้")
    ordinance = ordinance or plan.ordinance or main_ordinance_for(plan)
    speak = plan.organisation.words.speak
    if ordinance is None:
        raise DraftError(speak(f"ยังไม่มีข้อบัญญัติงบประมาณรายจ่ายประจำปี {plan.fiscal_year} ให้บันทึกข้อบัญญัติก่อน"))
    if ordinance.organisation_id != plan.organisation_id or ordinance.fiscal_year != plan.fiscal_year:
        raise DraftError(speak("ข้อบัญญัตินี้ไม่ใช่ของแผนนี้ (คนละ อปท. หรือคนละปีงบประมาณ)"))
    if not ordinance.is_enacted:
        raise DraftError(speak("ข้อบัญญัตินี้ยังไม่ได้ประกาศใช้ ให้บันทึกวันที่ประกาศใช้ก่อน"))
    if plan.ordinance_id is None:
        plan.ordinance = ordinance
        plan.save(update_fields=["ordinance"])

    lines = list(
        ordinance.lines.select_related(
            "category", "programme", "unit", "plan_project__strategy", "plan_project__guideline", "plan_project__unit"
        )
    )
    drafted = set(plan.activities.filter(budget_line__isnull=False).values_list("budget_line_id", flat=True))
    deleted = (
        set(
            Activity.history.filter(plan_id=plan.pk, history_type="-", budget_line_id__isnull=False).values_list(
                "budget_line_id", flat=True
            )
        )
        - drafted
    )
    strategy_for = _strategy_chooser(plan.strategic_plan, lines)

    result = DraftResult()
    new = []
    for line in lines:
        role = line.drafting_role()
        if role is None:
            result.not_projects += 1
        elif line.pk in drafted:
            result.kept += 1
        elif line.pk in deleted:
            result.removed_by_staff += 1
        else:
            new.append(_activity_from_line(plan, line, role, strategy_for))
            if role == "equipment":
                result.equipment += 1
            else:
                result.activities += 1
    bulk_create_with_history(new, Activity, default_user=user)
    return result


def _strategy_chooser(strategic_plan: StrategicPlan, lines: list[BudgetLine]):
    """The strategy for a line: its plan project's, else the one most projects of its แผนงาน use, else the first."""
    strategies = {s.pk: s for s in strategic_plan.strategies.all()}
    by_programme: dict[int, Counter] = {}
    for line in lines:
        project = line.plan_project
        if project is not None and project.strategy_id in strategies:
            by_programme.setdefault(line.programme_id, Counter())[project.strategy_id] += 1
    first = min(strategies.values(), key=lambda s: s.number, default=None)

    def choose(line: BudgetLine) -> Strategy:
        project = line.plan_project
        if project is not None and project.strategy_id in strategies:
            return strategies[project.strategy_id]
        counts = by_programme.get(line.programme_id)
        if counts:
            return strategies[counts.most_common(1)[0][0]]
        if first is None:
            raise DraftError("แผนยุทธศาสตร์ของแผนนี้ยังไม่มียุทธศาสตร์ ให้บันทึกยุทธศาสตร์ก่อน")
        return first

    return choose


def _activity_from_line(plan: OperationalPlan, line: BudgetLine, role: str, strategy_for) -> Activity:
    project = line.plan_project
    strategy = strategy_for(line)
    in_project = project is not None and project.strategy_id == strategy.pk
    details = ""
    if project is not None and role == "activity":
        details = "\n".join(part for part in (project.objective, f"เป้าหมาย: {project.target}" if project.target else "") if part)
    return Activity(
        plan=plan,
        order=line.order,
        strategy=strategy,
        guideline=project.guideline if in_project else None,
        programme=line.programme,
        name=project.name if project is not None and role == "activity" else line.item,
        details=details,
        budget=line.amount,
        unit=line.unit or (project.unit if project else None),
        is_equipment=role == "equipment",
        category=line.category if role == "equipment" else None,
        item_type=line.item_type if role == "equipment" else "",
        budget_line=line,
        plan_project=project,
    )


@transaction.atomic
def plan_create_from_budget(*, ordinance: BudgetOrdinance, user: User | None = None) -> tuple[OperationalPlan, DraftResult]:
    """Start the operational plan of the ordinance's year and draft it, in one action."""
    year = ordinance.fiscal_year
    organisation = ordinance.organisation
    existing = OperationalPlan.objects.filter(
        organisation=organisation, fiscal_year=year, edition_kind=OperationalPlan.Edition.ORIGINAL
    ).first()
    if existing is not None:
        return existing, plan_draft_from_budget(plan=existing, ordinance=ordinance, user=user)
    development_plan = (
        DevelopmentPlan.objects.filter(organisation=organisation, first_year__lte=year)
        .order_by("-first_year")
        .select_related("strategic_plan")
        .first()
    )
    if development_plan is not None and not development_plan.covers(year):
        development_plan = None
    strategic_plan = (
        development_plan.strategic_plan
        if development_plan
        else StrategicPlan.objects.filter(organisation=organisation, first_year__lte=year, last_year__gte=year).first()
    )
    if strategic_plan is None:
        raise DraftError(f"ยังไม่มีแผนยุทธศาสตร์ที่ครอบคลุมปี {year} ให้บันทึกแผนยุทธศาสตร์ก่อน")
    plan = OperationalPlan(
        organisation=organisation, fiscal_year=year, strategic_plan=strategic_plan, development_plan=development_plan, ordinance=ordinance
    )
    plan._history_user = user
    plan.save()
    return plan, plan_draft_from_budget(plan=plan, ordinance=ordinance, user=user)
