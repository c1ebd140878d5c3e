"""The development plan's ผ.02 workbook, read as a municipality keeps it."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from openpyxl import Workbook

from lib.spreadsheets import NotASpreadsheet
from operations.examples import NAMESAKE, YEARS, development_plan_workbook
from plans.importing import CREATED, UNCHANGED, UPDATED, ImportErrors, PlanProjectImport
from plans.models import Guideline, NameMapping, PlanProject, PlanProjectBudget, Strategy, Unit

pytestmark = pytest.mark.django_db


def save(rows_or_book) -> bytes:
    buffer = io.BytesIO()
    if isinstance(rows_or_book, Workbook):
        rows_or_book.save(buffer)
    else:
        book = Workbook()
        for row in rows_or_book:
            book.active.append(row)
        book.save(buffer)
    return buffer.getvalue()


def test_every_sheet_is_read_and_the_others_are_listed_as_skipped(city_plan):
    content, source = development_plan_workbook()
    preview = PlanProjectImport(city_plan, content).preview
    read = [s.name for s in preview.sheets if s.read]
    skipped = {s.name: s.note for s in preview.sheets if not s.read}
    assert read == source.sheets and len(read) == 32
    assert set(skipped) == set(source.skipped)
    assert "ผ.01" in skipped["ผ.01"] and "ผ.02/1" in skipped["ผ.02-1 ประสานจังหวัด"] and "ผ.03" in skipped["ผ.03 ครุภัณฑ์"]
    assert "ไม่พบหัวตาราง" in skipped["ปก"]


def test_the_whole_workbook_imports_with_every_count_and_total_per_strategy_and_programme(city_plan):
    content, source = development_plan_workbook()
    importer = PlanProjectImport(city_plan, content)
    preview = importer.preview
    assert not preview.blocked, preview.errors + preview.unresolved
    assert preview.is_clean and not preview.subtotal_mismatches and len(preview.subtotals) == 33
    assert [s.label for s in preview.total.subtotals] == ["รวมทั้งสิ้น 260 โครงการ"]  # the grand total, over every sheet
    assert preview.count(CREATED) == len(source.projects) == 260
    importer.save()

    stored = defaultdict(lambda: defaultdict(Decimal))
    counts = defaultdict(int)
    for budget in PlanProjectBudget.objects.filter(project__development_plan=city_plan).select_related(
        "project__strategy", "project__programme"
    ):
        stored[budget.project.strategy.number, budget.project.programme.code][budget.fiscal_year] += budget.amount
    for project in PlanProject.objects.filter(development_plan=city_plan).select_related("strategy", "programme"):
        counts[project.strategy.number, project.programme.code] += 1
    expected = source.year_totals()
    assert {k: dict(v) for k, v in stored.items()} == {k: dict(v) for k, v in expected.items()}
    assert dict(counts) == {k: sum(1 for p in source.projects if (p.strategy, p.programme) == k) for k in expected}
    # the preview said the same, per strategy and per year
    for group in preview.groups:
        number = int(re.match(r"ยุทธศาสตร์ที่ (\d+)", group.line.label).group(1))
        mine = [p for p in source.projects if p.strategy == number]
        assert group.line.count == len(mine)
        assert group.line.values == [sum((p.budgets.get(y, Decimal(0)) for p in mine), Decimal(0)) for y in YEARS]


def test_names_as_the_file_writes_them_resolve_to_the_records_and_nothing_is_duplicated(city_plan, city):
    content, source = development_plan_workbook()
    importer = PlanProjectImport(city_plan, content)
    assert not importer.preview.unresolved and not importer.matcher.new
    importer.save()
    assert Strategy.objects.filter(strategic_plan=city_plan.strategic_plan).count() == 6
    assert Guideline.objects.filter(strategy__strategic_plan=city_plan.strategic_plan).count() == 12
    assert Unit.objects.filter(organisation=city).count() == 6
    road = PlanProject.objects.filter(development_plan=city_plan, name__endswith="(1.1.310)").select_related("guideline", "unit").first()
    assert road.guideline.name == "พัฒนาระบบคมนาคม"
    two_lines = PlanProject.objects.filter(development_plan=city_plan, unit__name="กองช่าง").exclude(unit_detail="").first()
    assert two_lines.unit_detail == "ฝ่ายแบบแผนและก่อสร้าง"
    assert PlanProject.objects.filter(development_plan=city_plan, unit__isnull=True).count() == 0


def test_namesake_projects_in_different_strategies_stay_apart(city_plan):
    content, _ = development_plan_workbook()
    PlanProjectImport(city_plan, content).save()
    namesakes = PlanProject.objects.filter(development_plan=city_plan, name=NAMESAKE).order_by("strategy__number")
    assert [p.strategy.number for p in namesakes] == [1, 4]


def test_every_column_read_is_listed_with_what_it_fills_and_every_other_column_too(city_plan):
    book = Workbook()
    sheet = book.active
    sheet.append(["ยุทธศาสตร์ที่ 1 การพัฒนาด้านโครงสร้างพื้นฐาน"])
    sheet.append(["แผนงานเคหะและชุมชน"])
    sheet.append(["ที่", "โครงการ", "วัตถุประสงค์", "งบประมาณ", "", "หน่วยงานที่รับผิดชอบหลัก", "หมายเหตุ"])
    sheet.append(["", "", "", "๒๕๖๙", "2575 (บาท)"])
    sheet.append([1, "โครงการวางท่อระบายน้ำ", "เพื่อระบายน้ำ", "50,000", "-", "กองช่าง", "ใช้งบเหลือจ่าย", "ข้อมูลนอกตาราง"])
    preview = PlanProjectImport(city_plan, save(book)).preview
    columns = {c.header: (c.fills, c.note) for c in preview.columns}
    assert columns["หน่วยงานที่รับผิดชอบหลัก"][0].startswith("หน่วยงานรับผิดชอบหลัก")
    assert columns["งบประมาณ 2569"][0] == "งบประมาณปี 2569"
    assert columns["งบประมาณ 2575 (บาท)"] == ("", "ปี 2575 อยู่นอกช่วงปีของแผนพัฒนานี้ (2566–2570)")
    assert columns["หมายเหตุ"] == ("", "ไม่มีช่องในแบบ ผ.02 ที่ระบบเก็บ")
    assert any(c.header == "" and "ไม่มีหัวตาราง แต่มีข้อมูล 1 แถว" in c.note and c.letter == "H" for c in preview.columns)


def test_a_project_continued_on_the_next_rows_is_one_project(city_plan):
    rows = [
        ["ยุทธศาสตร์ที่ 1"], ["แผนงานอุตสาหกรรมและการโยธา"],
        ["ที่", "โครงการ", "วัตถุประสงค์", "เป้าหมาย", "งบประมาณ 2569 (บาท)", "หน่วยงานรับผิดชอบหลัก"],
        [1, "โครงการก่อสร้างถนน คสล.", "เพื่อให้ประชาชน", "กว้าง 5 เมตร", "250,000", "กองช่าง"],
        ["", "สายบ้านนา–บ้านโนน", "สัญจรสะดวก", "ยาว 300 เมตร", "", "ฝ่ายโยธา"],
        [2, "โครงการวางท่อ", "เพื่อระบายน้ำ", "ยาว 100 เมตร", 90000, "กองช่าง"],
    ]  # fmt: skip
    importer = PlanProjectImport(city_plan, save(rows))
    importer.save()
    road = PlanProject.objects.get(name="โครงการก่อสร้างถนน คสล. สายบ้านนา–บ้านโนน")
    assert (road.objective, road.target, road.unit.name, road.unit_detail) == (
        "เพื่อให้ประชาชน สัญจรสะดวก",
        "กว้าง 5 เมตร ยาว 300 เมตร",
        "กองช่าง",
        "ฝ่ายโยธา",
    )
    assert PlanProject.objects.count() == 2


def test_a_subtotal_row_that_does_not_add_up_is_shown_and_never_imported(city_plan):
    rows = [
        ["ยุทธศาสตร์ที่ 1"], ["แผนงานอุตสาหกรรมและการโยธา"],
        ["ที่", "โครงการ", "งบประมาณ 2569", "งบประมาณ 2570"],
        [1, "โครงการก่อสร้างถนน", "100,000", "-"], [2, "โครงการวางท่อ", "50000", 20000],
        ["รวม", "2 โครงการ", "160,000", "20,000"],
    ]  # fmt: skip
    preview = PlanProjectImport(city_plan, save(rows)).preview
    [subtotal] = preview.subtotals
    assert not subtotal.ok and subtotal.computed["2569"] == Decimal("150000") and subtotal.amounts["2569"] == Decimal("160000")
    assert not preview.is_clean and not preview.blocked and preview.rows_read == 2


def test_a_file_without_any_ผ02_table_is_refused_in_thai(city_plan):
    with pytest.raises(NotASpreadsheet, match="ไม่พบตาราง ผ.02"):
        PlanProjectImport(city_plan, save([["บัญชีสรุป"], ["ยุทธศาสตร์", "ปี 2566"]]))


def test_an_unknown_name_stops_at_the_mapping_step_and_the_choice_is_remembered(city_plan, city):
    rows = [
        ["ยุทธศาสตร์การพัฒนาเมืองอัจฉริยะ"], ["แผนงานเคหะ"],
        ["ที่", "โครงการ", "งบประมาณ 2569", "หน่วยงานรับผิดชอบหลัก"],
        [1, "โครงการกล้องวงจรปิด", "300,000", "กองยุทธศาสตร์และงบประมาณ"],
    ]  # fmt: skip
    preview = PlanProjectImport(city_plan, save(rows)).preview
    assert {(u.kind, u.text) for u in preview.unresolved} == {("strategy", "ยุทธศาสตร์การพัฒนาเมืองอัจฉริยะ"), ("unit", "กองยุทธศาสตร์และงบประมาณ")}
    assert preview.blocked
    with pytest.raises(ImportErrors):
        PlanProjectImport(city_plan, save(rows)).save()
    strategy = Strategy.objects.get(strategic_plan=city_plan.strategic_plan, number=1)
    refs = {u.kind: u.ref for u in preview.unresolved}
    choices = {"names": {refs["strategy"]: str(strategy.pk), refs["unit"]: "new"}}
    PlanProjectImport(city_plan, save(rows), choices=choices).save()
    project = PlanProject.objects.get()
    assert project.strategy == strategy and project.unit.name == "กองยุทธศาสตร์และงบประมาณ"
    assert NameMapping.objects.filter(organisation=city).count() == 2
    # the next file of the organisation maps itself
    again = PlanProjectImport(city_plan, save(rows)).preview
    assert not again.unresolved and {r.kind for r in again.remembered} == {"strategy", "unit"}
    assert again.count(UNCHANGED) == 1


def test_importing_the_same_file_again_updates_and_never_doubles(city_plan):
    content, source = development_plan_workbook(projects=64)
    PlanProjectImport(city_plan, content).save()
    again = PlanProjectImport(city_plan, content)
    assert again.preview.count(UNCHANGED) == 64 and again.preview.count(CREATED) == 0
    project = PlanProject.objects.filter(development_plan=city_plan).order_by("number").first()
    project.objective = "แก้ในระบบ"
    project.save()
    again = PlanProjectImport(city_plan, content)
    assert again.preview.count(UPDATED) == 1
    again.save()
    project.refresh_from_db()
    assert project.objective.startswith("เพื่อ") and PlanProject.objects.count() == 64


def test_create_missing_creates_each_unknown_name_once_whatever_its_spelling(city_plan, city):
    rows = [
        ["ยุทธศาสตร์ที่ 7 การพัฒนาเมืองอัจฉริยะของเทศบาลเมืองท่าพระ"], ["7.1 กลยุทธ์เมืองปลอดภัย"], ["แผนงานรักษาความสงบ"],
        ["ที่", "โครงการ", "งบประมาณ 2569", "หน่วยงานรับผิดชอบหลัก"],
        [1, "โครงการกล้องวงจรปิด", "300,000", "กองยุทธศาสตร์ฯ\nฝ่ายแผนงาน"], [2, "โครงการไฟจราจร", "๑๐๐,๐๐๐", "กองยุทธศาสตร์ฯ"],
        ["ยุทธศาสตร์ การพัฒนาเมืองอัจฉริยะ"], ["กลยุทธ์ที่ 1 เมืองปลอดภัย"], ["แผนงานรักษาความสงบภายใน"],
        [3, "โครงการอาสาจราจร", 50000, "กองยุทธศาสตร์ฯ"],
        ["ยุทธศาสตร์การพัฒนาเมืองอัจฉริยะและปลอดภัย"], ["กลยุทธ์ เมืองปลอดภัยทุกชุมชน"], ["แผนงานรักษาความสงบภายใน"],
        [4, "โครงการไฟส่องสว่าง", 70000, "กองยุทธศาสตร์และงบประมาณ"],
    ]  # fmt: skip
    PlanProjectImport(city_plan, save(rows), create_missing=True).save()
    assert list(Strategy.objects.filter(number=7).values_list("name", flat=True)) == [
        "การพัฒนาเมืองอัจฉริยะ"
    ]  # kept without the organisation's name
    assert Guideline.objects.filter(strategy__number=7).count() == 1
    assert Unit.objects.filter(organisation=city, name__startswith="กองยุทธศาสตร์").count() == 1
    assert set(PlanProject.objects.values_list("strategy__number", flat=True)) == {7}


def test_two_spellings_both_mapped_to_create_new_create_one_record(city_plan, city):
    rows = [
        ["ยุทธศาสตร์ที่ 1"], ["แผนงานเคหะ"],
        ["ที่", "โครงการ", "งบประมาณ 2569", "หน่วยงานรับผิดชอบหลัก"],
        [1, "โครงการกล้องวงจรปิด", "300,000", "กองยุทธศาสตร์และงบประมาณ"], [2, "โครงการไฟจราจร", "100,000", "กองยุทธศาสตร์ฯ"],
    ]  # fmt: skip
    preview = PlanProjectImport(city_plan, save(rows)).preview
    assert len(preview.unresolved) == 2
    choices = {"names": {u.ref: "new" for u in preview.unresolved}}
    PlanProjectImport(city_plan, save(rows), choices=choices).save()
    assert Unit.objects.filter(organisation=city, name__startswith="กองยุทธศาสตร์").count() == 1
    assert NameMapping.objects.filter(organisation=city, kind="unit").count() == 2
    assert PlanProjectImport(city_plan, save(rows)).preview.count(UNCHANGED) == 2


def test_a_unit_kept_abbreviated_is_the_one_a_file_writes_in_full(city_plan, city):
    Unit.objects.create(organisation=city, name="กองยุทธศาสตร์ฯ")
    rows = [
        ["ยุทธศาสตร์ที่ 6 การพัฒนาการเมืองการบริหาร"], ["แผนงานบริหารงานทั่วไป"],
        ["ที่", "โครงการ", "งบประมาณ 2569", "หน่วยงานรับผิดชอบหลัก"],
        [1, "โครงการจัดทำแผนพัฒนาท้องถิ่น", "50,000", "กองยุทธศาสตร์และงบประมาณ"],
    ]  # fmt: skip
    PlanProjectImport(city_plan, save(rows)).save()
    assert PlanProject.objects.get(name="โครงการจัดทำแผนพัฒนาท้องถิ่น").unit.name == "กองยุทธศาสตร์ฯ"
