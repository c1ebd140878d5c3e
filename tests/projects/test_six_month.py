"""The six-month monitoring report: the progress as it stood at the end of 31 March, per strategy and แผนงาน."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from announcements.models import Announcement
from projects.models import Activity, Progress
from projects.six_month import plan_in_force, six_month_report
from tests.announcements.conftest import announce_as_it_is
from tests.conftest import login, programme

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0, second: int = 0) -> dt.datetime:
    """A moment in Thai local time (the report's day ends at midnight in Bangkok)."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))


def record(activity, when: dt.datetime, **values) -> Progress:
    """Save the activity's progress as though staff saved it at `when` (its history carries that date)."""
    progress = Progress.objects.filter(key=activity.key).first() or Progress(
        organisation=activity.plan.organisation, fiscal_year=activity.plan.fiscal_year, key=activity.key
    )
    for name, value in values.items():
        setattr(progress, name, value)
    progress._history_date = when
    progress.save()
    return progress


@pytest.fixture
def year(activity, strategies, staff, executive):
    """หนองบัว's plan for 2570: the road (strategy 1, ม.ค.–มี.ค.) and four more, announced in October 2569."""
    plan = activity.plan
    made = [activity] + [
        Activity.objects.create(plan=plan, strategy=strategies[s], programme=programme(code), name=name, budget=Decimal(budget),
                                months=months)
        for s, code, name, budget, months in (
            (1, "00310", "โครงการรางระบายน้ำ", "100000", 0b000000111000000),  # เม.ย.–มิ.ย.: not due yet on 31 March
            (2, "00220", "โครงการไข้เลือดออก", "50000", 0b11),  # ต.ค.–พ.ย.: should have ended
            (2, "00220", "โครงการผู้สูงอายุ", "30000", 0b111000),  # ม.ค.–มี.ค.
            (2, "00210", "โครงการวันเด็ก", "20000", 0b1000),  # ม.ค.
        )
    ]  # fmt: skip
    Activity.objects.create(plan=plan, strategy=strategies[1], programme=programme("00110"), name="จัดซื้อตู้เหล็ก", budget=Decimal(9000),
                            is_equipment=True)  # fmt: skip
    announce_as_it_is(plan, executive)
    return plan, made


def test_the_figures_are_the_progress_as_it_stood_at_the_end_of_31_march(org, year):
    plan, (road, drain, dengue, elderly, children) = year
    record(road, at(2027, 1, 15), status="in_progress", contract_amount=Decimal("440000"), disbursed=Decimal("100000"), percent=40)
    record(road, at(2027, 3, 31, 23, 59, 59), status="completed", disbursed=Decimal("440000"), percent=100, actual_start=3, actual_end=5)
    record(road, at(2027, 4, 1, 0, 0, 1), status="cancelled", disbursed=Decimal(0), percent=0, note="แก้ไขวันที่ 1 เมษายน")
    record(dengue, at(2027, 2, 1), status="delayed", contract_amount=Decimal("45000"), disbursed=Decimal("10000"), percent=30,
           note="รอพ่นหมอกควันรอบสอง")  # fmt: skip
    record(elderly, at(2027, 4, 2), status="completed", percent=100)  # recorded too late for the report
    record(children, at(2026, 12, 20), status="completed", percent=100, contract_amount=Decimal("20000"), disbursed=Decimal("20000"))
    gone = record(drain, at(2027, 2, 2), status="in_progress", contract_amount=Decimal("90000"))
    gone._history_date = at(2027, 3, 10)
    gone.delete()  # deleted before 31 March: not started, as far as the report knows

    report = six_month_report(org, 2570)
    assert report.plan == plan and report.period == (dt.date(2026, 10, 1), dt.date(2027, 3, 31))
    total = report.total
    assert total.count == 5  # the projects; not the equipment
    assert total.statuses == {"completed": 2, "in_progress": 0, "delayed": 1, "not_started": 2, "cancelled": 0}
    assert (total.budget, total.contracted, total.disbursed) == (Decimal("650000"), Decimal("505000"), Decimal("470000"))
    assert (total.contracted_pct, total.disbursed_pct) == (Decimal("77.69"), Decimal("72.31"))
    s1, s2 = report.blocks
    assert (s1.strategy.count, s1.strategy.statuses["completed"], s1.strategy.statuses["not_started"]) == (2, 1, 1)
    assert [(row.label, row.count) for row in s2.programmes] == [("แผนงานการศึกษา", 1), ("แผนงานสาธารณสุข", 2)]  # in code order


def test_a_change_on_1_april_does_not_move_the_report(org, year):
    plan, (road, *_rest) = year
    record(road, at(2027, 3, 20), status="in_progress", contract_amount=Decimal("440000"), disbursed=Decimal("100000"))
    before = six_month_report(org, 2570).total
    record(road, at(2027, 4, 1, 0, 0, 0), status="completed", disbursed=Decimal("440000"))
    after = six_month_report(org, 2570).total
    assert (
        (after.statuses, after.disbursed)
        == (before.statuses, before.disbursed)
        == (
            {"completed": 0, "in_progress": 1, "delayed": 0, "not_started": 4, "cancelled": 0},
            Decimal("100000"),
        )
    )


def test_shares_add_up_to_100_at_every_level(org, year):
    report = six_month_report(org, 2570)
    assert sum(block.strategy.count_pct for block in report.blocks) == report.total.count_pct == Decimal("100.00")
    assert sum(block.strategy.budget_pct for block in report.blocks) == Decimal("100.00")
    for block in report.blocks:  # แผนงาน rows add up to their strategy's printed share
        assert sum(row.count_pct for row in block.programmes) == block.strategy.count_pct
        assert sum(row.budget_pct for row in block.programmes) == block.strategy.budget_pct
    assert sum(report.status_pct.values()) == Decimal("100.00")


def test_projects_behind_schedule_on_31_march_with_their_notes(org, year):
    plan, (road, drain, dengue, elderly, children) = year
    record(dengue, at(2027, 2, 1), status="delayed", note="รอพ่นหมอกควันรอบสอง", percent=30)
    record(elderly, at(2027, 3, 1), status="in_progress", percent=50)
    record(children, at(2027, 1, 30), status="completed", percent=100)
    behind = {b.activity.name: b for b in six_month_report(org, 2570).behind}
    # The road (ม.ค.–มี.ค.) never started; dengue is reported late; the elderly (to end in มี.ค.) is not done;
    # the drain is not due before เม.ย.; children's day is done.
    assert set(behind) == {road.name, dengue.name, elderly.name}
    assert behind[dengue.name].reason == "รายงานว่าล่าช้ากว่าแผน" and behind[dengue.name].note == "รอพ่นหมอกควันรอบสอง"
    assert behind[road.name].reason == "ตามแผนต้องแล้วเสร็จภายใน มี.ค. 2570 แต่ยังไม่แล้วเสร็จ"
    assert (behind[elderly.name].status, behind[elderly.name].percent) == ("อยู่ระหว่างดำเนินการ", 50)


def test_the_edition_in_force_is_the_one_announced_by_31_march(org, year, staff, executive):
    from plans.models import OperationalPlan
    from projects.editions import edition_start

    plan, _made = year
    edition = edition_start(plan=plan, kind=OperationalPlan.Edition.AMENDING, ordinance=None, user=staff)
    edition._history_date = at(2027, 4, 3)
    announce_as_it_is(edition, executive, day=dt.date(2027, 4, 3))
    assert OperationalPlan.objects.in_force(org, 2570) == edition
    assert plan_in_force(org, 2570) == plan  # an edition recorded on 3 April is not yet in force for the report


def test_no_plan_announced_by_31_march_gives_an_empty_report(org, operational_plan, activity, staff):
    report = six_month_report(org, 2570)
    assert report.plan is None and report.blocks == [] and report.behind == []
    page = login(staff).get(reverse("projects:six_month", args=[2570])).content.decode()
    assert "ไม่มีแผนการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๗๐ ที่ประกาศใช้ในระบบ" in page


def test_the_staff_page_and_its_pdf_and_spreadsheets(org, year, staff, outsider):
    plan, (road, *_rest) = year
    record(road, at(2027, 2, 1), status="delayed", note="ฝนตกหนัก")
    client = login(staff)
    page = client.get(reverse("projects:six_month", args=[2570])).content.decode()
    assert "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน" in page and "ฝนตกหนัก" in page
    assert "รอบ ๖ เดือนยังไม่สิ้นสุด" in page  # the test runs before 31 March 2570
    pdf = client.get(reverse("projects:six_month_file", args=[2570, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    rows = list(csv.reader(io.StringIO(client.get(reverse("projects:six_month_file", args=[2570, "csv"])).content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["ยุทธศาสตร์", "แผนงาน", "จำนวนโครงการ", "ร้อยละของโครงการทั้งหมด"]
    assert rows[-1][:4] == ["รวมทั้งสิ้น", "", "5", "100.00"]
    book = load_workbook(io.BytesIO(client.get(reverse("projects:six_month_file", args=[2570, "xlsx"])).content))
    assert book.sheetnames == ["ผลการดำเนินงาน", "โครงการที่ล่าช้า"] and book["โครงการที่ล่าช้า"]["H2"].value == "ฝนตกหนัก"
    assert client.get(reverse("projects:six_month_file", args=[2570, "doc"])).status_code == 404
    # Another organisation's staff see their own (empty) report, never หนองบัว's.
    assert "ฝนตกหนัก" not in login(outsider).get(reverse("projects:six_month", args=[2570])).content.decode()


@pytest.fixture
def april(monkeypatch):
    """It is 20 April 2570 (2027): the six-month period of fiscal year 2570 has ended."""
    moment = at(2027, 4, 20, 10)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def publish_data(**changes) -> dict:
    return {"announced_on": "20/04/2570", "heading": "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. 2570",
            "body": "ข้อความ", "signer_name": "นายสมชาย รักถิ่น", "signer_title": "นายกองค์การบริหารส่วนตำบลหนองบัว",
            "posted_on": "20/04/2570", "posted_until": "20/05/2570", **changes}  # fmt: skip


def test_the_executive_publishes_it_and_citizens_read_it_at_its_stable_address(client, org, year, executive, staff, april):
    plan, (road, *_rest) = year
    record(road, at(2027, 2, 1), status="delayed", note="ฝนตกหนัก", contract_amount=Decimal("400000"), disbursed=Decimal("120000"))
    address = reverse("public:six_month", args=[org.code, 2570])
    assert address == "/o/3400101/2570/six-month/"
    assert client.get(address).status_code == 404  # not before the executive publishes it
    announce_url = reverse("announcements:six_month_announce", args=[2570])
    assert login(staff).get(announce_url).status_code == 403
    page = login(executive).get(reverse("projects:six_month", args=[2570])).content.decode()
    assert announce_url in page  # offered to the executive once 31 March has passed
    form = login(executive).get(announce_url).content.decode()
    assert "ดำเนินการล่าช้ากว่ากำหนด 4 โครงการ" in form and "เบิกจ่ายงบประมาณแล้ว 120,000.00 บาท" in form
    assert "ต้องไม่ก่อน" not in form
    early = login(executive).post(announce_url, publish_data(announced_on="31/03/2570", posted_on="31/03/2570"))
    assert early.status_code == 200 and "สิ้นรอบแล้ว" in early.content.decode()
    assert not Announcement.objects.six_month_reports().exists()

    response = login(executive).post(announce_url, publish_data())
    assert response.status_code == 302
    announcement = Announcement.objects.six_month_reports().get(organisation=org, fiscal_year=2570)
    announcement.refresh_from_db()
    assert announcement.plan is None and announcement.pdf and announcement.plan_pdf and announcement.number == "1/2570"

    public = client.get(address).content.decode()
    assert "ฝนตกหนัก" in public and "รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน" in public
    assert address in client.get(reverse("public:plan", args=[org.code, 2570])).content.decode()  # on the plan's page
    assert address in client.get(reverse("public:home")).content.decode()  # among the latest items
    assert address in client.get(reverse("public:organisation", args=[org.code])).content.decode()
    data = json.loads(client.get(reverse("public:six_month_data", args=[org.code, 2570, "json"])).content)
    assert data["total"]["statuses"]["delayed"] == 1 and data["behind_schedule"][0]["note"] == "ฝนตกหนัก"
    assert data["report"]["period"] == ["2026-10-01", "2027-03-31"]
    rows = client.get(reverse("public:six_month_data", args=[org.code, 2570, "csv"])).content.decode("utf-8-sig")
    assert rows.splitlines()[-1].startswith("รวมทั้งสิ้น,,5,100.00,0,0,1,4,0,650000")
    xlsx = client.get(reverse("public:six_month_data", args=[org.code, 2570, "xlsx"]))
    assert load_workbook(io.BytesIO(xlsx.content))["โครงการที่ล่าช้า"]["B2"].value == road.name
    assert client.get(reverse("public:six_month_data", args=[org.code, 2570, "exe"])).status_code == 404
    report = client.get(reverse("public:six_month_file", args=[org.code, 2570, "report"]))
    assert b"".join(report.streaming_content).startswith(b"%PDF-")

    again = login(executive).post(announce_url, publish_data())
    assert again.status_code == 302 and Announcement.objects.six_month_reports().count() == 1  # published once


def test_publishing_refuses_the_wrong_method(org, year, executive, april):
    assert login(executive).put(reverse("announcements:six_month_announce", args=[2570])).status_code == 405


def test_there_is_nothing_to_publish_without_a_plan_in_force_on_31_march(org, operational_plan, executive, april):
    from announcements.services import TransitionError, six_month_announce, six_month_draft

    with pytest.raises(TransitionError, match="ไม่มีแผนการดำเนินงานปี 2570 ที่ประกาศใช้"):
        six_month_announce(organisation=org, fiscal_year=2570, user=executive, draft=six_month_draft(org, 2570, dt.date(2027, 4, 20)))
    assert not Announcement.objects.exists()
