"""The plan's PDF: valid, Sarabun only, the expected pages, numbered, its text copyable, nothing wrapped that must not."""

import datetime as dt
import io
import re
import subprocess
from decimal import Decimal

import pikepdf
import pytest
from django.db import transaction
from django.urls import reverse
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from lib import thai
from plans.models import OperationalPlan
from projects import pdf as plan_pdf
from projects.document import build_document
from projects.models import Activity
from tests.conftest import ensure_reference_data, login, programme

# cover, contents, Part 1 (2), ผด.01 with the other agencies' summary (2, landscape), ผด.02 (17: each แผนงาน
# of each strategy starts a page), ผด.02/1 (1), other agencies (1)
DEMO_PAGES = 23


@pytest.fixture(scope="module")
def demo_pdf(django_db_setup, django_db_blocker) -> bytes:
    """The demo organisation's draft, rendered once for this module (and rolled back)."""
    from operations.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_reference_data()
        organisation = load_demo(today=dt.date(2026, 11, 25))
        data = plan_pdf.render_plan_pdf(OperationalPlan.objects.get(organisation=organisation, status="draft"))
        transaction.set_rollback(True)
    return data


def text_of(data: bytes, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-raw", *pages, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_the_pdf_is_valid_with_the_expected_pages(demo_pdf):
    with pikepdf.open(io.BytesIO(demo_pdf)) as document:
        assert len(document.pages) == DEMO_PAGES
        assert str(document.docinfo["/Title"]) == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 องค์การบริหารส่วนตำบลบ้านโคก"
        assert str(document.Root.Lang) == "th"
        portrait = [page.mediabox[2] < page.mediabox[3] for page in document.pages]
    assert portrait[:4] == [True] * 4  # cover, contents, Part 1
    assert not any(portrait[4:])  # ผด.01 onwards: landscape


def test_sarabun_is_embedded_and_no_other_font_appears(demo_pdf):
    listing = subprocess.run(["pdffonts", "-"], input=demo_pdf, capture_output=True, check=True).stdout.decode().splitlines()[2:]
    assert listing
    for line in listing:
        name, *_, embedded, subset, unicode_map, _obj, _gen = line.split()
        assert name.split("+")[-1].startswith("Sarabun"), line
        assert (embedded, unicode_map) == ("yes", "yes"), line


def test_copied_thai_text_keeps_sara_am_and_tone_marks(demo_pdf):
    text = text_of(demo_pdf)
    for word in ("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐", "ส่วนที่ ๑", "บทนำ", "ปัญหาน้ำท่วมขังในชุมชน", "กำหนด", "ครุภัณฑ์สำรวจ", "ที่ไม่ได้ดำเนินการ"):
        assert word in text, word
    assert "ดาเนิน" not in text and "กำร" not in text


def test_pages_are_numbered_from_part_1_in_thai_digits(demo_pdf):
    assert text_of(demo_pdf, 1).strip().splitlines()[-1] != "๑"  # the cover has no number
    assert text_of(demo_pdf, 3).strip().splitlines()[-1] == "๑"
    assert text_of(demo_pdf, DEMO_PAGES).strip().splitlines()[-1] == thai.thai_digits(DEMO_PAGES - 2)


def test_contents_and_bookmarks_point_at_the_forms(demo_pdf):
    contents = text_of(demo_pdf, 2)
    with pikepdf.open(io.BytesIO(demo_pdf)) as document:
        with document.open_outline() as outline:
            marks = {item.title: pikepdf.Page(item.destination[0]).index if isinstance(item.destination, pikepdf.Array) else item.destination
                     for item in outline.root}  # fmt: skip
    assert set(marks) >= {"สารบัญ", "ส่วนที่ 1 บทนำ", "บัญชีโครงการ/กิจกรรม/งบประมาณ (ผด.02)"}
    pd02 = marks["บัญชีโครงการ/กิจกรรม/งบประมาณ (ผด.02)"]
    assert "แบบ ผด.๐๒" in text_of(demo_pdf, pd02 + 1)
    assert f"บัญชีโครงการ/กิจกรรม/งบประมาณ (แบบ ผด.๐๒) {thai.thai_digits(pd02 - 1)}" in contents


def cells(document, wanted: set[str]):
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableCellBox):
                text = "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
                if text in wanted:
                    yield text, box


@pytest.mark.django_db
def test_nine_digit_budgets_and_three_digit_row_numbers_never_wrap(operational_plan, strategies):
    rows = [
        Activity(
            plan=operational_plan, strategy=strategies[1], programme=programme("00310"), name=f"โครงการที่ {i}", budget=Decimal(1000), order=i
        )
        for i in range(120)
    ]
    rows[-1].budget = Decimal("999999999.99")
    Activity.objects.bulk_create(rows)
    doc = build_document(operational_plan)
    html = plan_pdf.chunks(doc, 1)[0][0]
    roots = plan_pdf.roots()
    from weasyprint import CSS

    from lib.pdf import LocalFetcher

    document = HTML(string=html, base_url=roots[0], url_fetcher=LocalFetcher(roots)).render(
        stylesheets=[CSS(string=plan_pdf.stylesheet(), url_fetcher=LocalFetcher(roots))]
    )
    wanted = {"๙๙๙,๙๙๙,๙๙๙.๙๙", "๑๒๐", "๑๐๐"}
    found = dict(cells(document, wanted))
    assert set(found) == wanted
    for text, cell in found.items():
        lines = [child for child in cell.children if isinstance(child, boxes.LineBox)]
        assert len(lines) == 1, f"{text} wraps"
        assert lines[0].width <= cell.width + 0.01, f"{text} overflows its column"


