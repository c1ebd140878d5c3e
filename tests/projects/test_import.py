"""Importing the ผด.02 spreadsheets staff already have, as real files are; exporting them back the same."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lib import thai
from plans.importing import ImportErrors, import_budget_lines, import_plan_projects
from plans.models import BudgetLine, OperationalPlan, Organisation, PlanProject, Strategy, Unit
from projects import exports
from projects.importer import import_activities
from projects.models import Activity
from tests.importing import upload_and_confirm

pytestmark = pytest.mark.django_db
MONTHS = [
    "ต.ค. 69",
    "พ.ย. 69",
    "ธ.ค. 69",
    "ม.ค. 70",
    "ก.พ. 70",
    "มี.ค. 70",
    "เม.ย. 70",
    "พ.ค. 70",
    "มิ.ย. 70",
    "ก.ค. 70",
    "ส.ค. 70",
    "ก.ย. 70",
]
HEADER = [
    "ที่",
    "ยุทธศาสตร์",
    "แผนงาน",
    "โครงการ",
    "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ",
    "งบประมาณ (บาท)",
    "สถานที่ดำเนินการ",
    "หน่วยงานรับผิดชอบหลัก",
    *MONTHS,
]


def months(*active):
    return ["/" if i in active else "" for i in range(12)]


def real_file_rows():
    """As staff keep it: title rows, group headings, Thai digits, commas, blank and subtotal rows."""
    return [
        ["บัญชีโครงการ/กิจกรรม/งบประมาณ"],
        ["แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ องค์การบริหารส่วนตำบลหนองบัว"],
        HEADER,
        ["", "ยุทธศาสตร์ที่ ๑ การพัฒนาโครงสร้างพื้นฐาน"],
        ["", "1.1 แผนงานอุตสาหกรรมและการโยธา"],
        ["๑", "", "", "โครงการก่อสร้างถนน คสล. สายหนองบัว–โนนทอง", "กว้าง ๕ เมตร ยาว ๓๐๐ เมตร", "๔๕๐,๐๐๐", "หมู่ที่ ๑", "กองช่าง", *months(3, 4, 5)],
        ["๒", "", "", "โครงการวางท่อระบายน้ำ", "ยาว ๑๐๐ เมตร", "230,000.00", "หมู่ที่ ๒", "กองช่าง", *months(4)],
        ["", "", "", "รวม ๒ โครงการ", "", "680,000"],
        [],
        ["", "การพัฒนาคุณภาพชีวิต"],
        ["๑", "", "แผนงานการศาสนา วัฒนธรรม และนันทนาการ", "โครงการจัดงานประเพณีบุญบั้งไฟ", "", "120000", "สนามกีฬา", "สำนักปลัด", *months(7)],
        ["๒", "2", "แผนงาน สาธารณสุข", "โครงการป้องกันโรคไข้เลือดออก", "", 50000, "ทุกหมู่บ้าน", "สำนักปลัด", *months(7, 8, 9)],
    ]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig", dialect=csv.excel) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, dialect).writerows(rows)
    return buffer.getvalue().encode(encoding)


def activities(org, year=2570):
    plan = OperationalPlan.objects.get(organisation=org, fiscal_year=year)
    return {a.name: a for a in plan.activities.select_related("strategy", "programme", "unit")}


@pytest.mark.parametrize(
    "content",
    [
        xlsx(real_file_rows()),
        csv_bytes(real_file_rows()),
        csv_bytes(real_file_rows(), "cp874"),
        csv_bytes(real_file_rows(), "utf-16"),  # with its byte-order mark, as Excel writes it
        csv_bytes(real_file_rows(), "utf-16", csv.excel_tab),  # Excel's "Unicode Text"
    ],
    ids=["xlsx", "csv-utf8", "csv-cp874", "csv-utf16", "excel-unicode-text"],
)
def test_a_real_file_imports_with_its_title_rows_headings_thai_digits_and_subtotals(org, strategies, units, content):
    import_activities(content, org, 2570)
    imported = activities(org)
    assert set(imported) == {
        "โครงการก่อสร้างถนน คสล. สายหนองบัว–โนนทอง",
        "โครงการวางท่อระบายน้ำ",
        "โครงการจัดงานประเพณีบุญบั้งไฟ",
        "โครงการป้องกันโรคไข้เลือดออก",
    }
    road = imported["โครงการก่อสร้างถนน คสล. สายหนองบัว–โนนทอง"]
    assert (road.strategy.number, road.programme.name, road.budget, road.unit.name) == (
        1,
        "แผนงานอุตสาหกรรมและการโยธา",
        Decimal("450000"),
        "กองช่าง",
    )
    assert road.month_indexes == [3, 4, 5] and road.details == "กว้าง 5 เมตร ยาว 300 เมตร" and road.location == "หมู่ที่ 1"
    festival = imported["โครงการจัดงานประเพณีบุญบั้งไฟ"]
    assert festival.strategy.number == 2  # matched by name from the heading row
    assert festival.programme.name == "แผนงานการศาสนาวัฒนธรรมและนันทนาการ"  # a spacing variant
    assert imported["โครงการป้องกันโรคไข้เลือดออก"].programme.name == "แผนงานสาธารณสุข"


def test_the_import_creates_the_draft_plan_of_the_year(org, strategic_plan, strategies, units):
    assert not OperationalPlan.objects.exists()
    plan = import_activities(xlsx(real_file_rows()), org, 2570)
    assert (plan.status, plan.fiscal_year, plan.strategic_plan) == ("draft", 2570, strategic_plan)


def test_one_bad_row_in_the_middle_imports_nothing_and_every_error_is_named(org, strategies, units):
    rows = real_file_rows()
    rows[6][5] = "สองแสน"  # the amount of the second project
    rows[10][7] = "กองที่ไม่มีอยู่"
    rows[11][2] = "แผนงานการบินอวกาศ"
    with pytest.raises(ImportErrors) as raised:
        import_activities(xlsx(rows), org, 2570)
    errors = {(e.row, e.column): e.message for e in raised.value.errors}
    assert "ตัวเลข" in errors[7, "งบประมาณ (บาท)"]
    assert "ไม่พบหน่วยงาน “กองที่ไม่มีอยู่”" in errors[11, "หน่วยงานรับผิดชอบหลัก"]
    assert "ไม่รู้จักแผนงาน “แผนงานการบินอวกาศ”" in errors[12, "แผนงาน"]
    assert not Activity.objects.exists() and not OperationalPlan.objects.exists()


def test_unknown_strategies_and_units_are_errors_or_created_on_request(org, strategic_plan, units):
    rows = [HEADER, ["", "ยุทธศาสตร์ที่ 7 การท่องเที่ยว", "แผนงานการพาณิชย์", "โครงการตลาดนัดชุมชน", "", "30000", "", "กองการท่องเที่ยว", *months(2)]]
    with pytest.raises(ImportErrors) as raised:
        import_activities(xlsx(rows), org, 2570)
    assert {e.column for e in raised.value.errors} == {"ยุทธศาสตร์", "หน่วยงานรับผิดชอบหลัก"}
    import_activities(xlsx(rows), org, 2570, create_missing=True)
    assert Strategy.objects.get(number=7).name == "การท่องเที่ยว"
    assert Unit.objects.filter(organisation=org, name="กองการท่องเที่ยว").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"%PDF-1.7\n%binary", "ไม่ใช่ตาราง Excel"),
        (b"\x89PNG\r\n\x1a\n", "ไม่ใช่ตาราง Excel"),
        (b"PK\x03\x04 not really a zip", "ไม่ใช่ตาราง Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls รุ่นเก่า"),
        ("ชื่อ,นามสกุล\nสมชาย,ใจดี\n".encode(), "ไม่พบแถวหัวตาราง"),
    ],
)
def test_a_file_that_is_not_a_ผด02_spreadsheet_is_refused_in_thai(org, strategies, content, message):
    from lib.spreadsheets import NotASpreadsheet

    with pytest.raises(NotASpreadsheet, match=message):
        import_activities(content, org, 2570)


def test_export_then_import_gives_back_the_same_data(org, activity, villages, guidelines, other_org):
    activity.is_equipment = False
    Activity.objects.create(plan=activity.plan, strategy=activity.strategy, programme=activity.programme, name="จัดซื้อเครื่องพิมพ์",
                            budget=Decimal("8600"), is_equipment=True, item_type="ครุภัณฑ์คอมพิวเตอร์", months=1 << 2)  # fmt: skip
    Activity.objects.create(plan=activity.plan, strategy=activity.strategy, programme=activity.programme, name="ถนนลาดยางของกรมทางหลวงชนบท",
                            budget=Decimal("9000000"), other_agency="กรมทางหลวงชนบท", months=0b11110000, location="หมู่ที่ 1–3")  # fmt: skip
    first = exports.to_xlsx(exports.ordered(activity.plan), "ผด.02")
    for village in villages.values():
        other_org.villages.create(number=village.number, name=village.name)
    import_activities(first, other_org, 2570, create_missing=True)
    again = exports.ordered(OperationalPlan.objects.get(organisation=other_org))
    without_key = [row[:-1] for row in exports.rows(exports.ordered(activity.plan))]
    assert [row[:-1] for row in exports.rows(again)] == without_key
    assert not {row[-1] for row in exports.rows(again)} & {str(a.key) for a in activity.plan.activities.all()}  # new activities, new keys


def test_the_commands_import_and_export(tmp_path, org, activity, guidelines, capsys):
    path = tmp_path / "plan.csv"
    call_command("export_activities", str(path), organisation=org.code, year=2570)
    assert path.read_bytes().startswith("\ufeff".encode())
    target = Organisation.objects.create(code="3400303", kind="sao", name="โนนทอง", district="ก", province="ข")
    call_command("import_activities", str(path), organisation=target.code, year=2570, create_missing=True)
    assert "นำเข้าแล้ว" in capsys.readouterr().out
    assert OperationalPlan.objects.get(organisation=target).activities.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("โครงการ,งบประมาณ (บาท)\nโครงการหนึ่ง,ไม่ใช่ตัวเลข\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ไม่ได้นำเข้า"):
        call_command("import_activities", str(bad), organisation=target.code, year=2570)
    with pytest.raises(CommandError, match=".xlsx หรือ .csv"):
        call_command("export_activities", str(tmp_path / "plan.pdf"), organisation=org.code, year=2570)


def test_staff_import_on_the_web_and_see_errors_by_row(staff_client, org, strategies, units):
    url = reverse("projects:activity_import")
    assert staff_client.get(url).status_code == 200
    template = load_workbook(io.BytesIO(staff_client.get(reverse("projects:activity_template")).content)).active
    assert [c.value for c in template[2]][:4] == ["ยุทธศาสตร์", "แผนงาน", "โครงการ", "รายละเอียดของกิจกรรม"]
    rows = real_file_rows()
    rows[5][5] = "-450,000"
    response = upload_and_confirm(staff_client, url, {"year": "2570", "file": SimpleUploadedFile("pd02.xlsx", xlsx(rows))})
    assert response.status_code == 400 and "จำนวนเงินต้องไม่ติดลบ" in response.content.decode()
    assert not OperationalPlan.objects.exists()
    response = upload_and_confirm(staff_client, url, {"year": "2570", "file": SimpleUploadedFile("pd02.xlsx", xlsx(real_file_rows()))})
    plan = OperationalPlan.objects.get()
    assert response["Location"] == reverse("projects:activity_list", args=[plan.pk]) and plan.activities.count() == 4


def test_an_announced_plan_cannot_be_imported_into(org, activity, staff, executive, strategies, units):
    from tests.announcements.conftest import announce

    announce(activity.plan, staff, executive)
    with pytest.raises(ImportErrors, match="errors"):
        import_activities(xlsx(real_file_rows()), org, 2570)
    assert activity.plan.activities.count() == 1


def test_development_plan_projects_import(staff_client, development_plan, strategies, units):
    template = load_workbook(io.BytesIO(staff_client.get(reverse("plans:planproject_template", args=[development_plan.pk])).content)).active
    headers = [c.value for c in template[2]]
    assert headers[6:9] == ["งบประมาณ 2569", "งบประมาณ 2570", "งบประมาณ 2571"]
    rows = [headers, ["ยุทธศาสตร์ที่ 2", "", "แผนงานสาธารณสุข", "โครงการตรวจคัดกรองเบาหวาน", "เพื่อค้นหาผู้ป่วย", "ประชาชน 1,000 คน",
                      "", "๓๕,๐๐๐", "36000", "ร้อยละ 90", "พบผู้ป่วยเร็วขึ้น", "สำนักปลัด"]]  # fmt: skip
    response = upload_and_confirm(
        staff_client, reverse("plans:planproject_import", args=[development_plan.pk]), {"file": SimpleUploadedFile("p.xlsx", xlsx(rows))}
    )
    assert response.status_code == 302 and response["Location"] == development_plan.get_absolute_url()
    project = PlanProject.objects.get(name="โครงการตรวจคัดกรองเบาหวาน")
    assert project.budget_for(2570) == Decimal("35000") and project.budget_for(2569) is None and project.strategy == strategies[2]
    rows[1][7] = ""
    rows[1][8] = ""
    with pytest.raises(ImportErrors):
        import_plan_projects(development_plan, xlsx(rows))


def test_budget_lines_import(ordinance, plan_project, units):
    rows = [["ข้อบัญญัติงบประมาณ ปี 2570"], ["แผนงาน", "งาน", "หมวด", "ประเภท", "รายการ", "จำนวนเงิน (บาท)", "หน่วยงาน", "โครงการในแผนพัฒนา"],
            ["แผนงานอุตสาหกรรมและการโยธา", "งานก่อสร้าง", "ค่าที่ดินและสิ่งก่อสร้าง", "ค่าก่อสร้าง", plan_project.name, "450,000", "กองช่าง", plan_project.name],
            ["แผนงานบริหารงานทั่วไป", "งานบริหารทั่วไป", "ค่าวัสดุ", "วัสดุสำนักงาน", "ค่าวัสดุสำนักงาน", "80000", "สำนักปลัด", ""]]  # fmt: skip
    assert import_budget_lines(ordinance, xlsx(rows)) == 2
    line = BudgetLine.objects.get(item=plan_project.name)
    assert (line.plan_project, line.amount, line.drafting_role()) == (plan_project, Decimal("450000"), "activity")
    rows[3][2] = "ค่าอะไรสักอย่าง"
    with pytest.raises(ImportErrors) as raised:
        import_budget_lines(ordinance, xlsx(rows))
    assert [(e.row, e.column) for e in raised.value.errors] == [(4, "หมวด")]
    assert BudgetLine.objects.count() == 2


def test_amount_cells_in_excel_number_format_are_exact(org, strategies, units):
    rows = real_file_rows()
    rows[5][5] = 450000.5
    import_activities(xlsx(rows), org, 2570)
    assert activities(org)["โครงการก่อสร้างถนน คสล. สายหนองบัว–โนนทอง"].budget == Decimal("450000.50")
    assert thai.format_amount(Decimal("450000.50"), thai.ARABIC) == "450,000.50"
