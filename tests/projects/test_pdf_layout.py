"""The plan PDF as a provincial reviewer reads it, from the real layout (WeasyPrint's boxes): where ผด.02
breaks pages, the header row on every page, rows that continue onto the next page, ผด.01's cells, the
chunk cache and the plan_pdf command."""

import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from weasyprint.formatting_structure import boxes

from lib import pdf, thai
from plans.models import Unit
from projects import pdf as plan_pdf
from projects.document import build_document
from projects.models import Activity
from tests.conftest import programme

pytestmark = pytest.mark.django_db

LONG = (
    "ก่อสร้างถนนคอนกรีตเสริมเหล็ก ผิวจราจรกว้าง 6 เมตร ยาว 1,200 เมตร หนา 0.15 เมตร ไหล่ทางลูกรังกว้างข้างละ 0.50 เมตร "
    "พร้อมวางท่อระบายน้ำขนาด 0.60 เมตร จำนวน 24 จุด บ่อพักทุกระยะ 50 เมตร ติดตั้งป้ายโครงการ 1 ป้าย\n"
) * 12  # about 2,500 characters: three landscape pages in the details column


def add(plan, strategy, code, name, budget="1000", **extra):
    return Activity(plan=plan, strategy=strategy, programme=programme(code), name=name, budget=Decimal(budget), **extra)


def text(box) -> str:
    return "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))


def classes(box) -> str:
    return (box.element.get("class") or "") if box.element is not None else ""


def pd02_pages(plan) -> list[dict]:
    """Each page of ผด.02 as laid out: its heading block (if it starts a block), whether it has the
    table's header row, and its rows as (data-split key, number, name, details)."""
    doc = build_document(plan)
    css, roots = plan_pdf.stylesheet(), plan_pdf.roots()
    pages = []
    for html, _ in plan_pdf.chunks(doc):
        if "pd02-group" not in html:
            continue
        for page in pdf.lay_out(html, roots, css).pages:
            found = {"heading": None, "header": False, "rows": []}
            for box in page._page_box.descendants():
                if "group-heading" in classes(box):
                    found["heading"] = [text(line) for line in box.children]
                if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
                    found["header"] = True
                if isinstance(box, boxes.TableRowBox) and "item" in classes(box):
                    cells = [text(cell) for cell in box.children]
                    found["rows"].append((box.element.get("data-split"), cells[0], cells[1], cells[2]))
            pages.append(found)
    return pages


