"""Budget lines from the ordinance's spreadsheet, each matched to the development-plan project it funds, never by name alone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from operations.examples import NAMESAKE, budget_workbook, development_plan_workbook
from plans.importing import CREATED, UNCHANGED, ImportErrors, PlanProjectImport
from plans.line_import import BudgetLineImport
from plans.models import BudgetLine, BudgetOrdinance, PlanProject
from tests.plans.test_development_import import save

pytestmark = pytest.mark.django_db
YEAR = 2570


@pytest.fixture
def imported(city_plan):
    content, source = development_plan_workbook()
    PlanProjectImport(city_plan, content).save()
    return source


@pytest.fixture
def ordinance(city) -> BudgetOrdinance:
    return BudgetOrdinance.objects.create(organisation=city, fiscal_year=YEAR, enacted_on=dt.date(2026, 9, 15))


def test_every_line_imports_linked_to_its_own_project_with_totals_per_programme(imported, ordinance):
    content, lines = budget_workbook(imported)
    importer = BudgetLineImport(ordinance, content)
    preview = importer.preview
    assert preview.is_clean, (preview.errors, preview.open_choices, preview.subtotal_mismatches, preview.warnings)
    assert preview.count(CREATED) == len(lines) and len(preview.subtotals) == 11
    importer.save()
    totals = defaultdict(Decimal)
    for line in lines:
        totals[line.programme] += line.amount
    stored = defaultdict(Decimal)
    for line in BudgetLine.objects.filter(ordinance=ordinance).select_related("programme"):
        stored[line.programme.code] += line.amount
    assert stored == totals
    linked = BudgetLine.objects.filter(ordinance=ordinance, plan_project__isnull=False).select_related("plan_project__strategy")
    expected = {(line.item, line.project.strategy) for line in lines if line.project}
    assert {(line.item, line.plan_project.strategy.number) for line in linked} == expected
    assert linked.count() == sum(1 for line in lines if line.project)


def test_namesakes_are_told_apart_by_the_strategy_the_file_names(imported, ordinance):
    content, _ = budget_workbook(imported)
    BudgetLineImport(ordinance, content).save()
    lines = BudgetLine.objects.filter(ordinance=ordinance, item=NAMESAKE).select_related("plan_project__strategy")
    assert sorted(line.plan_project.strategy.number for line in lines) == [1, 4]


def test_an_ambiguous_match_is_never_guessed_staff_choose_it(imported, ordinance):
    content, _ = budget_workbook(imported, strategy_column=False)
    importer = BudgetLineImport(ordinance, content)
    choices = importer.preview.open_choices
    assert [c.text.split(" (")[0] for c in choices] == [NAMESAKE, NAMESAKE]
    assert importer.preview.blocked
    with pytest.raises(ImportErrors):
        importer.save()
    assert not BudgetLine.objects.exists()
    namesakes = {p.strategy.number: p for p in PlanProject.objects.filter(name=NAMESAKE).select_related("strategy")}
    options = {value for value, _ in choices[0].options}
    assert options == {str(namesakes[1].pk), str(namesakes[4].pk), "none"}
    chosen = {"lines": {choices[0].ref: str(namesakes[4].pk), choices[1].ref: str(namesakes[1].pk)}}
    BudgetLineImport(ordinance, content, choices=chosen).save()
    by_row = {
        line.order: line.plan_project.strategy.number
        for line in BudgetLine.objects.filter(item=NAMESAKE).select_related("plan_project__strategy")
    }
    assert sorted(by_row.values()) == [1, 4] and by_row[min(by_row)] == 4


def test_a_code_in_the_file_matches_the_project_by_its_number(imported, ordinance, city_plan):
    project = PlanProject.objects.filter(development_plan=city_plan, name=NAMESAKE).order_by("-strategy__number").first()
    rows = [["แผนงาน", "หมวด", "รายการ", "จำนวนเงิน (บาท)", "รหัสโครงการในแผนพัฒนา"],
            ["แผนงานอุตสาหกรรมและการโยธา", "ค่าที่ดินและสิ่งก่อสร้าง", "ก่อสร้างถนน คสล. ซอยเทศบาล", "1,000,000", str(project.number)]]  # fmt: skip
    BudgetLineImport(ordinance, save(rows)).save()
    assert BudgetLine.objects.get().plan_project == project


def test_an_elaas_layout_with_heading_rows_reads_the_same(imported, ordinance):
    rows = [
        ["เทศบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"],
        ["รายการ", "จำนวนเงิน (บาท)", "หน่วยงาน"],
        ["แผนงานเคหะและชุมชน"], ["งานไฟฟ้าถนน"], ["งบลงทุน"], ["หมวดค่าที่ดินและสิ่งก่อสร้าง"], ["ประเภทค่าก่อสร้างสิ่งสาธารณูปโภค"],
        ["โครงการขยายเขตไฟฟ้าสาธารณะ", "๒๕๐,๐๐๐", "กองช่าง\nฝ่ายไฟฟ้า"],
        ["โครงการวางท่อระบายน้ำ", 180000, "กองช่าง"],
        ["รวมงานไฟฟ้าถนน", "430,000"],
        ["แผนงานบริหารงานทั่วไป"], ["งานบริหารทั่วไป"], ["หมวดค่าวัสดุ"],
        ["ค่าวัสดุสำนักงาน", "50,000", "สำนักปลัด"],
        ["รวมทั้งสิ้น", "480,000"],
    ]  # fmt: skip
    importer = BudgetLineImport(ordinance, save(rows))
    assert importer.preview.is_clean, (importer.preview.errors, importer.preview.subtotal_mismatches)
    assert all(s.ok for s in importer.preview.subtotals) and len(importer.preview.subtotals) == 2
    importer.save()
    light = BudgetLine.objects.get(item="โครงการขยายเขตไฟฟ้าสาธารณะ")
    assert (light.programme.code, light.work, light.category.name, light.item_type, light.amount, light.unit.name) == (
        "00240", "งานไฟฟ้าถนน", "ค่าที่ดินและสิ่งก่อสร้าง", "ค่าก่อสร้างสิ่งสาธารณูปโภค", Decimal("250000"), "กองช่าง",
    )  # fmt: skip
    assert BudgetLine.objects.get(item="ค่าวัสดุสำนักงาน").programme.code == "00110"


def test_importing_the_budget_again_updates_the_same_lines(imported, ordinance):
    content, lines = budget_workbook(imported)
    BudgetLineImport(ordinance, content).save()
    first = set(BudgetLine.objects.values_list("pk", flat=True))
    again = BudgetLineImport(ordinance, content)
    assert again.preview.count(UNCHANGED) == len(lines)
    again.save()
    assert set(BudgetLine.objects.values_list("pk", flat=True)) == first
