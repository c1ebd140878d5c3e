"""Form fields that speak Thai: Buddhist-Era dates and years, amounts with Thai digits, the 12-month strip."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from lib import thai


class ThaiDateInput(forms.TextInput):
    template_name = "includes/widgets/thai_date.html"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "วว/ดด/ปปปป เช่น 25/11/2569", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if hasattr(value, "year"):
            return thai.format_date_numeric(value)
        return value


class ThaiDateField(forms.DateField):
    """A date typed in the Buddhist Era (25/11/2569), stored as a real date."""

    widget = ThaiDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return thai.parse_date(str(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class AmountInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "class": "text-end", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int)):
            return thai.format_amount(value, thai.ARABIC)
        return value


class AmountField(forms.DecimalField):
    """Baht: accepts Thai digits, thousands separators and a trailing 'บาท'; refuses negative or absurd amounts."""

    widget = AmountInput

    def __init__(self, *, max_amount: Decimal = Decimal("9999999999.99"), **kwargs):
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.max_amount = max_amount
        self.validators = []  # the checks below say it in Thai, with the limit written out

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            amount = thai.parse_amount(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
        if amount < 0:
            raise ValidationError("จำนวนเงินต้องไม่ติดลบ", code="negative")
        if amount > self.max_amount:
            raise ValidationError(
                f"จำนวนเงินสูงเกินจริง (เกิน {thai.format_amount(self.max_amount, thai.ARABIC)} บาท) กรุณาตรวจสอบจำนวนหลัก",
                code="absurd",
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError("จำนวนเงินมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง (สตางค์)", code="decimals")
        return amount

    def validate(self, value):
        forms.Field.validate(self, value)


class MonthStripWidget(forms.SelectMultiple):
    """Twelve toggles, ต.ค. … ก.ย., under the two BE years they belong to. No script needed.

    A SelectMultiple (posted as a list) with its own template: form renderers such as crispy
    lay out a CheckboxSelectMultiple their own way, which would lose the strip.
    """

    template_name = "includes/widgets/month_strip.html"
    fiscal_year: int | None = None
    digit_style: str = thai.THAI

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        selected = {str(v) for v in (value or [])}
        year = self.fiscal_year
        context["widget"]["months"] = [
            {"index": i, "label": thai.fiscal_month_abbr(i), "checked": str(i) in selected, "id": f"{attrs.get('id', name)}_{i}"}
            for i in range(12)
        ]
        context["widget"]["years"] = (thai.digits(year - 1, self.digit_style), thai.digits(year, self.digit_style)) if year else None
        return context

    def format_value(self, value):
        if isinstance(value, int):
            return [str(i) for i in thai.mask_to_months(value)]
        return super().format_value(value)


class MonthsField(forms.MultipleChoiceField):
    """The fiscal months an activity runs in, cleaned to the 12-bit mask the model stores."""

    widget = MonthStripWidget
    default_error_messages = {
        "invalid_choice": "เลือกได้เฉพาะเดือนในปีงบประมาณ (ต.ค. ถึง ก.ย.)",
        "invalid_list": "เลือกได้เฉพาะเดือนในปีงบประมาณ (ต.ค. ถึง ก.ย.)",
        "required": "กรุณาเลือกเดือนที่ดำเนินการอย่างน้อยหนึ่งเดือน",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(str(i), label) for i, label in thai.fiscal_month_choices()])
        super().__init__(**kwargs)

    def set_fiscal_year(self, fiscal_year: int, digit_style: str = thai.THAI) -> None:
        self.widget.fiscal_year = fiscal_year
        self.widget.digit_style = digit_style

    def prepare_value(self, value):
        if isinstance(value, int):
            return [str(i) for i in thai.mask_to_months(value)]
        return value

    def clean(self, value):
        chosen = super().clean(value)
        return thai.months_to_mask(chosen)

    def has_changed(self, initial, data):
        return set(self.prepare_value(initial) or []) != set(self.prepare_value(data) or [])


BE_YEAR_MIN, BE_YEAR_MAX = 2500, 2700


def clean_be_year(value: int | None) -> int | None:
    if value is not None and not BE_YEAR_MIN <= value <= BE_YEAR_MAX:
        raise ValidationError("กรุณากรอกปีเป็นพุทธศักราช (พ.ศ.) เช่น 2570")
    return value


class BEYearField(forms.IntegerField):
    """A Buddhist-Era year; Thai digits are accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "เช่น 2570"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = thai.arabic_digits(value).strip() if isinstance(value, str) else value
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        clean_be_year(value)
