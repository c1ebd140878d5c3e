"""Importing through the staff pages: upload, the review page (and its mapping step), confirm or cancel."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lib import spreadsheets
from operations.examples import development_plan_workbook
from plans.models import BudgetLine, BudgetOrdinance, NameMapping, PendingImport, PlanProject, Strategy, Unit
from tests.conftest import login, make_user
from tests.importing import upload
from tests.plans.test_development_import import save

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

UNKNOWN = [
    ["ยุทธศาสตร์การพัฒนาเมืองอัจฉริยะ"], ["แผนงานเคหะ"],
    ["ที่", "โครงการ", "งบประมาณ 2569", "หน่วยงานรับผิดชอบหลัก"],
    [1, "โครงการกล้องวงจรปิด", "300,000", "กองยุทธศาสตร์และงบประมาณ"],
]  # fmt: skip


def import_url(plan) -> str:
    return reverse("plans:planproject_import", args=[plan.pk])


def test_the_review_page_shows_sheets_columns_and_totals_then_confirming_saves(city_plan, city_staff):
    client = login(city_staff)
    content, source = development_plan_workbook()
    page = upload(client, import_url(city_plan), {"file": SimpleUploadedFile("ผ02-2566-2570.xlsx", content)})
    html = page.content.decode()
    assert page.status_code == 200 and "ตรวจสอบก่อนนำเข้าโครงการในแผนพัฒนา" in html
    assert "แบบ ผ.01" in html and "ผ.03" in html and "ยุทธ1-1 อุตสาหกรรมแล" in html  # skipped and read sheets
    assert "หน่วยงานรับผิดชอบหลัก (บรรทัดแรก)" in html and "ยุทธศาสตร์ที่ ๒ การพัฒนาคุณภาพชีวิต" in html
    assert "ตรงกับผลรวมของแถวข้อมูลเหนือแถวนั้น ๓๓ แถว" in html and "✗" not in html
    assert not PlanProject.objects.exists()
    pending = PendingImport.objects.get()
    response = client.post(reverse("plans:import_review", args=[pending.pk]), {"action": "confirm"})
    assert response.status_code == 302 and response["Location"] == city_plan.get_absolute_url()
    assert PlanProject.objects.filter(development_plan=city_plan).count() == len(source.projects)
    assert not PendingImport.objects.exists()


def test_an_unknown_name_is_mapped_in_the_browser_and_remembered(city_plan, city_staff, city):
    client = login(city_staff)
    page = upload(client, import_url(city_plan), {"file": SimpleUploadedFile("p.xlsx", save(UNKNOWN))})
    html = page.content.decode()
    assert "จับคู่ชื่อในไฟล์กับข้อมูลในระบบ" in html and "ยืนยันนำเข้า</button>" not in html
    fields = dict(re.findall(r'name="(name-u\d+-ref)" value="([^"]+)"', html))
    strategy = Strategy.objects.get(strategic_plan=city_plan.strategic_plan, number=1)
    answers = {"action": "map", **fields}
    for field, ref in fields.items():
        answers[field.removesuffix("-ref")] = str(strategy.pk) if ref.startswith("strategy|") else "new"
    pending = PendingImport.objects.get()
    url = reverse("plans:import_review", args=[pending.pk])
    assert client.post(url, answers).status_code == 302
    html = client.get(url).content.decode()
    assert "ยืนยันนำเข้า</button>" in html and "ชื่อที่จับคู่ไว้แล้ว (๒)" in html, re.findall(r"<td>.*?</td>", html)[:12]
    assert client.post(url, {"action": "confirm"}).status_code == 302
    project = PlanProject.objects.get()
    assert project.strategy == strategy and project.unit == Unit.objects.get(organisation=city, name="กองยุทธศาสตร์และงบประมาณ")
    assert NameMapping.objects.filter(organisation=city).count() == 2


def test_confirming_while_names_are_unmapped_saves_nothing(city_plan, city_staff):
    client = login(city_staff)
    upload(client, import_url(city_plan), {"file": SimpleUploadedFile("p.xlsx", save(UNKNOWN))})
    response = client.post(reverse("plans:import_review", args=[PendingImport.objects.get().pk]), {"action": "confirm"})
    assert response.status_code == 400 and "ยังนำเข้าไม่ได้" in response.content.decode()
    assert not PlanProject.objects.exists()


def test_cancel_forgets_the_file_and_saves_nothing(city_plan, city_staff):
    client = login(city_staff)
    content, _ = development_plan_workbook(projects=40)
    upload(client, import_url(city_plan), {"file": SimpleUploadedFile("p.xlsx", content)})
    response = client.post(reverse("plans:import_review", args=[PendingImport.objects.get().pk]), {"action": "cancel"})
    assert response["Location"] == city_plan.get_absolute_url()
    assert not PendingImport.objects.exists() and not PlanProject.objects.exists()


def test_the_upload_answers_only_post(city_plan, city_staff):
    assert login(city_staff).get(import_url(city_plan)).status_code == 405


def test_an_outsider_and_a_colleague_cannot_open_someone_elses_file(city_plan, city_staff, city, outsider, org):
    content, _ = development_plan_workbook(projects=40)
    upload(login(city_staff), import_url(city_plan), {"file": SimpleUploadedFile("p.xlsx", content)})
    url = reverse("plans:import_review", args=[PendingImport.objects.get().pk])
    colleague = make_user("tapra-two", city, "staff")
    for user in (outsider, colleague):
        assert login(user).get(url).status_code == 404
        assert login(user).post(url, {"action": "confirm"}).status_code == 404
    assert login(outsider).post(import_url(city_plan), {"file": SimpleUploadedFile("p.xlsx", content)}).status_code == 404
    assert not PlanProject.objects.exists()


def test_an_executive_cannot_import(city_plan, city):
    executive = make_user("tapra-exec", city, "executive")
    response = login(executive).post(import_url(city_plan), {"file": SimpleUploadedFile("p.xlsx", save(UNKNOWN))})
    assert response.status_code == 403 and not PendingImport.objects.exists()


def test_a_file_too_large_is_refused_by_its_size_before_it_is_read(city_plan, city_staff):
    class Huge:
        name, size = "ผ02.xlsx", 150 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read into memory")

        seek = read

    with pytest.raises(spreadsheets.NotASpreadsheet, match="150 MB"):
        spreadsheets.read_upload(Huge())
    big = SimpleUploadedFile("big.csv", b"a" * (spreadsheets.MAX_BYTES + 1))
    page = upload(login(city_staff), import_url(city_plan), {"file": big})
    assert "ไฟล์ใหญ่เกินไป" in page.content.decode() and not PendingImport.objects.exists()


def test_no_file_is_said_by_the_label_the_page_shows(city_plan, city_staff):
    page = upload(login(city_staff), import_url(city_plan), {})
    html = page.content.decode()
    assert (
        "กรุณาเลือกไฟล์ในช่อง “ไฟล์ (.xlsx หรือ .csv)”" in html and 'for="import-file-projects" class="form-label">ไฟล์ (.xlsx หรือ .csv)<' in html
    )


def test_the_budget_import_form_is_on_the_ordinance_page_not_in_its_title(city_staff, city):
    ordinance = BudgetOrdinance.objects.create(organisation=city, fiscal_year=2570, enacted_on=dt.date(2026, 9, 1))
    html = login(city_staff).get(ordinance.get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "form" not in title
    body = html.split("</head>", 1)[1]
    assert f'action="{reverse("plans:budgetline_import", args=[ordinance.pk])}"' in body and "อ่านไฟล์และแสดงตัวอย่าง" in body


def test_budget_lines_through_the_pages(city_plan, city_staff, city):
    from operations.examples import budget_workbook

    content, source = development_plan_workbook()
    from plans.importing import PlanProjectImport

    PlanProjectImport(city_plan, content).save()
    ordinance = BudgetOrdinance.objects.create(organisation=city, fiscal_year=2570, enacted_on=dt.date(2026, 9, 1))
    lines, expected = budget_workbook(source, strategy_column=False)
    client = login(city_staff)
    html = upload(
        client, reverse("plans:budgetline_import", args=[ordinance.pk]), {"file": SimpleUploadedFile("b.xlsx", lines)}
    ).content.decode()
    assert "เลือกโครงการในแผนพัฒนาของรายการที่มีชื่อซ้ำ" in html
    fields = re.findall(r'name="(line-\d+)-ref" value="([^"]+)"', html)
    options = re.findall(r'name="(line-\d+)" id="[^"]+" value="(\d+)"', html)
    first_option = {}
    for field, value in options:
        first_option.setdefault(field, value)
    url = reverse("plans:import_review", args=[PendingImport.objects.get().pk])
    answers = {"action": "confirm", **{f"{field}-ref": ref for field, ref in fields}, **first_option}
    assert client.post(url, answers).status_code == 302
    assert BudgetLine.objects.filter(ordinance=ordinance).count() == len(expected)


def test_web_pages_and_their_messages_never_mention_command_line_flags():
    """Flags belong to the management commands; every other module and template speaks of the page's controls."""
    for path in [*ROOT.glob("plans/**/*.py"), *ROOT.glob("projects/**/*.py"), *ROOT.glob("lib/**/*.py"), *ROOT.glob("templates/**/*.html")]:
        if "management" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[\u0e00-\u0e7f][^\"\n]*--[a-z]", text), path


def test_a_utf16_csv_as_excel_saves_it_is_read_through_the_page(city_plan, city_staff):
    import csv
    import io

    text = io.StringIO()
    csv.writer(text).writerows(UNKNOWN)
    content = text.getvalue().encode("utf-16")  # with the byte-order mark Excel writes
    assert content.startswith(b"\xff\xfe")
    page = upload(login(city_staff), import_url(city_plan), {"file": SimpleUploadedFile("ผ02.csv", content)})
    html = page.content.decode()
    assert page.status_code == 200 and "จับคู่ชื่อในไฟล์กับข้อมูลในระบบ" in html  # read: its names are now asked about
    assert "ยุทธศาสตร์การพัฒนาเมืองอัจฉริยะ" in html and "กองยุทธศาสตร์และงบประมาณ" in html
