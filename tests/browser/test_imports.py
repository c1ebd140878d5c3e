"""Staff bring the municipality's files in through the pages: the ผ.02 workbook on the development
plan's page (a name to map on the way), then the budget on the ordinance's page (two namesake
projects to choose between). The tests count what a person types and clicks."""

from __future__ import annotations

import datetime as dt

from operations.examples import NAMESAKE, budget_workbook, development_plan_workbook
from plans.importing import PlanProjectImport
from plans.models import BudgetLine, BudgetOrdinance, NameMapping, PlanProject
from tests.browser.conftest import chromium_page
from tests.plans.conftest import city, city_plan, city_staff  # noqa: F401 - the municipality and its staff


class Tally:
    """What a person does: clicks (a file chosen counts as one) and fields typed."""

    def __init__(self) -> None:
        self.clicks = self.typed = 0

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1


def test_staff_import_the_workbook_map_a_new_unit_and_confirm(live_server, city_staff, city_plan, tmp_path):  # noqa: F811
    content, source = development_plan_workbook(new_unit="กองยุทธศาสตร์และงบประมาณ")
    workbook = tmp_path / "ผ02-2566-2570.xlsx"
    workbook.write_bytes(content)
    done = Tally()
    with chromium_page(live_server.url, user=city_staff, width=1366) as page:
        done.click(page.get_by_role("link", name="แผนพัฒนา", exact=True))
        done.click(page.get_by_role("link", name="แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570)"))
        page.get_by_label("ไฟล์ (.xlsx หรือ .csv)").set_input_files(workbook)
        done.clicks += 1
        done.click(page.get_by_role("button", name="อ่านไฟล์และแสดงตัวอย่าง"))
        page.wait_for_url("**/imports/**")
        assert page.get_by_role("heading", name="จับคู่ชื่อในไฟล์กับข้อมูลในระบบ").is_visible()
        assert page.get_by_role("button", name="ยืนยันนำเข้า").count() == 0
        choice = page.get_by_label("หน่วยงาน “กองยุทธศาสตร์และงบประมาณ” คือ")
        assert choice.input_value() == "new"  # nothing close enough exists: it offers to create it
        page.screenshot(path=str(tmp_path / "import-mapping.png"), full_page=False)
        done.click(page.get_by_role("button", name="ใช้การเลือกนี้และดูตัวอย่างอีกครั้ง"))
        page.wait_for_load_state()
        assert page.get_by_text("พร้อมนำเข้า").first.is_visible()
        totals = page.get_by_role("table").filter(has_text="ยุทธศาสตร์ / แผนงาน")
        assert "ยุทธศาสตร์ที่ ๒ การพัฒนาคุณภาพชีวิต" in totals.inner_text() and "✓ ตรง" in totals.inner_text()
        page.screenshot(path=str(tmp_path / "import-preview.png"), full_page=True)
        done.click(page.get_by_role("button", name="ยืนยันนำเข้า"))
        page.wait_for_url(f"**/development-plans/{city_plan.pk}/**")
        assert page.get_by_text("นำเข้าโครงการในแผนพัฒนาแล้ว").is_visible()
    assert PlanProject.objects.filter(development_plan=city_plan).count() == len(source.projects)
    assert NameMapping.objects.filter(unit__name="กองยุทธศาสตร์และงบประมาณ").exists()
    assert (done.typed, done.clicks) == (0, 6)


def test_staff_import_the_budget_on_the_ordinance_page_and_choose_between_namesakes(live_server, city_staff, city_plan, city, tmp_path):  # noqa: F811
    content, source = development_plan_workbook()
    PlanProjectImport(city_plan, content).save()
    ordinance = BudgetOrdinance.objects.create(organisation=city, fiscal_year=2570, enacted_on=dt.date(2026, 9, 15))
    budget, lines = budget_workbook(source, strategy_column=False)
    path = tmp_path / "เทศบัญญัติ-2570.xlsx"
    path.write_bytes(budget)
    namesakes = {p.strategy.number: p for p in PlanProject.objects.filter(name=NAMESAKE).select_related("strategy")}
    done = Tally()
    with chromium_page(live_server.url, user=city_staff, width=1366) as page:
        # ท่าพระ is a เทศบาลเมือง: its menu says เทศบัญญัติ
        done.click(page.get_by_role("link", name="เทศบัญญัติงบประมาณ", exact=True))
        done.click(page.get_by_role("link", name=ordinance.title))
        assert "<form" not in page.title()
        page.get_by_label("ไฟล์ (.xlsx หรือ .csv)").set_input_files(path)
        done.clicks += 1
        done.click(page.get_by_role("button", name="อ่านไฟล์และแสดงตัวอย่าง"))
        page.wait_for_url("**/imports/**")
        groups = page.locator("fieldset")
        assert groups.count() == 2
        page.screenshot(path=str(tmp_path / "import-choices.png"), full_page=False)
        done.click(groups.nth(0).get_by_label(f"{NAMESAKE} (ยุทธศาสตร์ที่ ๑", exact=False))
        done.click(groups.nth(1).get_by_label(f"{NAMESAKE} (ยุทธศาสตร์ที่ ๔", exact=False))
        done.click(page.get_by_role("button", name="ใช้การเลือกนี้และดูตัวอย่างอีกครั้ง"))
        page.wait_for_load_state()
        page.screenshot(path=str(tmp_path / "import-budget-preview.png"), full_page=True)
        done.click(page.get_by_role("button", name="ยืนยันนำเข้า"))
        page.wait_for_url(f"**/ordinances/{ordinance.pk}/**")
        assert page.get_by_text("นำเข้ารายการงบประมาณแล้ว").is_visible()
    assert BudgetLine.objects.filter(ordinance=ordinance).count() == len(lines)
    chosen = BudgetLine.objects.filter(ordinance=ordinance, item=NAMESAKE).order_by("order")
    assert [line.plan_project for line in chosen] == [namesakes[1], namesakes[4]]
    assert (done.typed, done.clicks) == (0, 8)