def groups_of(pages: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for page in pages:
        if page["heading"]:
            groups.append([])
        groups[-1].append(page)
    return groups


def test_every_programme_block_starts_a_page_with_its_heading_and_no_page_but_the_last_holds_fewer_than_three_rows(
    operational_plan, strategies, guidelines
):
    s1, s2 = strategies[1], strategies[2]
    rows = [add(operational_plan, s1, "00310", f"โครงการถนนสายที่ {i}", order=i, guideline=guidelines[1, 1]) for i in range(45)]
    rows += [add(operational_plan, s1, "00240", f"โครงการรางระบายน้ำ {i}", order=i) for i in range(2)]
    rows += [add(operational_plan, s2, "00220", f"โครงการรณรงค์สุขภาพ {i}", order=i, details="ผู้เข้าร่วม 50 คน " * 6) for i in range(31)]
    rows += [add(operational_plan, s2, "00110", f"โครงการอบรมบุคลากร {i}", order=i) for i in range(4)]
    Activity.objects.bulk_create(rows)

    groups = groups_of(pd02_pages(operational_plan))
    headings = [group[0]["heading"] for group in groups]
    assert headings == [  # strategy by number, then แผนงาน by code; the guideline as the organisation numbers it
        ["ยุทธศาสตร์ที่ ๑ การพัฒนาโครงสร้างพื้นฐาน", "แผนงานเคหะและชุมชน"],
        ["ยุทธศาสตร์ที่ ๑ การพัฒนาโครงสร้างพื้นฐาน", "กลยุทธ์/แนวทางการพัฒนา ๑.๑ ก่อสร้างและปรับปรุงถนน", "แผนงานอุตสาหกรรมและการโยธา"],
        ["ยุทธศาสตร์ที่ ๒ การพัฒนาคุณภาพชีวิต", "แผนงานบริหารงานทั่วไป"],
        ["ยุทธศาสตร์ที่ ๒ การพัฒนาคุณภาพชีวิต", "แผนงานสาธารณสุข"],
    ]
    assert [sum(len(page["rows"]) for page in group) for group in groups] == [2, 45, 4, 31]
    assert [len(group) for group in groups][1] >= 2 and [len(group) for group in groups][3] >= 2  # long enough to break
    for group in groups:
        numbers = [row[1] for page in group for row in page["rows"]]
        assert numbers == [thai.thai_digits(n) for n in range(1, len(numbers) + 1)]  # numbered from 1 in each block
        for page in group:
            assert page["header"], "every page of the table has its header row"
        for page in group[:-1]:
            assert len(page["rows"]) >= 3, f"a page of {len(page['rows'])} rows that is not its block's last"


def test_a_long_detail_continues_on_pages_with_the_header_and_its_number_and_name_marked_continued(operational_plan, strategies):
    s1 = strategies[1]
    rows = [add(operational_plan, s1, "00310", f"โครงการถนนสายที่ {i}", order=i) for i in range(6)]
    rows.append(add(operational_plan, s1, "00310", "โครงการถนนสายหลัก 5G", order=6, details=LONG))
    rows += [add(operational_plan, s1, "00310", f"โครงการซ่อมถนน {i}", order=7 + i) for i in range(3)]
    rows.append(add(operational_plan, s1, "00310", "โครงการถนนสายรอง", order=10, details=LONG + "ปลายทาง"))
    Activity.objects.bulk_create(rows)
    long_pk = str(Activity.objects.get(details=LONG).pk)
    second_pk = str(Activity.objects.get(name="โครงการถนนสายรอง").pk)

    pages = pd02_pages(operational_plan)
    pieces = [(index, row) for index, page in enumerate(pages) for row in page["rows"] if row[0].split(".")[0] == long_pk]
    on_pages = [index for index, _ in pieces]
    assert len(set(on_pages)) >= 3 and on_pages == sorted(set(on_pages)), "one piece a page, on consecutive pages"
    assert on_pages[0] == 0, "the first piece fills the page it starts on"
    first, *rest = [row for _, row in pieces]
    assert (first[1], first[2]) == ("๗", "โครงการถนนสายหลัก 5G")  # a Latin code keeps its digits as typed
    for row in rest:
        assert (row[1], re.sub(r"\s", "", row[2])) == ("๗", "โครงการถนนสายหลัก5G(ต่อ)")
    for index in on_pages:
        assert pages[index]["header"]
    # Nothing lost or repeated where the detail was cut.
    printed = "".join(row[3] for _, row in pieces)
    assert re.sub(r"\s", "", printed) == re.sub(r"\s", "", thai.thai_digits(LONG))
    assert len(pages[0]["rows"]) == 7  # six rows and the start of the long one
    # A second long row after it, measured after the first was cut: one piece a page, each but the last full.
    second = [(index, row) for index, page in enumerate(pages) for row in page["rows"] if row[0].split(".")[0] == second_pk]
    second_pages = [index for index, _ in second]
    assert second_pages == list(range(second_pages[0], second_pages[0] + len(second_pages))) and len(second_pages) >= 3
    for _, row in second[1:-1]:
        assert len(re.sub(r"\s", "", row[3])) > 700, "a continuation page holds a full page of the detail"
    assert re.sub(r"\s", "", "".join(row[3] for _, row in second)) == re.sub(r"\s", "", thai.thai_digits(LONG + "ปลายทาง"))


def test_pd01_is_landscape_its_headings_break_between_words_and_no_number_overflows(operational_plan, strategies, org):
    units = [Unit.objects.create(organisation=org, name=f"กองที่ {i}", order=i) for i in range(1, 13)]
    rows = [
        add(operational_plan, strategies[1], "00310", f"โครงการที่ {i}", budget="999999999.99", unit=units[i % 12], order=i)
        for i in range(24)
    ]
    Activity.objects.bulk_create(rows)
    doc = build_document(operational_plan)
    html = next(html for html, _ in plan_pdf.chunks(doc) if 'id="pd01"' in html)
    document = pdf.lay_out(html, plan_pdf.roots(), plan_pdf.stylesheet())
    page = document.pages[0]
    assert page.width > page.height  # landscape
    phrases = {
        "ยุทธศาสตร์/แผนงาน", "จำนวนโครงการ", "ที่ดำเนินการ", "คิดเป็นร้อยละของ", "โครงการทั้งหมด", "จำนวนงบประมาณ", "(บาท)",
        "งบประมาณทั้งหมด", "หน่วยงาน", "รับผิดชอบหลัก",
    }  # fmt: skip
    phrase = "|".join(map(re.escape, phrases))
    whole = re.compile(f"(?:{phrase})(?: ?(?:{phrase}))*")  # a line is whole phrases, never part of one
    header_cells, number_cells, total_rows = [], [], []
    for box in page._page_box.descendants():
        if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
            header_cells = [cell for row in box.children for cell in row.children]
        if isinstance(box, boxes.TableCellBox) and "num" in classes(box):
            number_cells.append(box)
        if isinstance(box, boxes.TableRowBox) and "subtotal" in classes(box):
            total_rows.append([text(cell) for cell in box.children])
    assert [text(cell) for cell in header_cells][-1] == "หน่วยงานรับผิดชอบหลัก"
    for cell in header_cells:
        for line in (b for b in cell.descendants() if isinstance(b, boxes.LineBox)):
            assert whole.fullmatch(text(line).strip()), f"heading broken inside a word: {text(line)!r}"
            assert line.width <= cell.width + 0.01
    assert "๒๓,๙๙๙,๙๙๙,๙๙๙.๗๖" in [text(cell) for cell in number_cells]
    for cell in number_cells:
        lines = [b for b in cell.children if isinstance(b, boxes.LineBox)]
        assert len(lines) == 1 and lines[0].width <= cell.width + 0.01, f"{text(cell)} overflows its cell"
    assert total_rows and all(row[-1] == "" for row in total_rows)  # a total row names no list of units
    programme_line = doc.summary[0].programmes[0]
    assert len(programme_line.units.split(", ")) == 12  # … while its แผนงาน line names them all


def test_after_one_edit_only_its_chunk_renders_again_and_an_unchanged_plan_renders_nothing(operational_plan, strategies, monkeypatch):
    s1, s2 = strategies[1], strategies[2]
    rows = [add(operational_plan, s1, "00310", f"โครงการถนนสายที่ {i}", order=i) for i in range(3)]
    rows += [add(operational_plan, s2, "00220", f"โครงการรณรงค์สุขภาพ {i}", order=i) for i in range(3)]
    Activity.objects.bulk_create(rows)
    rendered: list[int] = []
    real = pdf._render_many
    monkeypatch.setattr(pdf, "_render_many", lambda jobs, *args, **kwargs: rendered.append(len(jobs)) or real(jobs, *args, **kwargs))

    first = plan_pdf.render_plan_pdf(operational_plan)
    chunks = len(plan_pdf.chunks(build_document(operational_plan)))
    assert sum(rendered) == chunks + 2  # every chunk, then the cover and the page numbers
    rendered.clear()
    assert plan_pdf.render_plan_pdf(operational_plan) == first
    assert rendered == []  # nothing changed: the whole PDF from the cache
    activity = operational_plan.activities.get(name="โครงการรณรงค์สุขภาพ 1")
    activity.details = "ผู้เข้าร่วม 60 คน"
    activity.save()
    edited = plan_pdf.render_plan_pdf(operational_plan)
    assert rendered == [1]  # its chunk alone: the cover and the page numbers are the same as before
    assert "ผู้เข้าร่วม ๖๐ คน" in pdf_text(edited) and edited != first


def pdf_text(data: bytes) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_the_plan_pdf_command_writes_the_plan_and_says_what_is_wrong(operational_plan, strategies, org, tmp_path):
    Activity.objects.bulk_create([add(operational_plan, strategies[1], "00310", "โครงการถนนสายแรก")])
    out = tmp_path / "plan.pdf"
    call_command("plan_pdf", str(out), organisation=org.code, year=2570)
    assert out.read_bytes().startswith(b"%PDF-") and "โครงการถนนสายแรก" in pdf_text(out.read_bytes())
    with pytest.raises(CommandError, match="ไม่พบแผนการดำเนินงานปี 2570 ฉบับ additional-1"):
        call_command("plan_pdf", str(out), organisation=org.code, year=2570, edition="additional-1")
    with pytest.raises(CommandError, match="ฉบับต้องเป็น"):
        call_command("plan_pdf", str(out), organisation=org.code, year=2570, edition="extra")
    with pytest.raises(CommandError, match="ไม่พบ อปท. รหัส 0000000"):
        call_command("plan_pdf", str(out), organisation="0000000", year=2570)
    with pytest.raises(CommandError, match=r"\.pdf"):
        call_command("plan_pdf", str(tmp_path / "plan.txt"), organisation=org.code, year=2570)
