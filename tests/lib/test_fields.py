import datetime as dt
from decimal import Decimal

import pytest
from django import forms

from lib import thai
from lib.fields import AmountField, MonthsField, ThaiDateField


class SampleForm(forms.Form):
    amount = AmountField(label="งบประมาณ")
    day = ThaiDateField(label="วันที่", required=False)
    months = MonthsField(label="เดือน", required=False)


def errors_of(data):
    form = SampleForm(data)
    form.is_valid()
    return form


def test_amounts_with_thai_digits_and_separators_are_accepted():
    form = errors_of({"amount": "๔๕๐,๐๐๐.๕๐"})
    assert form.is_valid()
    assert form.cleaned_data["amount"] == Decimal("450000.50")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-1", "ต้องไม่ติดลบ"),
        ("99,999,999,999", "สูงเกินจริง"),
        ("สองแสน", "ตัวเลข"),
        ("10.555", "ทศนิยม"),
        ("", "ฟิลด์นี้จำเป็น"),
    ],
)
def test_bad_amounts_get_a_thai_message_at_the_field(typed, message):
    form = errors_of({"amount": typed})
    assert message in " ".join(form.errors["amount"])


def test_dates_are_typed_and_shown_in_buddhist_era():
    form = errors_of({"amount": "1", "day": "20/09/2569"})
    assert form.cleaned_data["day"] == dt.date(2026, 9, 20)
    assert 'value="20/09/2569"' in str(SampleForm(initial={"day": dt.date(2026, 9, 20)})["day"])


def test_a_christian_era_year_is_refused_in_thai():
    form = errors_of({"amount": "1", "day": "20/09/2026"})
    assert "พุทธศักราช" in form.errors["day"][0]


def test_months_are_cleaned_to_a_mask():
    form = errors_of({"amount": "1", "months": ["0", "3", "11"]})
    assert form.cleaned_data["months"] == thai.months_to_mask([0, 3, 11])


@pytest.mark.parametrize("month", ["12", "-1", "มกราคม"])
def test_months_outside_the_fiscal_year_are_refused_in_thai(month):
    form = errors_of({"amount": "1", "months": ["1", month]})
    assert form.errors["months"] == ["เลือกได้เฉพาะเดือนในปีงบประมาณ (ต.ค. ถึง ก.ย.)"]


def test_the_month_strip_shows_both_years_and_the_chosen_months():
    form = SampleForm(initial={"months": thai.months_to_mask([0, 4])})
    form.fields["months"].set_fiscal_year(2570, thai.ARABIC)
    html = str(form["months"])
    assert "พ.ศ. 2569" in html and "พ.ศ. 2570" in html
    assert html.count("checked") == 2
    assert html.count('type="checkbox"') == 12
