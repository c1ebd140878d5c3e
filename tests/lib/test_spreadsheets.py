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
