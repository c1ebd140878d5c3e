"""Reading the spreadsheets staff keep: header matching, file sniffing, amounts."""

import io

import pytest
from openpyxl import Workbook

from lib.spreadsheets import NotASpreadsheet, header_key, read_table


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_month_loses_its_year_but_a_budget_year_column_keeps_it():
    assert header_key("ต.ค. 69") == header_key("ต.ค.") == header_key("ตุลาคม ๒๕๖๙") != header_key("ต.ค.") + "x"
    assert header_key("ตุลาคม 2569") == "ตค"
    assert header_key("งบประมาณ 2569") != header_key("งบประมาณ 2570")
    assert header_key(" งบประมาณ  (บาท) ") == header_key("งบประมาณ(บาท)")


def test_a_header_with_a_year_stands_for_the_wanted_one_when_it_is_missing():
    table = read_table(
        xlsx([["ชื่อโครงการ", "งบประมาณ 2570 (บาท)"], ["โครงการ ก", "1,000"]]), ["โครงการ", "งบประมาณ (บาท)"], {"โครงการ": ["ชื่อโครงการ"]}
    )
    assert table.rows[0].get("โครงการ") == "โครงการ ก" and table.rows[0].get("งบประมาณ (บาท)") == "1,000"


def test_title_rows_above_the_header_are_skipped_and_thai_digits_read():
    table = read_table('แผนการดำเนินงาน\n\nโครงการ,งบประมาณ (บาท)\nก,"๑๒,๕๐๐.๕๐"\n'.encode(), ["โครงการ", "งบประมาณ (บาท)"])
    assert table.header_row == 3
    errors = []
    assert str(table.rows[0].amount("งบประมาณ (บาท)", lambda column, message: errors.append(message))) == "12500.50" and not errors


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.7 ...", "ไม่ใช่ตาราง"), (b"PK\x03\x04garbage", "ไม่ใช่ตาราง"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls รุ่นเก่า"),
     ("ก,ข\n1,2\n".encode(), "ไม่พบแถวหัวตาราง")],
)  # fmt: skip
def test_files_that_are_not_the_table_are_refused_in_thai(content, message):
    with pytest.raises(NotASpreadsheet, match=message):
        read_table(content, ["โครงการ", "งบประมาณ (บาท)"])


# --- what a file may make the server do ------------------------------------------------------------------


def xlsx_with(shared_strings: bytes | None = None, sheet: bytes | None = None) -> bytes:
    """A real workbook with one part swapped for a hostile one."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx([["โครงการ", "งบประมาณ (บาท)"], ["ก", "1"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml" and sheet is not None:
                data = sheet
            target.writestr(item, data)
        if shared_strings is not None:
            target.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def test_a_workbook_that_expands_far_beyond_its_size_is_refused_before_it_is_parsed():
    bomb = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + b"A" * (60 * 1024 * 1024) + b"</t></si></sst>"
    )
    content = xlsx_with(shared_strings=bomb)
    assert len(content) < 1024 * 1024  # a small upload
    with pytest.raises(NotASpreadsheet, match="เมื่อขยายออก.*เพื่อไม่ให้เครื่องแม่ข่ายทำงานหนัก"):
        read_table(content, ["โครงการ", "งบประมาณ (บาท)"])


def test_a_sheet_of_millions_of_cells_is_refused_by_counting_them_not_by_parsing_them():
    import time

    row = b"".join(b'<c r="A%d"><v>1</v></c>' % i for i in range(2_000))
    rows = b"".join(b'<row r="%d">' % r + row + b"</row>" for r in range(1, 600))
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>"
    content = xlsx_with(sheet=sheet)
    started = time.perf_counter()
    with pytest.raises(NotASpreadsheet, match="ช่องตารางเกิน 1,000,000 ช่อง"):
        read_table(content, ["โครงการ", "งบประมาณ (บาท)"])
    assert time.perf_counter() - started < 5


def test_only_the_first_columns_are_read_and_the_sheet_says_so():
    from lib.spreadsheets import MAX_COLUMNS, read_sheets

    [sheet] = read_sheets(xlsx([["โครงการ", *range(100)], ["ก", *range(100)]]))
    assert len(sheet.rows[0]) == MAX_COLUMNS and sheet.columns_cut == 101 - MAX_COLUMNS


def test_an_entity_bomb_is_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        b'<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
    )
    with pytest.raises(NotASpreadsheet, match="เปิดไฟล์ Excel นี้ไม่ได้"):
        read_table(xlsx_with(sheet=bomb), ["โครงการ", "งบประมาณ (บาท)"])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_text_as_excel_saves_it_is_read(encoding):
    text = "โครงการ\tงบประมาณ (บาท)\nโครงการถนน\t๑๒,๕๐๐\n"
    content = ("\ufeff" + text).encode("utf-16-le") if encoding == "utf-16-le" else text.encode("utf-16")
    table = read_table(content, ["โครงการ", "งบประมาณ (บาท)"])
    assert table.rows[0].get("โครงการ") == "โครงการถนน" and table.rows[0].get("งบประมาณ (บาท)") == "12,500"


def test_the_apostrophe_an_export_put_before_a_formula_like_cell_is_removed():
    from lib.spreadsheets import unneutralise

    assert unneutralise("'-1+1") == "-1+1" and unneutralise("'-") == "-" and unneutralise("'=SUM(A1)") == "=SUM(A1)"
    assert unneutralise("'ตัวอย่าง") == "'ตัวอย่าง" and unneutralise("'") == "'" and unneutralise(5) == 5
    table = read_table("โครงการ,สถานที่\n'-1+1,'-\n".encode(), ["โครงการ", "สถานที่"])
    assert (table.rows[0].get("โครงการ"), table.rows[0].get("สถานที่")) == ("-1+1", "-")


def test_a_two_row_header_is_read_as_one():
    table = read_table(
        xlsx([["ที่", "โครงการ", "งบประมาณ (บาท)", "ระยะเวลา", None], [None, None, None, "ต.ค. 69", "พ.ย. 69"], [1, "ก", "100", "/", ""]]),
        ["โครงการ", "งบประมาณ (บาท)"],
    )
    assert table.header_rows == 2 and table.rows[0].get("ต.ค.") == "/" and table.rows[0].number == 3
