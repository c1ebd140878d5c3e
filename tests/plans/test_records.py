"""Creating, editing and deleting planning records through the staff pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import BudgetLine, PlanProjectBudget, Strategy, Unit, Village
from projects.models import Activity
from tests.conftest import category, login, programme

pytestmark = pytest.mark.django_db


def test_staff_add_a_unit(staff_client, org):
    response = staff_client.post(reverse("plans:unit_create"), {"name": "กองสวัสดิการสังคม", "order": "4"})
    assert response.status_code == 302
    unit = Unit.objects.get(name="กองสวัสดิการสังคม")
    assert unit.organisation == org
    assert "กองสวัสดิการสังคม" in staff_client.get(reverse("plans:unit_list")).content.decode()


def test_a_unit_name_is_unique_within_the_organisation(staff_client, units):
    response = staff_client.post(reverse("plans:unit_create"), {"name": "กองช่าง", "order": "9"})
    assert response.status_code == 200
    assert "มีหน่วยงานชื่อนี้อยู่แล้ว" in response.content.decode()
    assert Unit.objects.filter(name="กองช่าง").count() == 1


def test_a_village_number_is_unique_within_the_organisation(staff_client, villages):
    response = staff_client.post(reverse("plans:village_create"), {"number": "2", "name": "บ้านซ้ำ"})
    assert "มีหมู่ที่นี้อยู่แล้ว" in response.content.decode()
    assert not Village.objects.filter(name="บ้านซ้ำ").exists()


def test_edit_pages_refuse_other_methods(staff_client, units):
    url = reverse("plans:unit_update", args=[units["กองช่าง"].pk])
    assert staff_client.put(url).status_code == 405
    assert staff_client.delete(url).status_code == 405


def test_executives_read_but_do_not_edit_planning_data(executive, units):
    client = login(executive)
    assert client.get(reverse("plans:unit_list")).status_code == 200
    assert client.get(reverse("plans:unit_create")).status_code == 403
    assert client.post(reverse("plans:unit_create"), {"name": "กองใหม่"}).status_code == 403
    assert client.post(reverse("plans:unit_delete", args=[units["กองช่าง"].pk])).status_code == 403
    assert not Unit.objects.filter(name="กองใหม่").exists()


def test_staff_edit_a_strategy(staff_client, strategies):
    strategy = strategies[2]
    url = reverse("plans:strategy_update", args=[strategy.pk])
    response = staff_client.post(url, {"number": "2", "name": "การพัฒนาคุณภาพชีวิตและสังคม", "version": "1"})
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.name, strategy.version) == ("การพัฒนาคุณภาพชีวิตและสังคม", 2)
    assert strategy.history.first().history_user.username == "somying"


def test_a_second_save_of_the_same_record_is_told_and_loses_nothing(org, staff, strategies):
    from plans.models import User

    colleague = User.objects.create_user("kanya", password="x", organisation=org, role="staff", first_name="กัญญา")
    strategy = strategies[1]
    url = reverse("plans:strategy_update", args=[strategy.pk])
    # Both opened the form at version 1; the colleague saves first.
    assert login(colleague).post(url, {"number": "1", "name": "ชื่อของกัญญา", "version": "1"}).status_code == 302
    mine = {"number": "1", "name": "ชื่อของสมหญิงที่พิมพ์ไว้ยาว ๆ", "version": "1"}
    response = login(staff).post(url, mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert "กัญญา" in page and "บันทึกรายการนี้ไปก่อน" in page
    assert "ชื่อของกัญญา" in page  # what is stored now
    assert 'value="ชื่อของสมหญิงที่พิมพ์ไว้ยาว ๆ"' in page  # what they typed is still in the form
    strategy.refresh_from_db()
    assert strategy.name == "ชื่อของกัญญา"
    # Saving again, knowingly, with the version the conflict page carried, wins.
    assert response.context["form"]["version"].value() == "2"
    assert login(staff).post(url, {**mine, "version": "2"}).status_code == 302
    strategy.refresh_from_db()
    assert (strategy.name, strategy.version) == ("ชื่อของสมหญิงที่พิมพ์ไว้ยาว ๆ", 3)


def test_deleting_a_strategy_that_activities_use_is_refused_with_reasons(staff_client, activity):
    strategy = activity.strategy
    response = staff_client.post(reverse("plans:strategy_delete", args=[strategy.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert "ลบ “ยุทธศาสตร์ที่ 1" in page and "ไม่ได้" in page
    assert "โครงการ/กิจกรรม" in page and activity.name in page
    assert Strategy.objects.filter(pk=strategy.pk).exists()


def test_deleting_an_unused_village(staff_client, villages):
    response = staff_client.post(reverse("plans:village_delete", args=[villages[3].pk]))
    assert response.status_code == 302
    assert not Village.objects.filter(pk=villages[3].pk).exists()


def test_a_plan_project_keeps_a_budget_for_each_year_of_its_plan(staff_client, development_plan, strategies, guidelines, units):
    url = reverse("plans:planproject_create", args=[development_plan.pk])
    form = staff_client.get(url).content.decode()
    assert all(f'name="budget_{year}"' in form for year in (2569, 2570, 2571))
    response = staff_client.post(
        url,
        {
            "number": "5",
            "strategy": strategies[2].pk,
            "guideline": guidelines[2, 1].pk,
            "programme": programme("00220").pk,
            "name": "โครงการป้องกันโรคไข้เลือดออก",
            "unit": units["สำนักปลัด"].pk,
            "budget_2569": "๕๐,๐๐๐",
            "source_2569": "งบประมาณ อบต.",
            "budget_2571": "55000",
        },
    )
    assert response.status_code == 302
    budgets = dict(PlanProjectBudget.objects.filter(project__name="โครงการป้องกันโรคไข้เลือดออก").values_list("fiscal_year", "amount"))
    assert budgets == {2569: Decimal("50000"), 2571: Decimal("55000")}


def test_a_plan_project_needs_a_budget_and_a_guideline_of_its_strategy(staff_client, development_plan, strategies, guidelines):
    response = staff_client.post(
        reverse("plans:planproject_create", args=[development_plan.pk]),
        {
            "number": "1",
            "strategy": strategies[1].pk,
            "guideline": guidelines[2, 1].pk,
            "programme": programme("00220").pk,
            "name": "โครงการ",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "แนวทางนี้อยู่ในยุทธศาสตร์ที่ 2 ไม่ใช่ยุทธศาสตร์ที่เลือก" in page
    assert "กรุณากรอกงบประมาณอย่างน้อยหนึ่งปี" in page


def test_budget_lines_refuse_negative_and_absurd_amounts_and_keep_the_input(staff_client, ordinance):
    url = reverse("plans:budgetline_create", args=[ordinance.pk])
    data = {
        "order": "1",
        "programme": programme("00110").pk,
        "work": "งานบริหารทั่วไป",
        "category": category("ค่าใช้สอย").pk,
        "item": "โครงการอบรมคุณธรรมจริยธรรม",
        "drafting": "auto",
    }
    negative = staff_client.post(url, {**data, "amount": "-20,000"})
    assert "จำนวนเงินต้องไม่ติดลบ" in negative.content.decode()
    assert 'value="โครงการอบรมคุณธรรมจริยธรรม"' in negative.content.decode()
    absurd = staff_client.post(url, {**data, "amount": "120000000000"})
    assert "สูงเกินจริง" in absurd.content.decode()
    assert not BudgetLine.objects.exists()
    assert staff_client.post(url, {**data, "amount": "๒๐,๐๐๐"}).status_code == 302
    assert BudgetLine.objects.get().amount == Decimal("20000")


def test_an_ordinance_enacted_outside_its_fiscal_year_is_refused(staff_client):
    response = staff_client.post(
        reverse("plans:budgetordinance_create"), {"fiscal_year": "2570", "kind": "main", "number": "1", "enacted_on": "15/09/2571"}
    )
    assert "วันที่ประกาศใช้ต้องอยู่ระหว่างปีงบประมาณ" in response.content.decode()


def test_ordinance_years_in_thai_digits_are_understood(staff_client, org):
    response = staff_client.post(
        reverse("plans:budgetordinance_create"), {"fiscal_year": "๒๕๗๐", "kind": "main", "number": "1", "enacted_on": "๒๐/๐๙/๒๕๖๙"}
    )
    assert response.status_code == 302
    assert org.ordinances.get().fiscal_year == 2570


def test_an_operational_plan_must_use_plans_that_cover_its_year(staff_client, strategic_plan, development_plan, ordinance):
    response = staff_client.post(
        reverse("projects:operationalplan_create"),
        {"fiscal_year": "2572", "strategic_plan": strategic_plan.pk, "development_plan": development_plan.pk, "ordinance": ordinance.pk},
    )
    page = response.content.decode()
    assert "แผนนี้ไม่ครอบคลุมปีงบประมาณ 2572" in page
    assert "ข้อบัญญัตินี้เป็นของปีงบประมาณ 2570" in page


def test_lists_show_totals_of_every_page(staff_client, budget_line, ordinance):
    BudgetLine.objects.create(
        ordinance=ordinance,
        programme=programme("00110"),
        work="งานบริหารทั่วไป",
        category=category("ค่าวัสดุ"),
        item="ค่าวัสดุสำนักงาน",
        amount=Decimal("50000.25"),
    )
    page = staff_client.get(reverse("plans:budgetline_list", args=[ordinance.pk])).content.decode()
    assert "๕๐๐,๐๐๐.๒๕" in page


def test_activities_deleted_with_their_plan_only_through_their_plan(staff_client, activity):
    response = staff_client.post(reverse("projects:activity_delete", args=[activity.pk]))
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
