"""A first day that leads somewhere: the steps from nothing to a submitted plan, for the staff's home page.

strategic plan → development plan (import) → budget ordinance (import) → draft → checks → submit,
each done, next or waiting, with a link to where it is done. The list shows until the
organisation's first plan is announced; once a step is done it shrinks to a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from plans.models import BudgetOrdinance, DevelopmentPlan, OperationalPlan, Organisation, StrategicPlan
from projects import checks

DONE, NEXT, WAITING = "done", "next", "waiting"


@dataclass
class Step:
    title: str
    how: str  # what to do, for the step that is next
    url: str
    done: bool
    state: str = WAITING


def steps(organisation: Organisation) -> list[Step] | None:
    """The steps and their states; None once a plan has been announced (the organisation is on its way)."""
    plans = OperationalPlan.objects.for_organisation(organisation)
    if plans.announced().exists():
        return None
    words = organisation.words
    strategic_plans = StrategicPlan.objects.for_organisation(organisation)
    strategic = strategic_plans.filter(strategies__isnull=False).first()
    begun = strategic or strategic_plans.first()  # a plan without strategies yet: add them on its page
    development = DevelopmentPlan.objects.for_organisation(organisation).order_by("-first_year").first()
    has_projects = development is not None and development.projects.exists()
    ordinance = (
        BudgetOrdinance.objects.for_organisation(organisation)
        .filter(kind=BudgetOrdinance.Kind.MAIN)
        .select_related("organisation")
        .order_by("-fiscal_year")
        .first()
    )
    has_lines = ordinance is not None and ordinance.is_enacted and ordinance.lines.exists()
    plan = plans.open_editions().select_related("organisation", "ordinance", "strategic_plan").order_by("-fiscal_year", "-pk").first()
    drafted = plan is not None and plan.activities.exists()
    submitted = plan is not None and not plan.is_editable
    checked = submitted or (drafted and not checks.plan_problems(plan))
    result = [
        Step(
            "แผนยุทธศาสตร์การพัฒนา",
            "บันทึกวิสัยทัศน์และยุทธศาสตร์ที่แผนการดำเนินงานใช้จัดกลุ่มโครงการ",
            begun.get_absolute_url() if begun else reverse("plans:strategicplan_create"),
            strategic is not None,
        ),
        Step(
            "แผนพัฒนาท้องถิ่น (นำเข้าจาก Excel)",
            "เพิ่มแผนพัฒนา แล้วนำเข้าโครงการจากไฟล์ ผ.02 ที่มีอยู่ ไม่ต้องพิมพ์ใหม่",
            reverse("plans:planproject_list", args=[development.pk]) if development else reverse("plans:developmentplan_create"),
            has_projects,
        ),
        Step(
            f"{words.budget_ordinance} (นำเข้าจาก Excel)",
            f"บันทึก{words.ordinance}งบประมาณรายจ่ายประจำปีพร้อมวันที่ประกาศใช้ แล้วนำเข้ารายการงบประมาณ",
            ordinance.get_absolute_url() if ordinance else reverse("plans:budgetordinance_create"),
            has_lines,
        ),
        Step(
            "จัดทำร่างแผนการดำเนินงาน",
            f"กด “จัดทำแผนการดำเนินงาน…จาก{words.ordinance}นี้” ระบบดึงโครงการจากรายการงบประมาณให้",
            reverse("projects:activity_list", args=[plan.pk]) if plan else (ordinance.get_absolute_url() if ordinance else ""),
            drafted,
        ),
        Step(
            "ตรวจสอบ",
            "แก้สิ่งที่ระบบพบ เช่น โครงการที่ไม่อยู่ในแผนพัฒนา เดือนหรือสถานที่ที่ยังไม่ระบุ",
            reverse("projects:plan_checks", args=[plan.pk]) if plan else "",
            checked,
        ),
        Step(
            "เสนอผู้บริหาร",
            "กด “เสนอผู้บริหาร” ที่หน้าแผน ผู้บริหารจะเห็นชอบและลงนามประกาศใช้",
            reverse("projects:activity_list", args=[plan.pk]) if plan else "",
            submitted,
        ),
    ]
    following = False
    for step in result:
        if step.done:
            step.state = DONE
        elif not following:
            step.state, following = NEXT, True
    return result
