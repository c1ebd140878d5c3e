"""The public site: only announced plans, found by citizens, filtered, downloaded in every format."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from lib import thai
from projects.models import Activity
from tests.announcements.conftest import snapshot_again
from tests.conftest import login, programme

pytestmark = pytest.mark.django_db
CODE = "3400101"


def url(name, *extra):
    return reverse(f"public:{name}", args=[CODE, 2570, "original", *extra][: 3 if name != "plan" else 2])


@pytest.fixture
def more(announced, strategies, villages, units):
    """A second activity in another village and month, added before announcement by a direct update."""
    from plans.models import OperationalPlan

    OperationalPlan.objects.filter(pk=announced.pk).update(status="draft")
    health = Activity.objects.create(
        plan=announced, strategy=strategies[2], programme=programme("00220"), name="โครงการรณรงค์ป้องกันโรคไข้เลือดออก",
        details="พ่นหมอกควันกำจัดยุงลาย", budget=Decimal("50000"), unit=units["สำนักปลัด"], months=thai.months_to_mask([7, 8]),
    )  # fmt: skip
    health.villages.set([villages[3]])
    OperationalPlan.objects.filter(pk=announced.pk).update(status="announced")
    snapshot_again(announced)
    return health


def names(response):
    return [activity.name for activity in response.context["page_obj"]]


def test_home_finds_organisations_by_name_district_or_province(client, announced, other_org):
    page = client.get(reverse("public:home"), {"q": "ขอนแก่น"}).content.decode()
    assert "องค์การบริหารส่วนตำบลหนองบัว" in page
    assert "เทศบาลตำบลนาดี" not in page  # no announced plan yet
    assert "องค์การบริหารส่วนตำบลหนองบัว" in client.get(reverse("public:home"), {"q": "หนองบ"}).content.decode()
    assert "ไม่พบ" in client.get(reverse("public:home"), {"q": "เชียงใหม่"}).content.decode()
    assert "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in client.get(reverse("public:home")).content.decode()


def test_the_organisation_page_lists_its_announced_plans(client, announced):
    page = client.get(reverse("public:organisation", args=[CODE])).content.decode()
    assert "ปีงบประมาณ พ.ศ. ๒๕๗๐" in page and "ฉบับประจำปี" in page


def test_a_draft_is_404_everywhere_in_public(client, operational_plan, activity):
    for name in ("plan", "plan_edition", "plan_pdf", "announcement_pdf", "plan_csv", "plan_xlsx", "plan_json", "signed_scan"):
        assert client.get(url(name) if name == "plan" else reverse(f"public:{name}", args=[CODE, 2570, "original"])).status_code == 404, (
            name
        )


def test_citizens_filter_by_village_month_strategy_and_words(client, announced, more, villages, strategies):
    plan_url = reverse("public:plan", args=[CODE, 2570])
    road = "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1"
    assert set(names(client.get(plan_url))) == {road, more.name}
    assert names(client.get(plan_url, {"village": villages[3].pk})) == [more.name]
    assert names(client.get(plan_url, {"month": "8"})) == [more.name]
    assert names(client.get(plan_url, {"month": "3"})) == [road]
    assert names(client.get(plan_url, {"strategy": strategies[1].pk})) == [road]
    assert names(client.get(plan_url, {"q": "ยุงลาย"})) == [more.name]  # a Thai word inside a longer text
    assert names(client.get(plan_url, {"q": "ไข้เลือด"})) == [more.name]
    assert names(client.get(plan_url, {"q": "หมู่ที่ ๑"})) == [road]  # Thai digits find Arabic ones


def test_the_plan_page_shows_the_summary_chart_part_1_and_the_announcement(client, announced):
    page = client.get(reverse("public:plan", args=[CODE, 2570])).content.decode()
    for text in ("สรุปจำนวนโครงการและงบประมาณ", 'class="chart-bar"', "ส่วนที่ ๑ บทนำ", "จึงประกาศให้ทราบโดยทั่วกัน", "๔๕๐,๐๐๐.๐๐"):
        assert text in page, text


def test_the_public_plan_page_costs_the_same_queries_for_few_or_many_activities(client, announced, strategies, settings):
    settings.PUBLIC_CACHE_SECONDS = 0  # the page as built, not as cached
    plan_url = reverse("public:plan", args=[CODE, 2570])
    client.get(plan_url)  # each process thaws an announced snapshot once: count a page after that
    with CaptureQueriesContext(connection) as few:
        client.get(plan_url)
    from plans.models import OperationalPlan

    OperationalPlan.objects.filter(pk=announced.pk).update(status="draft")
    Activity.objects.bulk_create(
        [
            Activity(
                plan=announced, strategy=strategies[1 + i % 2], programme=programme("00310"), name=f"โครงการที่ {i}", budget=Decimal(100)
            )
            for i in range(60)
        ]
    )
    OperationalPlan.objects.filter(pk=announced.pk).update(status="announced")
    snapshot_again(announced)
    client.get(plan_url)
    with CaptureQueriesContext(connection) as many:
        client.get(plan_url)
    assert len(many) == len(few)


def test_the_stored_pdfs_are_served_without_rendering_again(client, announced, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr("public.views.store_documents", fail)
    stored = announced.announcement.plan_pdf.read()
    response = client.get(reverse("public:plan_pdf", args=[CODE, 2570, "original"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored
    notice = client.get(reverse("public:announcement_pdf", args=[CODE, 2570, "original"]))
    assert b"".join(notice.streaming_content).startswith(b"%PDF-")


def test_csv_opens_in_excel_with_thai_and_neutralises_formulas(client, announced, more):
    more.plan.activities.filter(pk=more.pk).update(name='=HYPERLINK("http://evil")', details="+1+1")
    snapshot_again(announced)
    response = client.get(reverse("public:plan_csv", args=[CODE, 2570, "original"]))
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:7] == ["ยุทธศาสตร์", "แผนงาน", "โครงการ", "รายละเอียดของกิจกรรม", "งบประมาณ (บาท)", "สถานที่ดำเนินการ", "หน่วยงานรับผิดชอบหลัก"]
    assert rows[0][7:19] == ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
    evil = next(row for row in rows if "HYPERLINK" in row[2])
    assert evil[2].startswith("'=") and evil[3] == "'+1+1"
    road = next(row for row in rows if "ถนน" in row[2])
    assert road[4] == "450000.00" and road[10:13] == ["✓", "✓", "✓"]


def test_excel_download(client, announced):
    response = client.get(reverse("public:plan_xlsx", args=[CODE, 2570, "original"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570")
    assert sheet["C2"].value == "โครงการ" and sheet["C3"].value == "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1"
    assert sheet["E3"].value == 450000


def test_json_has_the_plan_every_activity_and_the_summary(client, announced, more):
    data = json.loads(client.get(reverse("public:plan_json", args=[CODE, 2570, "original"])).content)
    assert data["organisation"]["code"] == CODE and data["plan"]["fiscal_year"] == 2570 and data["plan"]["edition"] == "ฉบับประจำปี"
    assert {a["name"] for a in data["activities"]} == {"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1", more.name}
    assert data["summary"]["total"] == {"count": 2, "budget": "500000.00"}
    [first, second] = data["summary"]["strategies"]
    assert (first["count"], first["budget"], first["programmes"][0]["name"]) == (1, "450000.00", "แผนงานอุตสาหกรรมและการโยธา")
    assert first["count_percent"] == "50.00" and second["budget_percent"] == "10.00"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_staff_upload_the_signed_scan_which_the_public_page_then_offers(client, announced, staff):
    upload_url = reverse("announcements:announcement_scan", args=[announced.pk])
    fake = SimpleUploadedFile("signed.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(staff).post(upload_url, {"signed_scan": fake}, follow=True)
    assert "ไม่ใช่ PDF หรือรูปภาพ" in response.content.decode()
    announced.announcement.refresh_from_db()
    assert not announced.announcement.signed_scan
    login(staff).post(upload_url, {"signed_scan": SimpleUploadedFile("scan.png", png(), content_type="image/png")})
    announced.announcement.refresh_from_db()
    assert announced.announcement.signed_scan
    assert "ประกาศที่ลงนามแล้ว (สแกน)" in client.get(reverse("public:plan", args=[CODE, 2570])).content.decode()
    served = client.get(reverse("public:signed_scan", args=[CODE, 2570, "original"]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == png()


@pytest.mark.parametrize(("name", "image_format", "content_type"), [("scan.png", "JPEG", "image/jpeg"), ("scan.jpg", "PNG", "image/png")])
def test_a_signed_scan_is_stored_and_served_as_what_it_is(client, announced, staff, name, image_format, content_type):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(buffer, image_format)
    upload_url = reverse("announcements:announcement_scan", args=[announced.pk])
    login(staff).post(upload_url, {"signed_scan": SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")})
    announced.announcement.refresh_from_db()
    assert announced.announcement.signed_scan.name.endswith("." + content_type.split("/")[1].replace("jpeg", "jpg"))
    assert client.get(reverse("public:signed_scan", args=[CODE, 2570, "original"]))["Content-Type"] == content_type


def test_a_draft_has_no_signed_scan_upload(operational_plan, staff):
    response = login(staff).post(reverse("announcements:announcement_scan", args=[operational_plan.pk]),
                                 {"signed_scan": SimpleUploadedFile("scan.png", png())}, follow=True)  # fmt: skip
    assert "ยังไม่ได้ประกาศใช้" in response.content.decode()


def test_the_emblem_is_public_but_only_an_organisations_own(client, org, settings, tmp_path):
    from django.core.files.base import ContentFile

    org.emblem.save("seal.png", ContentFile(png()))
    assert client.get(reverse("emblem", args=[CODE])).status_code == 200
    assert client.get(reverse("emblem", args=["9999999"])).status_code == 404


def pdf_with_javascript() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_a_signed_pdf_is_served_as_a_download_never_inline(client, announced, staff):
    """A PDF may carry script (/OpenAction /JavaScript): it is downloaded, not opened in the site's viewer."""
    upload_url = reverse("announcements:announcement_scan", args=[announced.pk])
    login(staff).post(upload_url, {"signed_scan": SimpleUploadedFile("signed.pdf", pdf_with_javascript(), content_type="application/pdf")})
    served = client.get(reverse("public:signed_scan", args=[CODE, 2570, "original"]))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment;")


def test_replacing_the_signed_scan_is_in_the_plans_history(announced, staff):
    upload_url = reverse("announcements:announcement_scan", args=[announced.pk])
    client = login(staff)
    client.post(upload_url, {"signed_scan": SimpleUploadedFile("first.png", png(), content_type="image/png")})
    announced.announcement.refresh_from_db()
    first = announced.announcement.signed_scan.name
    client.post(upload_url, {"signed_scan": SimpleUploadedFile("second.png", png(), content_type="image/png")})
    announced.announcement.refresh_from_db()
    second = announced.announcement.signed_scan.name
    assert first != second
    page = client.get(reverse("announcements:plan_history", args=[announced.pk])).content.decode()
    assert "สำเนาประกาศที่ลงนามแล้ว" in page and first in page and second in page
