"""A staff member logs in, adds an activity with three months on the strip, and sees it in the list."""

from decimal import Decimal

from projects.models import Activity
from tests.browser.conftest import chromium_page


def test_staff_add_an_activity_with_three_months(live_server, staff, operational_plan, strategies, guidelines, units, villages, tmp_path):
    with chromium_page(live_server.url, user=staff) as page:
        page.get_by_role("link", name="แผนการดำเนินงาน", exact=True).first.click()
        page.get_by_role("link", name="แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570").click()
        page.get_by_role("link", name="+ เพิ่มโครงการ/กิจกรรม").click()

        page.get_by_label("ยุทธศาสตร์").select_option(label="ยุทธศาสตร์ที่ 2 การพัฒนาคุณภาพชีวิต")
        page.get_by_label("แนวทางการพัฒนา").select_option(label="2.1 ส่งเสริมสุขภาพ")
        page.get_by_label("แผนงาน").select_option(label="แผนงานสาธารณสุข")
        page.get_by_label("โครงการ/กิจกรรม", exact=False).first.fill("โครงการรณรงค์ป้องกันโรคไข้เลือดออก")
        page.get_by_label("งบประมาณ (บาท)").fill("35,000")
        page.get_by_label("สถานที่ดำเนินการ").fill("ทุกหมู่บ้าน")
        page.get_by_label("หน่วยงานรับผิดชอบหลัก").select_option(label="สำนักปลัด")
        for month in ("พ.ค.", "มิ.ย.", "ก.ค."):
            page.locator("label.month-toggle", has_text=month).click()
        page.screenshot(path=str(tmp_path / "activity-form.png"), full_page=True)
        page.get_by_role("button", name="บันทึก").click()

        page.wait_for_url("**/activities/")
        assert page.get_by_text("บันทึกโครงการ/กิจกรรม “โครงการรณรงค์ป้องกันโรคไข้เลือดออก” แล้ว").is_visible()
        row = page.locator("tr", has_text="โครงการรณรงค์ป้องกันโรคไข้เลือดออก")
        assert "๓๕,๐๐๐.๐๐" in row.inner_text()
        assert row.locator(".month-bar .mb-cell.on").count() == 3
        assert row.locator(".month-bar").get_attribute("aria-label") == "พ.ค.–ก.ค."

    activity = Activity.objects.get(name="โครงการรณรงค์ป้องกันโรคไข้เลือดออก")
    assert activity.month_indexes == [7, 8, 9]
    assert activity.budget == Decimal("35000")
    assert activity.strategy == strategies[2]
