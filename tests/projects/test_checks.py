"""The checks shown to staff next to the data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import PlanProjectBudget, Strategy
from projects.checks import deadline_text, plan_problems
from projects.models import Activity
from tests.conftest import category, login, programme

pytestmark = pytest.mark.django_db


def kinds(plan):
    return sorted(p.kind for p in plan_problems(plan))


@pytest.fixture
def complete(activity, budget_line, plan_project, strategies, guidelines, units):
    """A plan with nothing to fix: the road activity drafted from its line, and a strategy 2 activity."""
    activity.budget_line = budget_line
    activity.plan_project = plan_project
    activity.save()
    Activity.objects.create(
        plan=activity.plan, strategy=strategies[2], programme=programme("00220"), name="โครงการรณรงค์ป้องกันโรค",
        budget=Decimal("0"), location="ทุกหมู่บ้าน", unit=units["สำนักปลัด"], months=1,
    )  # fmt: skip
    return activity.plan


def test_a_complete_plan_has_nothing_to_fix(complete):
    assert plan_problems(complete) == []


def test_an_activity_not_in_the_development_plan_for_the_year_links_to_the_amendment(complete, activity, plan_project):
    PlanProjectBudget.objects.filter(project=plan_project).update(fiscal_year=2571)
    [problem] = plan_problems(complete)
    assert problem.kind == "not_in_development_plan"
    assert "ไม่มีงบประมาณปี 2570" in problem.message
    assert [fix.label for fix in problem.fixes] == ["บันทึกการเปลี่ยนแปลงแผนพัฒนา", "เพิ่มงบประมาณปี 2570 ให้โครงการในแผนพัฒนา"]
    assert problem.fixes[0].url.startswith(reverse("plans:planamendment_create", args=[plan_project.development_plan_id]))


def test_an_activity_without_a_plan_project_links_to_adding_it(complete, activity):
    activity.plan_project = None
    activity.save()
    [problem] = plan_problems(complete)
    assert "ไม่ได้เชื่อมกับโครงการในแผนพัฒนา" in problem.message
    add = problem.fixes[-1]
    assert add.label == "เพิ่มโครงการนี้ในแผนพัฒนา" and "name=" in add.url and f"strategy={activity.strategy_id}" in add.url


def test_other_agencies_and_equipment_need_no_development_plan_project(complete, activity):
    Activity.objects.create(
        plan=complete, strategy=activity.strategy, programme=activity.programme, name="ถนนลาดยางของกรมทางหลวงชนบท",
        budget=Decimal("9000000"), other_agency="กรมทางหลวงชนบท", months=7, location="หมู่ที่ 2",
    )  # fmt: skip
    assert plan_problems(complete) == []


def test_a_budget_that_differs_from_its_line(complete, activity):
    activity.budget = Decimal("400000")
    activity.save()
    assert kinds(complete) == ["budget_differs", "total_mismatch"]
    differs = next(p for p in plan_problems(complete) if p.kind == "budget_differs")
    assert "400,000.00" in differs.message and "450,000.00" in differs.message


def test_budget_lines_that_no_activity_covers(complete, ordinance):
    from plans.models import BudgetLine

    BudgetLine.objects.create(
        ordinance=ordinance, programme=programme("00110"), work="งานบริหารทั่วไป", category=category("ค่าครุภัณฑ์"),
        item="จัดซื้อเครื่องพิมพ์", amount=Decimal("8600"),
    )  # fmt: skip
    BudgetLine.objects.create(
        ordinance=ordinance, programme=programme("00110"), work="งานบริหารทั่วไป", category=category("ค่าวัสดุ"),
        item="ค่าวัสดุสำนักงาน", amount=Decimal("50000"),
    )  # fmt: skip
    problems = plan_problems(complete)
    assert kinds(complete) == ["line_not_covered", "total_mismatch"]
    uncovered = next(p for p in problems if p.kind == "line_not_covered")
    assert "ครุภัณฑ์ “จัดซื้อเครื่องพิมพ์”" in uncovered.message
    total = next(p for p in problems if p.kind == "total_mismatch")
    assert "458,600.00" in total.message and "ต่างกัน 8,600.00" in total.message


@pytest.mark.parametrize(
    "change, kind",
    [({"months": 0}, "no_months"), ({"location": ""}, "no_place"), ({"unit": None}, "no_unit")],
)
def test_missing_months_place_or_unit(complete, activity, change, kind):
    if kind == "no_place":
        activity.villages.clear()
    for field, value in change.items():
        setattr(activity, field, value)
    activity.save()
    assert kinds(complete) == [kind]


def test_a_strategy_with_no_activity(complete, strategic_plan):
    Strategy.objects.create(strategic_plan=strategic_plan, number=3, name="การพัฒนาการบริหารจัดการ")
    [problem] = plan_problems(complete)
    assert problem.kind == "strategy_without_activity" and "ยุทธศาสตร์ที่ 3" in problem.message


def test_checks_cost_the_same_queries_for_few_or_many_activities(complete, activity):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        plan_problems(complete)
    for i in range(40):
        extra = Activity.objects.create(
            plan=complete, strategy=activity.strategy, programme=activity.programme, name=f"โครงการ {i}", budget=Decimal(1)
        )
        extra.villages.set(activity.villages.all())
    with CaptureQueriesContext(connection) as many:
        plan_problems(complete)
    assert len(many) == len(few)


def test_the_deadline_counts_thirty_days_from_the_day_after_enactment(operational_plan, ordinance):
    ordinance.enacted_on = dt.date(2026, 11, 13)  # day 1 is 14 November; day 30 is 13 December
    ordinance.save()
    operational_plan.refresh_from_db()
    assert operational_plan.due_on == dt.date(2026, 12, 13)
    assert deadline_text(operational_plan, dt.date(2026, 11, 25)) == ("เหลือเวลาอีก 18 วัน ต้องประกาศใช้ภายใน 13 ธันวาคม 2569", "ok")
    assert deadline_text(operational_plan, dt.date(2026, 12, 10))[1] == "soon"
    assert deadline_text(operational_plan, dt.date(2026, 12, 13))[0].startswith("ครบกำหนดประกาศใช้วันนี้")
    assert deadline_text(operational_plan, dt.date(2026, 12, 20)) == ("เลยกำหนดประกาศใช้มาแล้ว 7 วัน (ครบกำหนด 13 ธันวาคม 2569)", "late")


def test_the_executive_records_an_extension(executive, staff, operational_plan, ordinance):
    url = reverse("projects:plan_deadline", args=[operational_plan.pk])
    data = {"deadline_extended_to": "15/01/2570", "deadline_extension_reason": "รอหนังสือสั่งการจังหวัด", "version": "1"}
    assert login(staff).post(url, data).status_code == 403
    assert login(executive).get(url).status_code == 405
    assert login(executive).post(url, {**data, "deadline_extension_reason": ""}).status_code == 400
    assert login(executive).post(url, data).status_code == 302
    operational_plan.refresh_from_db()
    assert operational_plan.due_on == dt.date(2027, 1, 15)
    assert "(ขยายเวลาแล้ว)" in deadline_text(operational_plan, dt.date(2026, 12, 20))[0]


def test_the_check_page_lists_problems_with_links_to_fix_them(staff_client, complete, activity):
    activity.months = 0
    activity.save()
    page = staff_client.get(reverse("projects:plan_checks", args=[complete.pk])).content.decode()
    assert "ยังไม่ระบุเดือนที่ดำเนินการ" in page
    assert reverse("projects:activity_update", args=[activity.pk]) + "?next=" in page


def test_the_activity_list_shows_each_activitys_problems(staff_client, complete, activity):
    activity.location = ""
    activity.villages.clear()
    activity.save()
    page = staff_client.get(reverse("projects:activity_list", args=[complete.pk])).content.decode()
    assert 'class="issue-list"' in page and "ยังไม่ระบุสถานที่ดำเนินการ" in page
