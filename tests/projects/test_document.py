"""The plan document as data and as the staff's HTML preview: ผด.01 arithmetic, grouping, months, digits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lib import thai
from plans.models import Strategy
from projects.document import build_document
from projects.models import Activity
from tests.conftest import programme

pytestmark = pytest.mark.django_db


def add(plan, strategy, code, name, budget, **extra):
    return Activity.objects.create(plan=plan, strategy=strategy, programme=programme(code), name=name, budget=Decimal(budget), **extra)


@pytest.fixture
def plan(operational_plan, strategies, strategic_plan, units):
    s1, s2 = strategies[1], strategies[2]
    s3 = Strategy.objects.create(strategic_plan=strategic_plan, number=3, name="การพัฒนาการบริหาร")
    add(operational_plan, s2, "00220", "โครงการป้องกันโรคไข้เลือดออก", "50000.00", unit=units["สำนักปลัด"], order=2)
    add(operational_plan, s1, "00310", "โครงการถนนสายที่สอง", "333333.33", unit=units["กองช่าง"], order=2)
    add(operational_plan, s1, "00310", "โครงการถนนสายแรก", "333333.33", unit=units["กองช่าง"], order=1)
    add(operational_plan, s1, "00240", "โครงการรางระบายน้ำ", "333333.34", unit=units["กองช่าง"])
    add(operational_plan, s2, "00220", "โครงการรณรงค์ลดขยะ", "25000.00", unit=units["สำนักปลัด"], order=1)
    add(
        operational_plan, s3, "00110", "จัดซื้อเครื่องคอมพิวเตอร์", "22000.00", unit=units["กองคลัง"], is_equipment=True, item_type="ครุภัณฑ์คอมพิวเตอร์"
    )
    add(operational_plan, s1, "00310", "ถนนลาดยางของกรมทางหลวงชนบท", "9000000", other_agency="กรมทางหลวงชนบท")
    return operational_plan


def test_pd01_counts_own_activities_and_equipment_with_percentages_that_add_up(plan):
    doc = build_document(plan)
    assert doc.summary_total.count == 6
    assert doc.summary_total.budget == Decimal("1097000.00")
    assert [b.line.count for b in doc.summary] == [3, 2, 1]
    assert sum(b.line.count_pct for b in doc.summary) == Decimal("100.00")
    assert sum(b.line.budget_pct for b in doc.summary) == Decimal("100.00")
    assert doc.summary_total.count_pct == Decimal("100.00") and doc.summary_total.budget_pct == Decimal("100.00")
    for block in doc.summary:
        assert sum(line.count_pct for line in block.programmes) == block.line.count_pct
        assert sum(line.budget_pct for line in block.programmes) == block.line.budget_pct
    # 3/6, 2/6, 1/6 of the projects: 50.00, 33.33, 16.67
    assert [b.line.count_pct for b in doc.summary] == [Decimal("50.00"), Decimal("33.33"), Decimal("16.67")]
    roads = doc.summary[0]
    assert [line.label for line in roads.programmes] == ["แผนงานเคหะและชุมชน", "แผนงานอุตสาหกรรมและการโยธา"]
    assert [line.units for line in roads.programmes] == ["กองช่าง", "กองช่าง"]
    assert roads.line.units == ""  # a total row names no list of units


def test_other_agencies_are_summarised_apart_outside_the_totals(plan):
    doc = build_document(plan)
    assert [(line.count, line.budget, line.units) for line in doc.others_summary] == [(1, Decimal("9000000"), "กรมทางหลวงชนบท")]
    assert doc.others_total.budget == Decimal("9000000")
    assert doc.summary_total.budget == Decimal("1097000.00")


def test_pd02_groups_by_strategy_then_programme_and_restarts_numbering(plan):
    doc = build_document(plan)
    layout = [
        (g.strategy.number, p.index, p.programme.name, [(r.number, r.activity.name) for r in p.rows])
        for g in doc.projects
        for p in g.programmes
    ]
    assert layout == [
        (1, 1, "แผนงานเคหะและชุมชน", [(1, "โครงการรางระบายน้ำ")]),
        (1, 2, "แผนงานอุตสาหกรรมและการโยธา", [(1, "โครงการถนนสายแรก"), (2, "โครงการถนนสายที่สอง")]),
        (2, 1, "แผนงานสาธารณสุข", [(1, "โครงการรณรงค์ลดขยะ"), (2, "โครงการป้องกันโรคไข้เลือดออก")]),
    ]
    assert [[r.activity.name for p in g.programmes for r in p.rows] for g in doc.equipment] == [["จัดซื้อเครื่องคอมพิวเตอร์"]]
    assert [[r.activity.name for p in g.programmes for r in p.rows] for g in doc.others] == [["ถนนลาดยางของกรมทางหลวงชนบท"]]
    assert doc.row_count == 7


def test_month_bars_fall_under_their_buddhist_era_years(plan):
    activity = plan.activities.get(name="โครงการรางระบายน้ำ")
    activity.months = thai.months_to_mask([1, 2, 3, 4, 10])  # พ.ย. 2569 – ม.ค. 2570 … ส.ค. 2570
    activity.save()
    row = build_document(plan).projects[0].programmes[0].rows[0]
    assert row.bars == [(1, 4), (5, 1)]  # skip ต.ค., four months; skip five, one month


def test_the_preview_shows_every_part_in_the_organisations_digits(staff_client, plan):
    page = staff_client.get(reverse("projects:plan_document", args=[plan.pk])).content.decode()
    for text in ("ส่วนที่ ๑", "บทนำ", "แบบ ผด.๐๑", "แบบ ผด.๐๒", "แบบ ผด.๐๒/๑", "หน่วยงานอื่น", "รวมทั้งสิ้น", "๑,๐๙๗,๐๐๐.๐๐", "๑๐๐.๐๐"):
        assert text in page, text
    assert '<th scope="colgroup" colspan="3" class="year">พ.ศ. ๒๕๖๙</th>' in page
    assert '<th scope="colgroup" colspan="9" class="year">พ.ศ. ๒๕๗๐</th>' in page
    assert 'class="bar g0 w1"' not in page  # rows without months draw no bar


def test_arabic_digit_organisations_get_arabic_digits(staff_client, plan, org):
    org.digit_style = thai.ARABIC
    org.save()
    page = staff_client.get(reverse("projects:plan_document", args=[plan.pk])).content.decode()
    assert "1,097,000.00" in page and "พ.ศ. 2570" in page
    assert "๑,๐๙๗" not in page


def test_part1_uses_the_default_text_until_staff_edit_it(staff_client, plan):
    url = reverse("projects:plan_introduction", args=[plan.pk])
    form_page = staff_client.get(url).content.decode()
    assert "ระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น" in form_page
    assert "องค์การบริหารส่วนตำบลหนองบัว" in form_page
    data = {
        "intro_nature": "- แผนนี้แปลงแผนพัฒนาสามปีเป็นการปฏิบัติ",
        "intro_objectives": "วัตถุประสงค์ที่แก้ไขแล้ว",
        "intro_steps": "## ขั้นตอนที่ ๑ เก็บข้อมูล\nรายละเอียด",
        "intro_benefits": "- ประโยชน์",
        "version": "1",
    }
    assert staff_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.intro_objectives == "วัตถุประสงค์ที่แก้ไขแล้ว"
    doc = build_document(plan)
    assert doc.introduction[0] == ("๑. ลักษณะของแผนการดำเนินงาน", [("bullet", "แผนนี้แปลงแผนพัฒนาสามปีเป็นการปฏิบัติ")])
    assert doc.introduction[2][1][0] == ("heading", "ขั้นตอนที่ ๑ เก็บข้อมูล")


def test_the_document_costs_the_same_queries_for_few_or_many_rows(plan, strategies):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        build_document(plan)
    for i in range(50):
        add(plan, strategies[1 + i % 2], "00310", f"โครงการที่ {i}", "1000")
    with CaptureQueriesContext(connection) as many:
        build_document(plan)
    assert len(many) == len(few)


def test_part1_step_3_names_the_bodies_the_announcement_cites(operational_plan):
    from announcements import text as announcement
    from projects.introduction import introduction

    step3 = introduction(operational_plan)[2][1].split("ขั้นตอนที่ ๓")[1]
    cited = announcement.body(operational_plan)
    for body in (announcement.DEVELOPMENT_COMMITTEE, announcement.EXECUTIVE):
        assert body in cited and body in step3
    # The committee considers the draft before the executive announces it, in both.
    assert step3.index(f"{announcement.DEVELOPMENT_COMMITTEE}พิจารณา") < step3.index(f"{announcement.EXECUTIVE}ประกาศใช้")
    assert f"ประกาศใช้แผนการดำเนินงานที่{announcement.DEVELOPMENT_COMMITTEE}เสนอ" in cited
