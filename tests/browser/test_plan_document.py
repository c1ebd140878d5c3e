"""Staff draft the plan from the budget in one action, see the checks, and download the PDF with a progress bar."""

import re
import time

from playwright.sync_api import expect

from plans.models import Job, OperationalPlan
from tests.browser.conftest import chromium_page


def test_draft_check_and_download(live_server, staff, ordinance, budget_line, development_plan, tmp_path):
    with chromium_page(live_server.url, user=staff) as page:
        page.goto(f"/staff/ordinances/{ordinance.pk}/lines/")
        page.get_by_role("button", name="จัดทำแผนการดำเนินงานปี ๒๕๗๐ จากข้อบัญญัตินี้").click()
        page.wait_for_url("**/activities/")
        expect(page.get_by_text("เพิ่มโครงการ/กิจกรรม 1 รายการ", exact=False)).to_be_visible()
        expect(page.get_by_role("link", name="โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1")).to_be_visible()

        page.get_by_role("link", name=re.compile("^ตรวจสอบ")).click()
        expect(page.get_by_role("heading", name=re.compile("ยังไม่ระบุเดือนที่ดำเนินการ"))).to_be_visible()
        expect(page.get_by_text(re.compile("กำหนดเวลา:"))).to_be_visible()

        page.get_by_role("link", name="แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐").click()
        page.get_by_role("link", name="ตัวอย่างเอกสาร").click()
        expect(page.get_by_text("บัญชีสรุปจำนวนโครงการและงบประมาณ").first).to_be_visible()
        # A small draft renders in well under a second; hold its response back a moment (the real
        # server still renders it) so that the in-progress state can be seen, not raced.
        page.route("**/pdf/job/", lambda route: (time.sleep(1.5), route.continue_()))
        with page.expect_download(timeout=60_000) as download_info:
            page.get_by_role("button", name="ดาวน์โหลด PDF").click()
            expect(page.get_by_text(re.compile("กำลังสร้าง PDF…"))).to_be_visible()
        expect(page.get_by_text(re.compile("สร้าง PDF เสร็จแล้ว"))).to_be_visible()
        page.screenshot(path=str(tmp_path / "document.png"))
        download = download_info.value
        assert download.suggested_filename.startswith("แผนการดำเนินงาน-2570-หนองบัว")
        saved = tmp_path / "plan.pdf"
        download.save_as(saved)

    assert saved.read_bytes().startswith(b"%PDF-")
    assert OperationalPlan.objects.get().activities.count() == 1


def test_the_pdf_made_by_a_worker_reaches_the_browser(worker, live_server, staff, activity, tmp_path):
    with chromium_page(live_server.url, user=staff) as page:
        page.goto(f"/staff/operational-plans/{activity.plan.pk}/document/")
        with page.expect_download(timeout=120_000) as download_info:
            page.get_by_role("button", name="ดาวน์โหลด PDF").click()
            expect(page.get_by_text(re.compile("(รอคิว|กำลังสร้าง PDF)…"))).to_be_visible()
        expect(page.get_by_text(re.compile("สร้าง PDF เสร็จแล้ว"))).to_be_visible()
        saved = tmp_path / "plan.pdf"
        download_info.value.save_as(saved)
        assert download_info.value.suggested_filename.endswith("-ร่าง.pdf")
    assert saved.read_bytes().startswith(b"%PDF-")
    assert Job.objects.get().status == Job.Status.DONE
