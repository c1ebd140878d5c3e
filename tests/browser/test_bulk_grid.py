"""A plan drafted from the budget has no months and no places; staff fix every row on one grid, by mouse and keyboard.

The test counts what a person does (clicks, drags, keys, fields typed) and prints the figures.
"""

from decimal import Decimal

from playwright.sync_api import Page, expect

from lib import thai
from plans.models import BudgetLine, PlanProject, PlanProjectBudget
from projects.checks import plan_problems
from projects.models import Activity
from projects.services import plan_draft_from_budget
from tests.browser.conftest import chromium_page
from tests.conftest import category, programme

ROADS = [(k, f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {k} สาย{side}") for k in (1, 2, 3) for side in ("เหนือ", "ใต้")]
HEALTH = ["โครงการรณรงค์ป้องกันโรคไข้เลือดออก", "โครงการอบรมอาสาสมัครสาธารณสุข", "โครงการคัดกรองเบาหวานความดัน", "โครงการส่งเสริมสุขภาพผู้สูงอายุ"]
EQUIPMENT = ["จัดซื้อเครื่องคอมพิวเตอร์ จำนวน 2 เครื่อง", "จัดซื้อตู้เหล็กเก็บเอกสาร จำนวน 2 ตู้"]


class Tally:
    """What the person did on the page."""

    def __init__(self, page: Page):
        self.page, self.clicks, self.drags, self.keys, self.typed = page, 0, 0, 0, 0

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def drag(self, start, end) -> None:
        """Press on one month, move across to another, release."""
        start.scroll_into_view_if_needed()
        a, b = start.bounding_box(), end.bounding_box()
        self.page.mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
        self.page.mouse.down()
        self.page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=8)
        self.page.mouse.up()
        self.drags += 1

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.keys += 1

    def type(self, locator, text: str) -> None:
        locator.fill(text)
        self.typed += 1


def drafted_plan(operational_plan, development_plan, ordinance, strategies, units):
    """Twelve lines of the ordinance, each funding its development-plan project, drafted into the plan."""

    def line(name, strategy, code, category_name, unit, amount, project=True):
        plan_project = None
        if project:
            plan_project = PlanProject.objects.create(development_plan=development_plan, strategy=strategy, programme=programme(code),
                                                      name=name, unit=unit)  # fmt: skip
            PlanProjectBudget.objects.create(project=plan_project, fiscal_year=2570, amount=Decimal(amount))
        BudgetLine.objects.create(ordinance=ordinance, programme=programme(code), work="งานทั่วไป", category=category(category_name),
                                  item=name, amount=Decimal(amount), unit=unit, plan_project=plan_project)  # fmt: skip

    for _k, name in ROADS:
        line(name, strategies[1], "00310", "ค่าที่ดินและสิ่งก่อสร้าง", units["กองช่าง"], "450000")
    for name in HEALTH:
        line(name, strategies[2], "00220", "ค่าใช้สอย", units["สำนักปลัด"], "30000")
    for name in EQUIPMENT:
        line(name, strategies[2], "00110", "ค่าครุภัณฑ์", units["สำนักปลัด"], "25000", project=False)
    plan_draft_from_budget(plan=operational_plan)
    return operational_plan


def test_staff_fix_every_drafted_row_on_the_grid(live_server, staff, operational_plan, development_plan, ordinance, strategies, units,
                                                 villages, tmp_path):  # fmt: skip
    plan = drafted_plan(operational_plan, development_plan, ordinance, strategies, units)
    rows = {a.name: a.pk for a in plan.activities.all()}
    before = [p.kind for p in plan_problems(plan)]
    assert before.count("no_months") == 12 and before.count("no_place") == 12
    village = {n: v.pk for n, v in villages.items()}

    with chromium_page(live_server.url, user=staff) as page:
        tally = Tally(page)

        def row(name):
            return page.locator(f"tr[data-pk='{rows[name]}']")

        def month(name, index):
            return row(name).locator("td.m").nth(index)

        def panel_month(index):
            return page.locator(f"label[for='set-m{index}']")

        page.goto(f"/staff/operational-plans/{plan.pk}/activities/")
        tally.click(page.get_by_role("link", name="แก้ไขทั้งหมด ๑๒ รายการพร้อมกัน"))
        expect(page.get_by_role("heading", name="แก้ไขหลายรายการพร้อมกัน")).to_be_visible()

        # Every row runs ม.ค.–มี.ค.: tick all, drag across three months of the panel, apply.
        tally.click(page.get_by_label("เลือกทุกรายการในตาราง"))
        tally.drag(panel_month(3), panel_month(5))
        tally.click(page.get_by_role("button", name="ใช้กับรายการที่เลือก"))
        expect(page.locator("#bulk-status")).to_have_text("เลือก ๑๒ จาก ๑๒ รายการ · แก้ไขแล้ว ๑๒ รายการ (ยังไม่บันทึก)")
        tally.click(page.get_by_label("เลือกทุกรายการในตาราง"))  # nothing ticked again

        # The health projects run เม.ย.–มิ.ย. instead: drag across each row's own strip (untick, then tick).
        for name in HEALTH[:3]:
            tally.drag(month(name, 3), month(name, 5))
            tally.drag(month(name, 6), month(name, 8))
        # The last one from the keyboard: into its row, across to ม.ค., untick and paint the run off, paint เม.ย.–มิ.ย. on.
        tally.click(row(HEALTH[3]).locator("input.sel"))
        tally.press("ArrowRight", 4)  # to ม.ค.
        tally.press("Space")
        tally.press("Shift+ArrowRight", 3)  # ก.พ., มี.ค., เม.ย. take the unticked state
        tally.press("Space")  # เม.ย. on
        tally.press("Shift+ArrowRight", 2)  # พ.ค., มิ.ย.
        focused = page.evaluate("() => [document.activeElement.name, getComputedStyle(document.activeElement).outlineStyle]")
        assert focused == [f"m{rows[HEALTH[3]]}", "solid"]  # the focus is on the box and visible
        tally.click(row(HEALTH[3]).locator("input.sel"))  # untick the row again

        # Places: each road in its village; the health projects in every village; equipment at the office.
        # (The panel empties after each use.)
        for k in (1, 2, 3):
            for number, name in ROADS:
                if number == k:
                    tally.click(row(name).locator("input.sel"))
            tally.click(page.locator(f"#set-v{village[k]}"))
            tally.click(page.get_by_role("button", name="ใช้กับรายการที่เลือก"))
            for number, name in ROADS:
                if number == k:
                    tally.click(row(name).locator("input.sel"))  # untick them again
        for name in HEALTH:
            tally.click(row(name).locator("input.sel"))
        for k in (1, 2, 3):
            tally.click(page.locator(f"#set-v{village[k]}"))
        tally.click(page.get_by_role("button", name="ใช้กับรายการที่เลือก"))
        for name in HEALTH:
            tally.click(row(name).locator("input.sel"))
        for name in EQUIPMENT:
            tally.click(row(name).locator("input.sel"))
        tally.type(page.get_by_label("สถานที่ดำเนินการ (ข้อความ แทนที่ของเดิม)"), "ที่ทำการ อบต.หนองบัว")
        tally.click(page.get_by_role("button", name="ใช้กับรายการที่เลือก"))
        expect(row(ROADS[2][1]).locator("[data-show='v']")).to_have_text("หมู่ที่ ๒")
        expect(row(HEALTH[0]).locator("[data-show='v']")).to_have_text("หมู่ที่ ๑, หมู่ที่ ๒, หมู่ที่ ๓")
        page.screenshot(path=str(tmp_path / "grid-desktop.png"), full_page=True)

        tally.click(page.get_by_role("button", name="ตรวจสอบการเปลี่ยนแปลงก่อนบันทึก"))
        summary = page.get_by_role("status").filter(has_text="จะแก้ไข")
        expect(summary).to_contain_text("จะแก้ไข ๑๒ รายการ: ระยะเวลาดำเนินการ ๑๒ รายการ · หมู่บ้าน ๑๐ รายการ · สถานที่ดำเนินการ (ข้อความ) ๒ รายการ")
        page.screenshot(path=str(tmp_path / "review-desktop.png"), full_page=True)
        tally.click(page.get_by_role("button", name="ยืนยันบันทึก ๑๒ รายการ"))
        expect(page.get_by_text("บันทึกการแก้ไข 12 รายการแล้ว (เลิกทำได้จากหน้านี้)")).to_be_visible()

        tally.click(page.get_by_role("link", name="ตรวจสอบ", exact=True))
        expect(page.get_by_text("ไม่พบปัญหา แผนนี้พร้อมเสนอผู้บริหาร")).to_be_visible()
        page.screenshot(path=str(tmp_path / "checks-desktop.png"), full_page=True)

    fixed = {a.name: a for a in Activity.objects.filter(plan=plan).prefetch_related("villages")}
    assert all(fixed[name].month_indexes == [3, 4, 5] for _k, name in ROADS)
    assert all(fixed[name].month_indexes == [6, 7, 8] for name in HEALTH)
    assert [v.number for v in fixed[ROADS[4][1]].villages.all()] == [3]
    assert sorted(v.number for v in fixed[HEALTH[3]].villages.all()) == [1, 2, 3]
    assert fixed[EQUIPMENT[0]].location == "ที่ทำการ อบต.หนองบัว" and not fixed[EQUIPMENT[0]].villages.exists()
    assert plan_problems(plan) == []
    flags = before.count("no_months") + before.count("no_place")
    print(
        f"\nbulk grid: {len(rows)} rows, {flags} flags fixed with {tally.clicks} clicks, {tally.drags} drags, "
        f"{tally.keys} key presses and {tally.typed} typed field (one edit form per row would take about {len(rows) * 7} clicks); "
        f"screenshots in {tmp_path}"
    )


def test_on_a_phone_the_grid_scrolls_inside_its_table_and_a_save_can_be_undone(
    live_server, staff, operational_plan, development_plan, ordinance, strategies, units, villages, tmp_path
):
    plan = drafted_plan(operational_plan, development_plan, ordinance, strategies, units)
    first = plan.activities.order_by("strategy__number", "programme__code", "order", "pk").first()
    with chromium_page(live_server.url, user=staff, width=390, height=844) as page:
        page.goto(f"/staff/operational-plans/{plan.pk}/activities/bulk/?ids={first.pk}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
        tally = Tally(page)
        tally.drag(page.locator("label[for='set-m0']"), page.locator("label[for='set-m2']"))
        tally.click(page.get_by_role("button", name="ใช้กับรายการที่เลือก"))
        expect(page.locator("#bulk-status")).to_contain_text("แก้ไขแล้ว ๑ รายการ")
        page.screenshot(path=str(tmp_path / "grid-phone.png"), full_page=True)
        tally.click(page.get_by_role("button", name="ตรวจสอบการเปลี่ยนแปลงก่อนบันทึก"))
        page.screenshot(path=str(tmp_path / "review-phone.png"), full_page=True)
        tally.click(page.get_by_role("button", name="ยืนยันบันทึก ๑ รายการ"))
        expect(page.get_by_role("button", name="เลิกทำการแก้ไขครั้งล่าสุด")).to_be_visible()
        tally.click(page.get_by_role("button", name="เลิกทำการแก้ไขครั้งล่าสุด"))
        expect(page.get_by_text("เลิกทำแล้ว: 1 รายการกลับเป็นค่าเดิม")).to_be_visible()
        page.goto(f"/staff/operational-plans/{plan.pk}/checks/")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "checks-phone.png"), full_page=True)
    first.refresh_from_db()
    assert first.months == 0 and first.version == 3  # saved (ต.ค.–ธ.ค.), then undone
    assert thai.mask_to_months(first.history.all()[1].months) == [0, 1, 2]


def test_the_grid_its_review_and_the_checks_have_no_serious_accessibility_violations(
    live_server, staff, operational_plan, development_plan, ordinance, strategies, units, villages
):
    from axe_playwright_python.sync_playwright import Axe

    plan = drafted_plan(operational_plan, development_plan, ordinance, strategies, units)
    axe, problems = Axe(), {}

    def audit(page, name):
        serious = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            problems[name] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]

    with chromium_page(live_server.url, user=staff) as page:
        page.goto(f"/staff/operational-plans/{plan.pk}/activities/")
        audit(page, "list")
        page.goto(f"/staff/operational-plans/{plan.pk}/activities/bulk/")
        audit(page, "grid")
        page.get_by_label("เลือกทุกรายการในตาราง").click()
        page.locator("label[for='set-m4']").click()
        page.get_by_role("button", name="ใช้กับรายการที่เลือก").click()
        page.get_by_role("button", name="ตรวจสอบการเปลี่ยนแปลงก่อนบันทึก").click()
        audit(page, "review")
        page.goto(f"/staff/operational-plans/{plan.pk}/checks/")
        audit(page, "checks")
    assert problems == {}, problems
