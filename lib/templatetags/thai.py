"""Template filters for Thai digits, amounts and Buddhist-Era dates (loaded as builtins).

Every filter takes the organisation's digit style as its argument: `{{ amount|baht:digit_style }}`.
"""

import datetime as dt

from django import template
from django.utils import timezone

from lib import thai

register = template.Library()


@register.filter
def digits(value, style=thai.THAI):
    return thai.digits(value, style or thai.THAI)


@register.filter
def baht(value, style=thai.THAI):
    return thai.format_amount(value, style or thai.THAI)


@register.filter
def num(value, style=thai.THAI):
    return thai.format_number(value, style or thai.THAI)


def _as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def thaidate(value, style=thai.THAI):
    return thai.format_date(_as_date(value), style or thai.THAI)


@register.filter
def thaidate_short(value, style=thai.THAI):
    return thai.format_date(_as_date(value), style or thai.THAI, short=True)


@register.filter
def thaidatetime(value, style=thai.THAI):
    """'25 พ.ย. 2569 14:05 น.' for history and audit lines."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return thai.digits(f"{thai.format_date(local.date(), thai.ARABIC, short=True)} {local:%H:%M} น.", style or thai.THAI)


@register.filter
def months_text(mask, fiscal_year=None):
    return thai.describe_months(mask or 0, fiscal_year)
