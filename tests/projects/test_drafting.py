"""Drafting the operational plan from the budget ordinance, and refreshing it after staff edits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import BudgetLine, OperationalPlan
from projects.models import Activity
from projects.services import DraftError, plan_create_from_budget, plan_draft_from_budget
from tests.conftest import category, login, programme

pytestmark = pytest.mark.django_db


def line(ordinance, item, category_name, amount, programme_code="00110", **extra) -> BudgetLine:
    return BudgetLine.objects.create(
        ordinance=ordinance, programme=programme(programme_code), work="งานบริหารทั่วไป", category=category(category_name),
        item=item, amount=Decimal(amount), **extra,
    )  # fmt: skip


@pytest.fixture
def lines(ordinance, budget_line, units):
    """A small ordinance: one construction project (budget_line), and one line of each other kind."""
    return {
        "construction": budget_line,
        "salary": line(ordinance, "เงินเดือนพนักงาน", "เงินเดือน (ฝ่ายประจำ)", "1200000"),
        "materials": line(ordinance, "ค่าวัสดุสำนักงาน", "ค่าวัสดุ", "80000"),
        "utilities": line(ordinance, "ค่าไฟฟ้า", "ค่าสาธารณูปโภค", "120000"),
        "services": line(ordinance, "ค่าจ้างเหมาบริการ", "ค่าใช้สอย", "90000"),
        "training": line(ordinance, "โครงการอบรมคุณธรรมจริยธรรม", "ค่าใช้สอย", "15000", unit=units["สำนักปลัด"]),
        "computer": line(
            ordinance, "จัดซื้อเครื่องคอมพิวเตอร์ จำนวน 2 เครื่อง", "ค่าครุภัณฑ์", "44000", item_type="ครุภัณฑ์คอมพิวเตอร์", unit=units["สำนักปลัด"]
        ),
        "subsidy": line(ordinance, "อุดหนุนอาหารกลางวันโรงเรียน", "เงินอุดหนุน", "350000", programme_code="00210"),
    }


def test_project_lines_become_activities_filled_from_the_plan_project(operational_plan, lines, plan_project, guidelines):
    plan_project.objective = "เพื่อให้ประชาชนสัญจรได้สะดวก"
    plan_project.target = "กว้าง 5 เมตร ยาว 300 เมตร"
    plan_project.save()
    result = plan_draft_from_budget(plan=operational_plan)
    assert (result.activities, result.equipment, result.not_projects) == (3, 1, 4)
    road = Activity.objects.get(budget_line=lines["construction"])
    assert road.plan == operational_plan
    assert road.name == plan_project.name
    assert road.strategy == plan_project.strategy and road.guideline == guidelines[1, 1]
    assert road.programme == lines["construction"].programme
    assert road.details == "เพื่อให้ประชาชนสัญจรได้สะดวก\nเป้าหมาย: กว้าง 5 เมตร ยาว 300 เมตร"
    assert road.budget == Decimal("450000")
    assert road.unit == plan_project.unit
    assert road.plan_project == plan_project
    assert (road.months, road.location) == (0, "")  # what the sources do not know, staff fill in


def test_salaries_wages_materials_and_utilities_are_not_activities(operational_plan, lines):
    plan_draft_from_budget(plan=operational_plan)
    drafted = set(operational_plan.activities.values_list("budget_line__item", flat=True))
    assert drafted == {
        lines["construction"].item, lines["training"].item, lines["computer"].item, lines["subsidy"].item,
    }  # fmt: skip


def test_equipment_lines_become_equipment(operational_plan, lines):
    plan_draft_from_budget(plan=operational_plan)
    computer = Activity.objects.get(budget_line=lines["computer"])
    assert computer.is_equipment
    assert computer.item_type == "ครุภัณฑ์คอมพิวเตอร์" and computer.category.name == "ค่าครุภัณฑ์"
    assert computer.name == "จัดซื้อเครื่องคอมพิวเตอร์ จำนวน 2 เครื่อง"


def test_staff_override_what_a_line_becomes(operational_plan, lines):
    lines["materials"].drafting = BudgetLine.Drafting.ACTIVITY  # the school-milk project is ค่าวัสดุ
    lines["materials"].save()
    lines["subsidy"].drafting = BudgetLine.Drafting.SKIP
    lines["subsidy"].save()
    plan_draft_from_budget(plan=operational_plan)
    drafted = set(operational_plan.activities.values_list("budget_line_id", flat=True))
    assert lines["materials"].pk in drafted
    assert lines["subsidy"].pk not in drafted


def test_a_line_without_a_plan_project_takes_the_strategy_its_programme_uses(operational_plan, lines, strategies):
    plan_draft_from_budget(plan=operational_plan)
    # No project of แผนงานบริหารงานทั่วไป in the plan: the first strategy.
    assert Activity.objects.get(budget_line=lines["training"]).strategy == strategies[1]


def test_refreshing_keeps_staff_edits_adds_what_is_new_and_never_duplicates(operational_plan, lines, ordinance):
    plan_draft_from_budget(plan=operational_plan)
    road = Activity.objects.get(budget_line=lines["construction"])
    road.name = "ถนน คสล. สายหนองบัว–โนนทอง (แก้โดยเจ้าหน้าที่)"
    road.location = "หมู่ที่ 1"
    road.budget = Decimal("449000")
    road.save()
    Activity.objects.get(budget_line=lines["subsidy"]).delete()
    new_line = line(ordinance, "โครงการแข่งขันกีฬาต้านยาเสพติด", "ค่าใช้สอย", "100000", programme_code="00260")

    result = plan_draft_from_budget(plan=operational_plan)

    assert (result.activities, result.kept, result.removed_by_staff) == (1, 3, 1)
    road.refresh_from_db()
    assert (road.name, road.location, road.budget) == ("ถนน คสล. สายหนองบัว–โนนทอง (แก้โดยเจ้าหน้าที่)", "หมู่ที่ 1", Decimal("449000"))
    assert operational_plan.activities.filter(budget_line=new_line).count() == 1
    assert not operational_plan.activities.filter(budget_line=lines["subsidy"]).exists()
    assert plan_draft_from_budget(plan=operational_plan).added == 0
    assert operational_plan.activities.count() == 4


def test_drafting_records_history_with_the_user(operational_plan, lines, staff):
    plan_draft_from_budget(plan=operational_plan, user=staff)
    activity = operational_plan.activities.first()
    assert activity.history.get().history_user == staff


def test_an_ordinance_not_enacted_cannot_be_drafted(operational_plan, lines, ordinance):
    ordinance.enacted_on = None
    ordinance.save()
    with pytest.raises(DraftError, match="ยังไม่ได้ประกาศใช้"):
        plan_draft_from_budget(plan=operational_plan)
    assert not operational_plan.activities.exists()


def test_a_submitted_plan_cannot_be_drafted(operational_plan, lines):
    operational_plan.status = OperationalPlan.Status.SUBMITTED
    operational_plan.save()
    with pytest.raises(DraftError, match="เสนอผู้บริหารแล้ว"):
        plan_draft_from_budget(plan=operational_plan)


def test_a_plan_without_ordinance_finds_the_main_ordinance_of_its_year(org, strategic_plan, lines, ordinance):
    plan = OperationalPlan.objects.create(organisation=org, fiscal_year=2570, strategic_plan=strategic_plan)
    plan_draft_from_budget(plan=plan)
    plan.refresh_from_db()
    assert plan.ordinance == ordinance
    assert plan.activities.count() == 4


def test_the_plan_of_a_year_is_created_from_its_ordinance_in_one_action(lines, ordinance, development_plan):
    plan, result = plan_create_from_budget(ordinance=ordinance)
    assert (plan.fiscal_year, plan.development_plan, plan.strategic_plan) == (2570, development_plan, development_plan.strategic_plan)
    assert result.added == 4
    again, second = plan_create_from_budget(ordinance=ordinance)
    assert again == plan and second.added == 0


def test_staff_draft_with_one_button(staff_client, operational_plan, lines):
    url = reverse("projects:plan_draft", args=[operational_plan.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, follow=True)
    assert "ดึงข้อมูลจากข้อบัญญัติแล้ว: เพิ่มโครงการ/กิจกรรม 3 รายการ · ครุภัณฑ์ 1 รายการ" in response.content.decode()
    assert operational_plan.activities.count() == 4


def test_drafting_is_for_staff_of_the_organisation(executive, outsider, operational_plan, lines):
    url = reverse("projects:plan_draft", args=[operational_plan.pk])
    assert login(executive).post(url).status_code == 403
    assert login(outsider).post(url).status_code == 404
    assert not operational_plan.activities.exists()


def test_staff_start_the_years_plan_from_the_ordinance_page(staff_client, lines, ordinance, development_plan):
    response = staff_client.post(reverse("projects:plan_from_ordinance", args=[ordinance.pk]))
    plan = OperationalPlan.objects.get()
    assert response["Location"] == reverse("projects:activity_list", args=[plan.pk])
    assert plan.activities.count() == 4
