"""Dates are picked on a Buddhist-Era calendar and stored as real dates."""

import datetime as dt

from plans.models import BudgetOrdinance
from tests.browser.conftest import chromium_page


def test_staff_pick_the_enactment_date_on_a_buddhist_era_calendar(live_server, staff, tmp_path):
    with chromium_page(live_server.url, user=staff) as page:
        page.goto("/staff/ordinances/new/")
        page.get_by_label("ปีงบประมาณ (พ.ศ.)").fill("2570")
        page.get_by_label("วันที่ประกาศใช้").fill("01/09/2569")
        page.get_by_role("button", name="เลือกวันที่จากปฏิทิน").click()
        calendar = page.locator(".thai-date-calendar")
        assert calendar.locator("strong").inner_text() == "กันยายน 2569"
        page.get_by_role("button", name="เดือนถัดไป").click()
        assert calendar.locator("strong").inner_text() == "ตุลาคม 2569"
        page.screenshot(path=str(tmp_path / "calendar.png"))
        page.get_by_role("button", name="15 ตุลาคม 2569").click()
        assert page.get_by_label("วันที่ประกาศใช้").input_value() == "15/10/2569"
        assert calendar.is_hidden()
        page.get_by_role("button", name="บันทึก").click()
        page.wait_for_url("**/ordinances/")

    assert BudgetOrdinance.objects.get(organisation=staff.organisation).enacted_on == dt.date(2026, 10, 15)
