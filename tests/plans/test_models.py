from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    ExpenseCategory,
    OperationalPlan,
    Organisation,
    Programme,
    Sector,
    StaleEdit,
    Strategy,
    User,
    Versioned,
    Village,
)
from tests.conftest import category, programme

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_reference_data_has_the_twelve_programmes_under_four_sectors():
    assert Sector.objects.count() == 4
    assert Programme.objects.count() == 12
    assert Programme.objects.get(code="00260").name == "แผนงานการศาสนาวัฒนธรรมและนันทนาการ"
    assert Programme.objects.filter(sector__name="ด้านการเศรษฐกิจ").count() == 3


def test_expense_categories_know_what_they_become_in_the_plan():
    drafting = dict(ExpenseCategory.objects.values_list("name", "drafting"))
    assert drafting["ค่าที่ดินและสิ่งก่อสร้าง"] == "activity"
    assert drafting["เงินอุดหนุน"] == "activity"
    assert drafting["ค่าครุภัณฑ์"] == "equipment"
    assert drafting["ค่าใช้สอย"] == "project_items"
    assert drafting["ค่าวัสดุ"] == "none"
    assert ExpenseCategory.objects.get(name="ค่าครุภัณฑ์").group.name == "งบลงทุน"


def test_organisation_names_and_titles_follow_its_kind(org, other_org):
    assert org.full_name == "องค์การบริหารส่วนตำบลหนองบัว"
    assert org.signing_title == "นายกองค์การบริหารส่วนตำบลหนองบัว"
    assert org.ordinance_word == "ข้อบัญญัติ"
    assert other_org.full_name == "เทศบาลตำบลนาดี"
    assert other_org.signing_title == "นายกเทศมนตรีตำบลนาดี"
    assert other_org.ordinance_word == "เทศบัญญัติ"
    other_org.executive_title = "ปลัดเทศบาล ปฏิบัติหน้าที่นายกเทศมนตรีตำบลนาดี"
    assert other_org.signing_title.startswith("ปลัดเทศบาล")


def test_organisation_code_must_be_seven_digits(db):
    refused(lambda: Organisation.objects.create(code="12345", kind="sao", name="ก", district="ข", province="ค"))
    refused(lambda: Organisation.objects.create(code="12345ab", kind="sao", name="ก", district="ข", province="ค"))


def test_village_numbers_are_unique_within_an_organisation(org, other_org):
    Village.objects.create(organisation=org, number=1, name="บ้านหนองบัว")
    Village.objects.create(organisation=other_org, number=1, name="บ้านนาดี")
    refused(lambda: Village.objects.create(organisation=org, number=1, name="บ้านซ้ำ"))


def test_a_member_of_an_organisation_always_has_a_role(org):
    refused(lambda: User.objects.create(username="norole", organisation=org, role=""))
    refused(lambda: User.objects.create(username="roleless", organisation=None, role="staff"))


def test_development_plan_labels_follow_its_length(org, strategic_plan):
    three = DevelopmentPlan(organisation=org, strategic_plan=strategic_plan, first_year=2569, length=3)
    five = DevelopmentPlan(organisation=org, strategic_plan=strategic_plan, first_year=2566, length=5)
    assert str(three) == "แผนพัฒนาสามปี (พ.ศ. 2569–2571)"
    assert str(five) == "แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570)"
    assert str(DevelopmentPlan(first_year=2560, length=4)) == "แผนพัฒนาสี่ปี (พ.ศ. 2560–2563)"
    assert three.covers(2571) and not three.covers(2572)
    refused(lambda: DevelopmentPlan.objects.create(organisation=org, strategic_plan=strategic_plan, first_year=2569, length=6))


def test_years_must_be_buddhist_era(org, strategic_plan):
    refused(lambda: BudgetOrdinance.objects.create(organisation=org, fiscal_year=2027))
    refused(lambda: OperationalPlan.objects.create(organisation=org, fiscal_year=2027, strategic_plan=strategic_plan))


def test_one_main_ordinance_per_fiscal_year(ordinance):
    BudgetOrdinance.objects.create(organisation=ordinance.organisation, fiscal_year=2570, kind="additional", number=1)
    refused(lambda: BudgetOrdinance.objects.create(organisation=ordinance.organisation, fiscal_year=2570, kind="main", number=2))


def test_ordinance_titles_use_the_organisations_word(ordinance, other_org):
    assert ordinance.title == "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"
    additional = BudgetOrdinance(organisation=other_org, fiscal_year=2570, kind="additional", number=1)
    assert additional.title == "เทศบัญญัติงบประมาณรายจ่ายเพิ่มเติม (ฉบับที่ 1) ประจำปีงบประมาณ พ.ศ. 2570"


def test_budget_amounts_cannot_be_negative(ordinance):
    refused(
        lambda: BudgetLine.objects.create(
            ordinance=ordinance,
            programme=programme("00110"),
            work="งานบริหารทั่วไป",
            category=category("ค่าใช้สอย"),
            item="x",
            amount=Decimal("-1"),
        )
    )


def test_edition_numbers_match_the_edition_kind(org, strategic_plan):
    refused(lambda: OperationalPlan.objects.create(organisation=org, fiscal_year=2570, strategic_plan=strategic_plan, edition_number=1))
    refused(
        lambda: OperationalPlan.objects.create(organisation=org, fiscal_year=2570, strategic_plan=strategic_plan, edition_kind="additional")
    )
    plan = OperationalPlan.objects.create(
        organisation=org, fiscal_year=2570, strategic_plan=strategic_plan, edition_kind="additional", edition_number=1
    )
    assert plan.title == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 เพิ่มเติม ครั้งที่ 1/2570"


def test_constraint_messages_are_thai(org):
    Village.objects.create(organisation=org, number=3, name="บ้านดอนแดง")
    with pytest.raises(ValidationError) as error:
        Village(organisation=org, number=3, name="บ้านซ้ำ").full_clean()
    assert "มีหมู่ที่นี้อยู่แล้ว" in str(error.value)


def test_every_record_of_plan_data_keeps_its_history():
    versioned = [m for m in apps.get_models() if issubclass(m, Versioned)]
    assert len(versioned) >= 12
    for model in versioned:
        assert hasattr(model, "history"), f"{model.__name__} keeps no history"


def test_history_records_who_changed_what(strategies, staff):
    strategy = strategies[1]
    strategy._history_user = staff
    strategy.name = "การพัฒนาโครงสร้างพื้นฐานและแหล่งน้ำ"
    strategy.save()
    latest, previous = strategy.history.all()[:2]
    assert latest.history_user == staff
    assert [change.field for change in latest.diff_against(previous).changes] == ["name"]


def test_save_checked_refuses_a_stale_version(strategies):
    first = Strategy.objects.get(pk=strategies[1].pk)
    second = Strategy.objects.get(pk=strategies[1].pk)
    first.name = "ชื่อใหม่ของคนแรก"
    first.save_checked(expected_version=1)
    second.name = "ชื่อใหม่ของคนที่สอง"
    with pytest.raises(StaleEdit):
        second.save_checked(expected_version=1)
    stored = Strategy.objects.get(pk=strategies[1].pk)
    assert (stored.name, stored.version) == ("ชื่อใหม่ของคนแรก", 2)
