"""The kinds of planning record that staff enter, each declared once for the generic staff pages."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse

from plans import filters, forms
from plans.crud import Column, Records
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    Guideline,
    PlanAmendment,
    PlanProject,
    PlanProjectBudget,
    StrategicPlan,
    Strategy,
    Unit,
    Village,
)


class UnitRecords(Records):
    model, form_class = Unit, forms.UnitForm
    path, slug = "units/", "units"
    columns = (Column("หน่วยงาน", "name", link=True), Column("ลำดับ", "order", "number"))
    paginate_by = None
    add_label = "เพิ่มหน่วยงาน"


class VillageRecords(Records):
    model, form_class = Village, forms.VillageForm
    path, slug = "villages/", "villages"
    select_related = ("organisation",)
    columns = (Column("หมู่ที่", "number", "number", link=True), Column("ชื่อหมู่บ้าน", "name", link=True))
    paginate_by = None
    add_label = "เพิ่มหมู่บ้าน"


class StrategicPlanRecords(Records):
    model, form_class = StrategicPlan, forms.StrategicPlanForm
    path, slug = "strategic-plans/", "strategic-plans"
    columns = (
        Column("แผน", "title", link=True),
        Column("ตั้งแต่ปี", "first_year", "year"),
        Column("ถึงปี", "last_year", "year"),
        Column("จำนวนยุทธศาสตร์", "strategy_count", "number"),
    )
    add_label = "เพิ่มแผนยุทธศาสตร์"

    @classmethod
    def annotate(cls, queryset):
        return queryset.annotate(strategy_count=Count("strategies"))


class StrategyRecords(Records):
    """Strategies are listed, with their guidelines, on their strategic plan's page."""

    model, form_class = Strategy, forms.StrategyForm
    path, slug = "strategic-plans/<int:parent_pk>/strategies/", "strategies"
    parent_model, parent_field = StrategicPlan, "strategic_plan"
    prefetch_related = ("guidelines",)
    paginate_by = None
    list_template = "plans/strategy_list.html"
    add_label = "เพิ่มยุทธศาสตร์"


class GuidelineRecords(Records):
    model, form_class = Guideline, forms.GuidelineForm
    path, slug = "strategies/<int:parent_pk>/guidelines/", "guidelines"
    parent_model, parent_field = Strategy, "strategy"
    has_list = False
    add_label = "เพิ่มแนวทางการพัฒนา"

    @classmethod
    def list_url(cls, parent) -> str:
        return reverse("plans:strategy_list", args=[parent.strategic_plan_id])


class DevelopmentPlanRecords(Records):
    model, form_class = DevelopmentPlan, forms.DevelopmentPlanForm
    path, slug = "development-plans/", "development-plans"
    select_related = ("strategic_plan",)
    columns = (
        Column("แผนพัฒนา", "__str__", link=True),
        Column("ตามแผนยุทธศาสตร์", "strategic_plan"),
        Column("จำนวนโครงการ", "project_count", "number"),
        Column("วันที่อนุมัติ", "approved_on", "date"),
    )
    add_label = "เพิ่มแผนพัฒนา"

    @classmethod
    def annotate(cls, queryset):
        return queryset.annotate(project_count=Count("projects"))


class PlanAmendmentRecords(Records):
    model, form_class = PlanAmendment, forms.PlanAmendmentForm
    path, slug = "development-plans/<int:parent_pk>/amendments/", "plan-amendments"
    parent_model, parent_field = DevelopmentPlan, "development_plan"
    has_list = False
    add_label = "บันทึกการเพิ่มเติม/เปลี่ยนแปลงแผนพัฒนา"

    @classmethod
    def list_url(cls, parent) -> str:
        return reverse("plans:planproject_list", args=[parent.pk])


class PlanProjectFilter(filters.PlanProjectFilter):
    """The amendment choices are labelled with their development plan's kind (PlanAmendment.__str__): load it with them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amendment = self.filters["amendment"]
        amendment.queryset = amendment.queryset.select_related("development_plan")


class PlanProjectRecords(Records):
    """Projects are listed on their development plan's page, with a budget column for each year."""

    model, form_class = PlanProject, forms.PlanProjectForm
    path, slug = "development-plans/<int:parent_pk>/projects/", "plan-projects"
    parent_model, parent_field = DevelopmentPlan, "development_plan"
    filterset_class = PlanProjectFilter
    select_related = ("strategy", "guideline", "programme", "unit", "amendment")
    prefetch_related = ("budgets",)
    list_template = "plans/planproject_list.html"
    add_label = "เพิ่มโครงการในแผนพัฒนา"

    @classmethod
    def extra_context(cls, parent, queryset) -> dict:
        totals = dict(
            PlanProjectBudget.objects.filter(project__in=queryset.order_by().values("pk"))
            .values_list("fiscal_year")
            .annotate(total=Sum("amount"))
            .values_list("fiscal_year", "total")
        )
        return {
            "years": parent.years,
            "year_totals": [totals.get(year) for year in parent.years],
            "amendments": parent.amendments.all(),
        }


class BudgetOrdinanceRecords(Records):
    model, form_class = BudgetOrdinance, forms.BudgetOrdinanceForm
    path, slug = "ordinances/", "ordinances"
    select_related = ("organisation",)
    columns = (
        Column("ข้อบัญญัติ", "title", link=True),
        Column("วันที่ประกาศใช้", "enacted_on", "date"),
        Column("จำนวนรายการ", "line_count", "number"),
        Column("รวมงบประมาณ (บาท)", "line_total", "amount"),
    )
    add_label = "เพิ่มข้อบัญญัติงบประมาณ"

    @classmethod
    def annotate(cls, queryset):
        return queryset.annotate(line_count=Count("lines"), line_total=Sum("lines__amount"))


class BudgetLineRecords(Records):
    model, form_class = BudgetLine, forms.BudgetLineForm
    path, slug = "ordinances/<int:parent_pk>/lines/", "budget-lines"
    parent_model, parent_field = BudgetOrdinance, "ordinance"
    filterset_class = filters.BudgetLineFilter
    select_related = ("programme", "category", "category__group", "unit", "plan_project")
    columns = (
        Column("แผนงาน", "programme"),
        Column("งาน", "work"),
        Column("หมวด", "category"),
        Column("ประเภท", "item_type"),
        Column("รายการ/โครงการ", "item", link=True),
        Column("จำนวนเงิน (บาท)", "amount", "amount", total=True),
        Column("โครงการในแผนพัฒนา", "plan_project"),
        Column("เข้าแผนการดำเนินงานเป็น", "get_drafting_role_display"),
    )
    list_template = "plans/budgetline_list.html"
    add_label = "เพิ่มรายการงบประมาณ"


ALL = (
    UnitRecords,
    VillageRecords,
    StrategicPlanRecords,
    StrategyRecords,
    GuidelineRecords,
    DevelopmentPlanRecords,
    PlanAmendmentRecords,
    PlanProjectRecords,
    BudgetOrdinanceRecords,
    BudgetLineRecords,
)
