"""Progress through the year: many activities on one grid, by spreadsheet, following the activity across editions."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.editions import edition_start
from projects.models import Progress
from tests.announcements.conftest import announce
from tests.conftest import chained_activity, login
from tests.importing import upload_and_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced_two(activity, staff, executive, strategies, units):
    """An announced plan with two activities: the road (450,000) and a health campaign (50,000)."""
    health = chained_activity(
        activity.plan, strategy=strategies[2], programme_code="00220", name="โครงการรณรงค์ป้องกันโรคไข้เลือดออก",
        budget="50000", unit=units["สำนักปลัด"], months=0b1110000000, location="ทุกหมู่บ้าน",
    )  # fmt: skip
    announce(activity.plan, staff, executive)
    return activity.plan, activity, health


def grid_data(plan, rows: dict):
    """POST data for the grid: {activity: {field: value}} on top of an empty report per activity."""
    data = {}
    for activity, values in rows.items():
        prefix = f"p{activity.pk}"
        report = Progress.objects.filter(key=activity.key).first()
        base = {"status": "not_started", "actual_start": "", "actual_end": "", "contract_amount": "", "disbursed": "", "percent": "", "note": "",
                "version": str(report.version if report else 0)}  # fmt: skip
        base.update(values)
        data.update({f"{prefix}-{name}": value for name, value in base.items()})
    return data


def test_staff_update_many_activities_at_once_on_the_grid(staff_client, announced_two, staff):
    plan, road, health = announced_two
    url = reverse("projects:plan_progress", args=[plan.pk])
    assert staff_client.get(url).status_code == 200
    data = grid_data(plan, {
        road: {"status": "in_progress", "actual_start": "3", "contract_amount": "๔๔๐,๐๐๐", "disbursed": "200,000", "percent": "45"},
        health: {"status": "completed", "actual_start": "7", "actual_end": "9", "contract_amount": "50000", "disbursed": "50000"},
    })  # fmt: skip
    response = staff_client.post(url, data)
    assert response.status_code == 302
    reports = {p.key: p for p in Progress.objects.all()}
    assert (reports[road.key].status, reports[road.key].contract_amount, reports[road.key].percent) == (
        "in_progress",
        Decimal("440000"),
        45,
    )
    assert (reports[health.key].status, reports[health.key].percent, reports[health.key].actual_end) == ("completed", 100, 9)
    assert reports[road.key].history.first().history_user == staff


@pytest.mark.parametrize(
    "values, message",
    [
        ({"contract_amount": "500000"}, "วงเงินตามสัญญาสูงกว่างบประมาณ"),
        ({"contract_amount": "400000", "disbursed": "410000"}, "ยอดเบิกจ่ายสูงกว่าวงเงินตามสัญญา"),
        ({"status": "completed", "percent": "80"}, "ต้องมีความก้าวหน้าร้อยละ ๑๐๐"),
        ({"actual_start": "5", "actual_end": "2"}, "เดือนที่เสร็จต้องไม่ก่อนเดือนที่เริ่ม"),
        ({"actual_start": "12"}, "เลือกได้เฉพาะเดือนในปีงบประมาณ"),
        ({"percent": "120"}, "ระหว่าง ๐ ถึง ๑๐๐"),
        ({"disbursed": "-5"}, "ต้องไม่ติดลบ"),
    ],
)
def test_bad_progress_is_refused_in_thai_and_nothing_on_the_page_is_saved(staff_client, announced_two, values, message):
    plan, road, health = announced_two
    data = grid_data(plan, {road: {"status": "in_progress", **values}, health: {"status": "completed"}})
    response = staff_client.post(reverse("projects:plan_progress", args=[plan.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert not Progress.objects.exists()  # the valid row was not saved either


def test_a_second_save_of_the_same_row_is_told_and_loses_nothing(org, announced_two, staff):
    from plans.models import User

    plan, road, health = announced_two
    colleague = User.objects.create_user("kanya", password="x", organisation=org, role="staff")
    url = reverse("projects:plan_progress", args=[plan.pk])
    opened = grid_data(plan, {road: {"status": "in_progress", "percent": "30"}})
    assert login(colleague).post(url, opened).status_code == 302
    mine = grid_data(plan, {road: {"status": "delayed", "percent": "20", "note": "รอวัสดุ"}})
    mine[f"p{road.pk}-version"] = "0"  # the version this user's page was opened with
    response = login(staff).post(url, mine)
    page = response.content.decode()
    assert "มีผู้อื่นบันทึกโครงการนี้ไปก่อน" in page and 'value="รอวัสดุ"' in page
    assert Progress.objects.get().status == "in_progress"


def test_progress_is_only_for_announced_plans(staff_client, operational_plan, activity):
    response = staff_client.get(reverse("projects:plan_progress", args=[operational_plan.pk]), follow=True)
    assert "บันทึกความก้าวหน้าได้เมื่อแผนประกาศใช้แล้ว" in response.content.decode()


def test_executives_and_outsiders_do_not_record_progress(executive, outsider, announced_two):
    plan = announced_two[0]
    url = reverse("projects:plan_progress", args=[plan.pk])
    assert login(executive).get(url).status_code == 403
    assert login(outsider).get(url).status_code == 404


def test_progress_follows_the_activity_into_a_later_edition(staff_client, announced_two, staff, executive):
    plan, road, _health = announced_two
    staff_client.post(
        reverse("projects:plan_progress", args=[plan.pk]), grid_data(plan, {road: {"status": "in_progress", "percent": "40"}})
    )
    edition = edition_start(plan=plan, kind="amending", user=staff)
    import datetime as dt

    announce(edition, staff, executive, dt.date(2026, 12, 1))
    # the old edition's progress page now leads to the plan in force, where the report is the same
    response = staff_client.get(reverse("projects:plan_progress", args=[plan.pk]))
    assert response["Location"] == reverse("projects:plan_progress", args=[edition.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert 'value="40"' in page
    public = staff_client.get(reverse("public:plan", args=[plan.organisation.code, 2570])).content.decode()
    assert "อยู่ระหว่างดำเนินการ" in public and "ร้อยละ ๔๐" in public


def test_the_progress_sheet_round_trip(staff_client, announced_two):
    plan, road, health = announced_two
    sheet_url = reverse("projects:progress_sheet", args=[plan.pk])
    workbook = load_workbook(io.BytesIO(staff_client.get(sheet_url).content))
    sheet = workbook.active
    assert [c.value for c in sheet[2]][:5] == ["รหัส", "ยุทธศาสตร์", "โครงการ", "งบประมาณ (บาท)", "สถานะ"]
    rows = {sheet.cell(row, 3).value: row for row in range(3, sheet.max_row + 1)}
    r = rows[health.name]
    sheet.cell(r, 5).value, sheet.cell(r, 6).value, sheet.cell(r, 7).value = "ดำเนินการแล้วเสร็จ", "พ.ค.", "ก.ค."
    sheet.cell(r, 8).value, sheet.cell(r, 9).value, sheet.cell(r, 10).value = "49,500", 49500, 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("progress.xlsx", buffer.getvalue())
    response = upload_and_confirm(staff_client, reverse("projects:progress_upload", args=[plan.pk]), {"sheet": upload})
    assert response.status_code == 302 and response["Location"] == reverse("projects:plan_progress", args=[plan.pk])
    report = Progress.objects.get(key=health.key)
    assert (report.status, report.actual_start, report.actual_end, report.disbursed) == ("completed", 7, 9, Decimal("49500"))


def test_a_sheet_with_one_bad_row_saves_nothing_and_names_every_error(staff_client, announced_two):
    plan, road, health = announced_two
    workbook = load_workbook(io.BytesIO(staff_client.get(reverse("projects:progress_sheet", args=[plan.pk])).content))
    sheet = workbook.active
    sheet.cell(3, 5).value = "ดำเนินการแล้วเสร็จ"
    sheet.cell(3, 10).value = 100
    sheet.cell(4, 5).value = "เสร็จแล้วมั้ง"
    sheet.cell(4, 7).value = "มกรา"
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = upload_and_confirm(
        staff_client, reverse("projects:progress_upload", args=[plan.pk]), {"sheet": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "ไม่รู้จักสถานะ “เสร็จแล้วมั้ง”" in page and "เดือน “มกรา” ไม่อยู่ในปีงบประมาณ" in page
    assert not Progress.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(staff_client, announced_two):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = announced_two[0]
    fake = SimpleUploadedFile("progress.xlsx", b"%PDF-1.7 this is a pdf")
    response = staff_client.post(reverse("projects:progress_upload", args=[plan.pk]), {"sheet": fake}, follow=True)
    assert "ไม่ใช่ตาราง Excel (.xlsx) หรือ CSV" in response.content.decode()


def test_viewing_an_activitys_photos_saves_nothing(announced_two, staff):
    plan, road, _ = announced_two
    page = login(staff).get(reverse("projects:activity_photos", args=[road.pk]))
    assert page.status_code == 200 and "ยังไม่มีรูปภาพ" in page.content.decode()
    assert not Progress.objects.exists() and not Progress.history.exists()


def test_the_progress_sheet_of_a_plan_with_nothing_to_track_downloads(staff_client, operational_plan, staff, executive):
    """An announced plan with only another agency's project (nothing of its own to track) once answered 500."""
    from tests.announcements.conftest import announce_as_it_is
    from tests.conftest import programme

    operational_plan.activities.create(
        strategy=operational_plan.strategic_plan.strategies.create(number=1, name="ยุทธศาสตร์"), programme=programme("00310"),
        name="ขุดลอกคลอง", budget=Decimal("1000"), other_agency="กรมชลประทาน",
    )  # fmt: skip
    announce_as_it_is(operational_plan, executive)
    response = staff_client.get(reverse("projects:progress_sheet", args=[operational_plan.pk]))
    assert response.status_code == 200
    assert [c.value for c in load_workbook(io.BytesIO(response.content)).active[2]][:3] == ["รหัส", "ยุทธศาสตร์", "โครงการ"]


def test_a_note_typed_as_a_formula_comes_back_from_the_sheet_as_typed(staff_client, announced_two):
    plan, road, _health = announced_two
    note = '=HYPERLINK("http://evil.example","คลิก")'
    Progress.objects.create(organisation=plan.organisation, fiscal_year=plan.fiscal_year, key=road.key, note=note)
    sheet_url = reverse("projects:progress_sheet", args=[plan.pk])
    workbook = load_workbook(io.BytesIO(staff_client.get(sheet_url).content))
    cell = next(c for row in workbook.active.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert (cell.value, cell.data_type) == ("'" + note, "s")  # text in Excel, never a live link
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("progress.xlsx", buffer.getvalue())
    upload_and_confirm(staff_client, reverse("projects:progress_upload", args=[plan.pk]), {"sheet": upload})
    assert Progress.objects.get(key=road.key).note == note  # the import takes the apostrophe off again
