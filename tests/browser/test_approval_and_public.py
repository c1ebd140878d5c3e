"""The executive approves and announces; a citizen on a phone finds the plan, filters by village, downloads the PDF."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from announcements.models import Review
from announcements.services import plan_transition
from plans.models import OperationalPlan
from tests.announcements.conftest import announce
from tests.browser.conftest import chromium_page


def test_the_executive_approves_and_announces(live_server, staff, executive, activity, tmp_path):
    plan = activity.plan
    plan_transition(plan=plan, user=staff, action=Review.Action.SUBMIT)
    with chromium_page(live_server.url, user=executive) as page:
        page.goto(f"/staff/operational-plans/{plan.pk}/activities/")
        page.get_by_role("button", name="เห็นชอบ").click()
        expect(page.get_by_role("status").filter(has_text="เห็นชอบแล้ว")).to_be_visible()
        page.get_by_role("link", name="ลงนามประกาศใช้…").click()
        expect(page.get_by_role("heading", name="ตัวอย่างประกาศ")).to_be_visible()
        expect(page.locator(".announcement-doc")).to_contain_text("จึงประกาศให้ทราบโดยทั่วกัน")
        page.get_by_label("วันที่ประกาศ").fill("15/10/2569")
        page.get_by_label("วันที่ปิดประกาศ").fill("15/10/2569")
        page.get_by_label("ปิดประกาศถึงวันที่").fill("20/11/2569")
        page.screenshot(path=str(tmp_path / "announce.png"), full_page=True)
        page.get_by_role("button", name="ลงนามประกาศใช้").click()
        expect(page.get_by_role("status").filter(has_text="ประกาศใช้แล้ว (1/2569)")).to_be_visible(timeout=60_000)
        expect(page.get_by_role("link", name="ดูหน้าเผยแพร่")).to_be_visible()
        expect(page.get_by_role("link", name="+ เพิ่มโครงการ/กิจกรรม")).to_have_count(0)

    plan.refresh_from_db()
    assert plan.status == OperationalPlan.Status.ANNOUNCED
    assert plan.announcement.announced_by == executive and plan.announcement.plan_pdf


@pytest.fixture
def published(staff, executive, activity, operational_plan, strategies, villages, units):
    from lib import thai
    from tests.conftest import chained_activity

    health = chained_activity(
        operational_plan, strategy=strategies[2], programme_code="00220", name="โครงการรณรงค์ป้องกันโรคไข้เลือดออก",
        budget="50000", unit=units["สำนักปลัด"], months=thai.months_to_mask([7, 8]), location="",
    )  # fmt: skip
    health.villages.set([villages[3]])
    announce(operational_plan, staff, executive)
    return operational_plan


def test_a_citizen_on_a_phone_finds_the_plan_filters_by_village_and_downloads_it(live_server, published, tmp_path):
    with chromium_page(live_server.url, width=390, height=844) as page:
        page.goto("/")
        page.get_by_label("ค้นหาชื่อ อปท. อำเภอ หรือจังหวัด").fill("หนองบัว")
        page.get_by_role("button", name="ค้นหา").click()
        page.get_by_role("link", name="องค์การบริหารส่วนตำบลหนองบัว").click()
        page.get_by_role("link", name=re.compile("ปีงบประมาณ พ.ศ. ๒๕๗๐")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐")
        expect(page.locator(".project-cards > li")).to_have_count(2)

        page.get_by_label("หมู่บ้าน").select_option(label="หมู่ที่ 3 บ้านดอนแดง")
        page.get_by_role("button", name="แสดง").click()
        cards = page.locator(".project-cards > li")
        expect(cards).to_have_count(1)
        expect(cards.first).to_contain_text("โครงการรณรงค์ป้องกันโรคไข้เลือดออก")
        expect(cards.first).to_contain_text("พ.ค.–มิ.ย. ๒๕๗๐")
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

        with page.expect_download() as download_info:
            page.get_by_role("link", name="แผนฉบับประกาศ (PDF)").click()
        saved = tmp_path / "plan.pdf"
        download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")


def test_public_pages_have_no_serious_accessibility_violations(live_server, published):
    axe = Axe()
    pages = ["/", "/o/3400101/", "/o/3400101/2570/", "/o/3400101/2570/original/?village=&month=7", "/login/"]
    problems = {}
    with chromium_page(live_server.url, width=390, height=844) as page:
        for path in pages:
            page.goto(path)
            results = axe.run(page)
            serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            if serious:
                problems[path] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    assert problems == {}, problems
