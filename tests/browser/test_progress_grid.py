"""Staff bring many activities up to date on one page, and a mistake keeps everything they typed."""

from decimal import Decimal

from playwright.sync_api import expect

from projects.models import Progress
from tests.announcements.conftest import announce
from tests.browser.conftest import chromium_page
from tests.conftest import chained_activity


def test_staff_update_two_activities_on_the_grid_then_fix_a_mistake(live_server, staff, executive, activity, strategies, units, tmp_path):
    health = chained_activity(
        activity.plan, strategy=strategies[2], programme_code="00220", name="โครงการรณรงค์ป้องกันโรคไข้เลือดออก",
        budget="50000", unit=units["สำนักปลัด"], months=0b1110000000, location="ทุกหมู่บ้าน",
    )  # fmt: skip
    announce(activity.plan, staff, executive)
    with chromium_page(live_server.url, user=staff) as page:
        page.goto(f"/staff/operational-plans/{activity.plan.pk}/progress/")
        page.get_by_label(f"สถานะ: {activity.name}").select_option(label="อยู่ระหว่างดำเนินการ")
        page.get_by_label(f"วงเงินตามสัญญา (บาท): {activity.name}").fill("๔๔๐,๐๐๐")
        page.get_by_label(f"เบิกจ่ายแล้ว (บาท): {activity.name}").fill("500,000")  # more than the contract: a mistake
        page.get_by_label(f"สถานะ: {health.name}").select_option(label="ดำเนินการแล้วเสร็จ")
        page.get_by_label(f"หมายเหตุ: {health.name}").fill("ดำเนินการครบทุกหมู่บ้าน")
        page.get_by_role("button", name="บันทึกทั้งหน้า").click()

        expect(page.get_by_text("ยังไม่ได้บันทึก: มีรายการที่ต้องแก้")).to_be_visible()
        expect(page.get_by_text("ยอดเบิกจ่ายสูงกว่าวงเงินตามสัญญา")).to_be_visible()
        assert page.get_by_label(f"หมายเหตุ: {health.name}").input_value() == "ดำเนินการครบทุกหมู่บ้าน"  # nothing typed is lost
        page.screenshot(path=str(tmp_path / "progress-error.png"), full_page=True)

        page.get_by_label(f"เบิกจ่ายแล้ว (บาท): {activity.name}").fill("200,000")
        page.get_by_role("button", name="บันทึกทั้งหน้า").click()
        expect(page.get_by_text("บันทึกความก้าวหน้า 2 รายการแล้ว")).to_be_visible()
        assert "เบิกจ่ายแล้ว ๒๐๐,๐๐๐.๐๐ จากงบประมาณ ๕๐๐,๐๐๐.๐๐ บาท" in " ".join(page.locator("main").inner_text().split())

    reports = {p.key: p for p in Progress.objects.all()}
    assert (reports[activity.key].status, reports[activity.key].contract_amount, reports[activity.key].disbursed) == (
        "in_progress", Decimal("440000"), Decimal("200000"),
    )  # fmt: skip
    assert (reports[health.key].status, reports[health.key].percent, reports[health.key].note) == ("completed", 100, "ดำเนินการครบทุกหมู่บ้าน")
