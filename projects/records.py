"""The operational plan's staff pages: the plan records and the activities listed on each plan's page."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Sum
from django.utils import timezone

from plans.crud import Column, Records
from plans.models import OperationalPlan, Village
from projects import checks
from projects.filters import ActivityFilter
from projects.forms import ActivityForm, OperationalPlanForm
from projects.models import Activity


def plan_locked_reason(plan: OperationalPlan) -> str | None:
    if not plan.is_editable:
        return f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” จึงแก้ไขไม่ได้"
    return None


class OperationalPlanRecords(Records):
    model, form_class = OperationalPlan, OperationalPlanForm
    app = "projects"
    path, slug = "operational-plans/", "operational-plans"
    select_related = ("strategic_plan", "development_plan", "ordinance__organisation")
    columns = (
        Column("แผนการดำเนินงาน", "title", link="projects:activity_list"),
        Column("ตามแผนพัฒนา", "development_plan"),
        Column("จำนวนโครงการ/กิจกรรม", "activity_count", "number"),
        Column("งบประมาณรวม (บาท)", "activity_total", "amount"),
        Column("สถานะ", "get_status_display"),
    )
    add_label = "เริ่มแผนการดำเนินงานปีใหม่"
    list_template = "projects/operationalplan_list.html"

    @classmethod
    def annotate(cls, queryset):
        return queryset.annotate(activity_count=Count("activities"), activity_total=Sum("activities__budget"))

    @classmethod
    def locked_reason(cls, parent, obj=None) -> str | None:
        return plan_locked_reason(obj) if obj is not None else None


class ActivityRecords(Records):
    """Activities are listed on their plan's page: the staff's main working page for the plan."""

    model, form_class = Activity, ActivityForm
    app = "projects"
    path, slug = "operational-plans/<int:parent_pk>/activities/", "activities"
    parent_model, parent_field = OperationalPlan, "plan"
    filterset_class = ActivityFilter
    select_related = ("strategy", "programme", "unit")
    prefetch_related = (Prefetch("villages", queryset=Village.objects.select_related("organisation")),)  # named in its words
    columns = (
        Column("ยุทธศาสตร์", "strategy.number", "number"),
        Column("แผนงาน", "programme"),
        Column("โครงการ/กิจกรรม", "name", link=True),
        Column("งบประมาณ (บาท)", "budget", "amount", total=True),
        Column("สถานที่", "place"),
        Column("หน่วยงาน", "unit"),
        Column("ระยะเวลา", "months", "months"),
    )
    list_template = "projects/activity_list.html"
    add_label = "เพิ่มโครงการ/กิจกรรม"

    @classmethod
    def locked_reason(cls, parent, obj=None) -> str | None:
        return plan_locked_reason(parent)

    @classmethod
    def extra_context(cls, parent, queryset) -> dict:
        problems = checks.plan_problems(parent)
        return {
            "problems": problems,
            "problems_by_activity": checks.by_activity(problems),
            "has_errors": any(problem.is_error for problem in problems),
            "deadline": checks.deadline_text(parent, timezone.localdate()),
        }


ALL = (OperationalPlanRecords, ActivityRecords)
