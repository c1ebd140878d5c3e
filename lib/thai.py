"""The one place that converts Thai digits, Buddhist-Era years, fiscal months and Thai dates.

Years in the domain are Buddhist Era (BE) integers; dates are real `datetime.date`s. Fiscal year N
(BE) runs from 1 October N-1 to 30 September N. Fiscal months are indexed 0..11 from ต.ค. to ก.ย.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

BE_OFFSET = 543

THAI = "thai"
ARABIC = "arabic"
DIGIT_STYLES = ((THAI, "เลขไทย (๑๒๓)"), (ARABIC, "เลขอารบิก (123)"))

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

MONTH_NAMES = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTH_ABBRS = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

# Calendar month numbers in fiscal order: ต.ค. พ.ย. ธ.ค. ม.ค. ... ก.ย.
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
ALL_MONTHS_MASK = (1 << 12) - 1


# --- digits -------------------------------------------------------------------------------------


def thai_digits(text: object) -> str:
    return str(text).translate(_TO_THAI)


def arabic_digits(text: object) -> str:
    return str(text).translate(_TO_ARABIC)


# A Latin word or code with digits in it ("COVID-19", "5G", "A4", "3R", "ISO9001"): its digits are
# part of its spelling and stay as typed. A dimension ("5x300") is numbers, not a word.
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-_/][A-Za-z0-9]+)*")
_LETTER = re.compile(r"[A-Za-z]")
_DIMENSION = re.compile(r"[0-9]+(?:[xX][0-9]+)+")


def _thai_number(match: re.Match) -> str:
    token = match[0]
    if _LETTER.search(token) and not _DIMENSION.fullmatch(token):
        return token
    return token.translate(_TO_THAI)


def digits(text: object, style: str = THAI) -> str:
    """The one digit rule for everything printed, user text included: numbers in the organisation's
    digit style; digits that belong to a Latin word or code ("COVID-19", "5G", "A4") stay as typed."""
    if style != THAI:
        return arabic_digits(text)
    return _LATIN_TOKEN.sub(_thai_number, str(text))


# --- years --------------------------------------------------------------------------------------


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be_year_: int) -> int:
    return be_year_ - BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """The BE fiscal year a date falls in (October starts the next fiscal year)."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_period(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of BE fiscal year N: 1 October N-1 to 30 September N."""
    year = ce_year(fiscal_year)
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


# --- fiscal months ------------------------------------------------------------------------------


def fiscal_month_index(month: int) -> int:
    """0 for October ... 11 for September."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return FISCAL_MONTHS.index(month)


def fiscal_month_be_year(fiscal_year: int, index: int) -> int:
    """The BE calendar year of fiscal month `index` of fiscal year N (ต.ค.–ธ.ค. belong to N-1)."""
    if not 0 <= index <= 11:
        raise ValueError(f"fiscal month index out of range: {index}")
    return fiscal_year - 1 if index < 3 else fiscal_year


def fiscal_month_abbr(index: int) -> str:
    return MONTH_ABBRS[FISCAL_MONTHS[index] - 1]


def fiscal_month_choices() -> list[tuple[int, str]]:
    return [(i, fiscal_month_abbr(i)) for i in range(12)]


def months_to_mask(indexes: object) -> int:
    mask = 0
    for index in indexes:  # type: ignore[attr-defined]
        index = int(index)
        if not 0 <= index <= 11:
            raise ValueError(f"fiscal month index out of range: {index}")
        mask |= 1 << index
    return mask


def mask_to_months(mask: int) -> list[int]:
    return [i for i in range(12) if mask & (1 << i)]


def month_spans(mask: int) -> list[tuple[int, int]]:
    """Runs of consecutive active months as (first index, length): the bars of the ผด.02 chart."""
    spans: list[tuple[int, int]] = []
    for i in mask_to_months(mask):
        if spans and spans[-1][0] + spans[-1][1] == i:
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
        else:
            spans.append((i, 1))
    return spans


def describe_months(mask: int, fiscal_year: int | None = None) -> str:
    """Human-readable months, e.g. 'ต.ค.–ธ.ค. 2569, ก.พ. 2570'."""
    parts = []
    for first, length in month_spans(mask):
        last = first + length - 1
        text = fiscal_month_abbr(first) if length == 1 else f"{fiscal_month_abbr(first)}–{fiscal_month_abbr(last)}"
        if fiscal_year is not None:
            text += f" {fiscal_month_be_year(fiscal_year, last)}"
        parts.append(text)
    return ", ".join(parts)


# --- dates --------------------------------------------------------------------------------------


def format_date(day: dt.date | None, style: str = THAI, short: bool = False) -> str:
    """'25 พฤศจิกายน 2569' (or '25 พ.ย. 2569' when short), in the given digit style."""
    if day is None:
        return ""
    month = MONTH_ABBRS[day.month - 1] if short else MONTH_NAMES[day.month - 1]
    return digits(f"{day.day} {month} {be_year(day.year)}", style)


def format_date_numeric(day: dt.date | None) -> str:
    """'25/11/2569': the form that date inputs show and accept."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{be_year(day.year)}"


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_WORDED_DATE = re.compile(r"^\s*(\d{1,2})\s+(\S+)\s+(?:พ\.ศ\.\s*)?(\d{4})\s*$")


