import datetime as dt
from decimal import Decimal

import pytest

from lib import thai


def test_digits_convert_both_ways():
    assert thai.thai_digits("พ.ศ. 2570 งบ 1,234.50") == "พ.ศ. ๒๕๗๐ งบ ๑,๒๓๔.๕๐"
    assert thai.arabic_digits("๒๕๗๐") == "2570"
    assert thai.digits(2570, thai.ARABIC) == "2570"
    assert thai.digits(2570, thai.THAI) == "๒๕๗๐"


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("โครงการ 3R หมู่ที่ 5", "โครงการ 3R หมู่ที่ ๕"),
        ("ป้องกัน COVID-19 ปี 2570", "ป้องกัน COVID-19 ปี ๒๕๗๐"),
        ("เสาสัญญาณ 5G กระดาษ A4 จำนวน 1,200 รีม", "เสาสัญญาณ 5G กระดาษ A4 จำนวน ๑,๒๐๐ รีม"),
        ("ถนนกว้าง 5 เมตร หนา 0.15 เมตร ขนาด 5x300", "ถนนกว้าง ๕ เมตร หนา ๐.๑๕ เมตร ขนาด ๕x๓๐๐"),
        ("กองช่าง 2 (ถนน 12 สาย)", "กองช่าง ๒ (ถนน ๑๒ สาย)"),
        ("หมู่ที่5บ้านนา ม.1", "หมู่ที่๕บ้านนา ม.๑"),
        ("ISO9001 และ ISO 9001", "ISO9001 และ ISO ๙๐๐๑"),
    ],
)
def test_one_digit_rule_numbers_in_the_style_latin_codes_as_typed(typed, printed):
    assert thai.digits(typed, thai.THAI) == printed
    assert thai.digits(printed, thai.ARABIC) == typed  # the Arabic style: every digit Arabic


def test_buddhist_era_years():
    assert thai.be_year(2026) == 2569
    assert thai.ce_year(2570) == 2027


@pytest.mark.parametrize(
    "day, fiscal_year",
    [
        (dt.date(2026, 9, 30), 2569),
        (dt.date(2026, 10, 1), 2570),
        (dt.date(2026, 12, 31), 2570),
        (dt.date(2027, 1, 1), 2570),
        (dt.date(2027, 9, 30), 2570),
    ],
)
def test_fiscal_year_starts_in_october(day, fiscal_year):
    assert thai.fiscal_year_of(day) == fiscal_year


def test_fiscal_period_runs_from_october_to_september():
    assert thai.fiscal_period(2570) == (dt.date(2026, 10, 1), dt.date(2027, 9, 30))


def test_fiscal_months_run_from_october_to_september():
    assert [thai.fiscal_month_abbr(i) for i in range(12)] == [
        "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
    ]  # fmt: skip
    assert thai.fiscal_month_index(10) == 0
    assert thai.fiscal_month_index(9) == 11


def test_october_to_december_belong_to_the_year_before_the_fiscal_year():
    assert [thai.fiscal_month_be_year(2570, i) for i in range(12)] == [2569] * 3 + [2570] * 9


def test_month_index_out_of_range_is_refused():
    with pytest.raises(ValueError):
        thai.fiscal_month_be_year(2570, 12)
    with pytest.raises(ValueError):
        thai.months_to_mask([12])
    with pytest.raises(ValueError):
        thai.fiscal_month_index(13)


def test_month_mask_round_trip_and_spans():
    mask = thai.months_to_mask([0, 1, 2, 5])
    assert thai.mask_to_months(mask) == [0, 1, 2, 5]
    assert thai.month_spans(mask) == [(0, 3), (5, 1)]
    assert thai.describe_months(mask, 2570) == "ต.ค.–ธ.ค. 2569, มี.ค. 2570"
    assert thai.describe_months(0) == ""


def test_dates_format_in_buddhist_era():
    day = dt.date(2026, 11, 25)
    assert thai.format_date(day) == "๒๕ พฤศจิกายน ๒๕๖๙"
    assert thai.format_date(day, thai.ARABIC) == "25 พฤศจิกายน 2569"
    assert thai.format_date(day, thai.ARABIC, short=True) == "25 พ.ย. 2569"
    assert thai.format_date_numeric(day) == "25/11/2569"


@pytest.mark.parametrize("text", ["25/11/2569", "๒๕/๑๑/๒๕๖๙", "25-11-2569", "25 พฤศจิกายน 2569", "25 พ.ย. 2569", " 25 / 11 / 2569 "])
def test_dates_typed_in_buddhist_era_are_read(text):
    assert thai.parse_date(text) == dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    "text, message",
    [
        ("25/11/2026", "พุทธศักราช"),
        ("31/02/2570", "ไม่มีวันที่นี้"),
        ("พรุ่งนี้", "รูปแบบ"),
        ("25 ธันวา 2569", "ไม่รู้จักชื่อเดือน"),
    ],
)
def test_bad_dates_get_a_thai_message(text, message):
    with pytest.raises(ValueError, match=message):
        thai.parse_date(text)


def test_amounts_format_with_separators_in_the_digit_style():
    assert thai.format_amount(Decimal("1234567.5")) == "๑,๒๓๔,๕๖๗.๕๐"
    assert thai.format_amount(Decimal("1234567.5"), thai.ARABIC) == "1,234,567.50"
    assert thai.format_number(1234, thai.ARABIC) == "1,234"


@pytest.mark.parametrize(
    "text, amount",
    [("1,234.50", "1234.50"), ("๑,๒๓๔.๕๐", "1234.50"), ("150000", "150000"), ("1 500 บาท", "1500"), ("2,000บาท", "2000"), ("-5", "-5")],
)
def test_amounts_typed_by_people_are_read(text, amount):
    assert thai.parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "หนึ่งแสน", "1,2a", "1.2.3"])
def test_amounts_that_are_not_numbers_get_a_thai_message(text):
    with pytest.raises(ValueError, match="ตัวเลข"):
        thai.parse_amount(text)
