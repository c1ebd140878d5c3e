"""Rendering one cell of a staff list from its Column declaration (plans.crud.Column)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from lib import thai

register = template.Library()


def resolve(obj, attr: str):
    value = obj
    for part in attr.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return None
    return value


def month_bar(mask: int, style: str = thai.THAI):
    cells = format_html_join(
        "",
        '<span class="mb-cell{}" title="{}"></span>',
        ((" on" if mask & (1 << i) else "", thai.fiscal_month_abbr(i)) for i in range(12)),
    )
    text = thai.describe_months(mask) or "ยังไม่ระบุเดือน"
    return format_html('<span class="month-bar" role="img" aria-label="{}">{}</span>', text, cells)


def format_cell(value, kind: str, style: str):
    if value is None or value == "":
        return "—" if kind != "months" else month_bar(0, style)
    if kind == "amount":
        return thai.format_amount(value, style)
    if kind == "number":
        return thai.format_number(value, style)
    if kind == "year":
        return thai.digits(value, style)
    if kind == "date":
        return thai.format_date(value, style, short=True)
    if kind == "months":
        return month_bar(value, style)
    if kind == "bool":
        return "ใช่" if value else "—"
    return str(value)


@register.simple_tag(takes_context=True)
def cell(context, obj, column, records):
    style = context.get("digit_style", thai.THAI)
    shown = format_cell(resolve(obj, column.attr), column.kind, style)
    if not column.link:
        return format_html("{}", shown)
    if isinstance(column.link, str):
        url = reverse(column.link, args=[obj.pk])
    elif hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url()
    else:
        url = reverse(f"{records.app}:{records.name()}_update", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, shown)


@register.simple_tag
def record_url(records, action: str, obj):
    return reverse(f"{records.app}:{records.name()}_{action}", args=[obj.pk])


@register.filter
def months_bar(mask, style=thai.THAI):
    return month_bar(mask or 0, style)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def budget_in(project, year):
    """A development-plan project's budget for one year, from its prefetched budgets."""
    return project.budget_for(year)