@pytest.mark.django_db
def test_staff_download_the_pdf_and_outsiders_cannot(staff, outsider, activity):
    url = reverse("projects:plan_pdf", args=[activity.plan.pk])
    response = login(staff).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response.content.startswith(b"%PDF-")
    assert login(outsider).get(url).status_code == 404


def test_pd02_subtotals_and_grand_total_equal_their_pd01_lines(demo_pdf):
    after_contents = subprocess.run(["pdftotext", "-raw", "-f", "3", "-", "-"], input=demo_pdf, capture_output=True, check=True)
    text = " ".join(after_contents.stdout.decode().split())
    pd01, pd02 = text.split("บัญชีโครงการ/กิจกรรม/งบประมาณ", 1)[0], text.split("บัญชีโครงการ/กิจกรรม/งบประมาณ", 1)[1]
    pd02 = pd02.split("บัญชีจำนวนครุภัณฑ์ที่ไม่ได้ดำเนินการ")[0]
    # ผด.01: "รวมยุทธศาสตร์ที่ ๑ ๒๑ ๓๖.๒๑ ๖,๔๙๖,๐๐๐.๐๐ ๕๓.๒๖"; ผด.02: "รวมยุทธศาสตร์ที่ ๑ [รวมครุภัณฑ์…] (๒๑ รายการ) ๖,๔๙๖,๐๐๐.๐๐"
    summary = {n: (count, budget) for n, count, budget in re.findall(r"รวมยุทธศาสตร์ที่ (\S+) (\S+) \S+ (\S+) \S+", pd01)}
    listed: dict[str, tuple[str, str]] = {}
    for n, count, budget in re.findall(r"รวมยุทธศาสตร์ที่ (\S+) (?:รวมครุภัณฑ์ตามแบบ ผด\.๐๒/๑ )?\((\S+) (?:โครงการ|รายการ)\) (\S+)", pd02):
        listed[n] = (count, budget)  # the last one printed: with the ผด.02/1 items when the strategy has any
    assert len(listed) == 6 and len(summary) == 6
    assert listed == summary
    grand01 = re.search(r"รวมทั้งสิ้น (\S+) \S+ (\S+) \S+", pd01).groups()
    grand02 = re.findall(r"รวมทั้งสิ้น (?:รวมครุภัณฑ์ตามแบบ ผด\.๐๒/๑ )?\((\S+) (?:โครงการ|รายการ)\) (\S+)", pd02)[-1]
    assert grand02 == grand01 == ("๕๘", "๑๒,๑๙๖,๖๐๐.๐๐")
    # And each แผนงาน: its ผด.01 line, strategy by strategy.
    programme01 = r"(แผนงาน\S+) (\S+) \S+ (\S+) \S+"
    programme02 = r"รวม(แผนงาน\S+) (?:รวมครุภัณฑ์ตามแบบ ผด\.๐๒/๑ )?\((\S+) (?:โครงการ|รายการ)\) (\S+)"
    compared = 0
    ends02 = r"รวมยุทธศาสตร์ที่ \S+ \(\S+ โครงการ\) \S+(?: รวมยุทธศาสตร์ที่ \S+ รวมครุภัณฑ์ตามแบบ ผด\.๐๒/๑ \(\S+ รายการ\) \S+)?"
    for block01, block02 in zip(pd01.split("รวมยุทธศาสตร์ที่")[:6], re.split(ends02, pd02)[:6], strict=True):
        lines01 = {name: (count, budget) for name, count, budget in re.findall(programme01, block01)}
        lines02 = {name: (count, budget) for name, count, budget in re.findall(programme02, block02)}  # last: with ผด.02/1
        assert lines02 and set(lines02) <= set(lines01)
        assert lines02 == {name: lines01[name] for name in lines02}
        compared += len(lines02)
    assert compared == 13  # every แผนงาน block of ผด.02


WORDS = "ฟื้นฟูสิ่งแวดล้อม รวมทั้งสิ้น ดำเนินงาน ที่ได้ ผู้สูงอายุ ญี่ปุ่น ทั้งหมด น้ำ ผู้ใหญ่ พัฒนาท้องถิ่น"


@pytest.mark.parametrize("weight, style", [(400, "normal"), (400, "italic"), (600, "normal"), (700, "normal")])
def test_every_weight_copies_its_thai_as_typed(weight, style):
    from lib import pdf

    html = f'<p style="font-weight: {weight}; font-style: {style}; font-size: 13pt">{WORDS}</p>'
    data = pdf.render(f"<html><body>{html}</body></html>", plan_pdf.roots(), plan_pdf.stylesheet()).pdf
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    names = {
        (400, "normal"): "Sarabun",
        (400, "italic"): "Sarabun-Italic",
        (600, "normal"): "Sarabun-Semi-Bold",
        (700, "normal"): "Sarabun-Bold",
    }
    embedded = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
    assert embedded == [names[weight, style]]  # the weight asked for, not a synthesised one
    # In content order every character comes out as typed (pdftotext may add a space beside a stacked mark).
    assert re.sub(r"\s", "", text_of(data)) == re.sub(r"\s", "", WORDS)