def parse_date(text: str) -> dt.date:
    """Read a BE date typed by a person: '25/11/2569', '๒๕/๑๑/๒๕๖๙', '25 พฤศจิกายน 2569', '25 พ.ย. 2569'.

    Raises ValueError with a Thai message when the text is not a real date.
    """
    text = arabic_digits(text or "")
    match = _NUMERIC_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _WORDED_DATE.match(text)
        if not match:
            raise ValueError("กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป (พ.ศ.) เช่น 25/11/2569")
        day, year = int(match.group(1)), int(match.group(3))
        name = match.group(2)
        if name in MONTH_NAMES:
            month = MONTH_NAMES.index(name) + 1
        elif name in MONTH_ABBRS:
            month = MONTH_ABBRS.index(name) + 1
        else:
            raise ValueError(f"ไม่รู้จักชื่อเดือน “{name}”")
    if not 2400 <= year <= 2700:
        raise ValueError("กรุณากรอกปีเป็นพุทธศักราช (พ.ศ.) เช่น 2569")
    try:
        return dt.date(ce_year(year), month, day)
    except ValueError:
        raise ValueError("ไม่มีวันที่นี้ในปฏิทิน กรุณาตรวจสอบวัน เดือน ปี") from None


# --- amounts ------------------------------------------------------------------------------------


def format_amount(value: Decimal | int | None, style: str = THAI, places: int = 2) -> str:
    """Thousands separators and fixed decimals: 1,234,567.00 (or ๑,๒๓๔,๕๖๗.๐๐)."""
    if value is None:
        return ""
    text = f"{Decimal(value):,.{places}f}"
    return thai_digits(text) if style == THAI else text


def format_number(value: int | None, style: str = THAI) -> str:
    if value is None:
        return ""
    return thai_digits(f"{value:,}") if style == THAI else arabic_digits(f"{value:,}")


_AMOUNT_SEPARATORS = re.compile(r"[,\s\u00a0]")


def parse_amount(text: object) -> Decimal:
    """Read an amount typed by a person: '1,234.50', '๑,๒๓๔.๕๐', '1 234 บาท'.

    Raises ValueError with a Thai message when it is not a number.
    """
    if isinstance(text, Decimal):
        return text
    if isinstance(text, (int, float)):
        return Decimal(str(text))
    cleaned = arabic_digits(str(text or "")).strip()
    cleaned = cleaned.removesuffix("บาท").strip()
    cleaned = _AMOUNT_SEPARATORS.sub("", cleaned)
    if not cleaned or not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError("กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 150,000 หรือ 150000.50")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("กรุณากรอกจำนวนเงินเป็นตัวเลข") from None
