"""The plan's activities as spreadsheets (CSV, Excel) in the ผด.02 layout staff already use, and as JSON.

The columns are the official ones, then the extra ones the official layout has no column for, so
that an export can be imported back into the same data; the last, รหัสอ้างอิง, is each activity's
lasting key, so that importing an edited export updates those same activities in place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lib import thai
from lib.workbooks import csv_bytes, workbook_bytes
from projects.document import PlanDocument
from projects.models import Activity
from projects.snapshot import frozen

if TYPE_CHECKING:
    from plans.words import Words

MONTH_HEADERS = [thai.fiscal_month_abbr(i) for i in range(12)]
KEY_HEADER = "รหัสอ้างอิง"  # the activity's lasting key: importing an edited export updates the same activities
HEADERS = [
    "ยุทธศาสตร์", "แผนงาน", "โครงการ", "รายละเอียดของกิจกรรม", "งบประมาณ (บาท)", "สถานที่ดำเนินการ", "หน่วยงานรับผิดชอบหลัก",
    *MONTH_HEADERS,
    "แนวทางการพัฒนา", "หมู่ที่", "หน่วยงานอื่น", "ครุภัณฑ์", "ประเภทครุภัณฑ์", KEY_HEADER,
]  # fmt: skip
MARK = "✓"


def activity_row(activity: Activity) -> list:
    months = [MARK if activity.months & (1 << i) else "" for i in range(12)]
    return [
        f"ยุทธศาสตร์ที่ {activity.strategy.number} {activity.strategy.name}",
        activity.programme.name,
        activity.name,
        activity.details,
        activity.budget,
        activity.location,
        activity.unit.name if activity.unit else "",
        *months,
        f"{activity.strategy.number}.{activity.guideline.number} {activity.guideline.name}" if activity.guideline else "",
        ", ".join(str(v.number) for v in activity.village_list()),
        activity.other_agency,
        "ใช่" if activity.is_equipment else "",
        activity.item_type if activity.is_equipment else "",
        str(activity.key),
    ]


def rows(activities: list[Activity]) -> list[list]:
    return [activity_row(activity) for activity in activities]


def headers(words: Words | None = None) -> list[str]:
    """The columns, in the organisation's words (a city's "หมู่ที่" column is its "ชุมชนที่")."""
    return [words.speak(header) for header in HEADERS] if words else HEADERS


def to_csv(activities: list[Activity], words: Words | None = None) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Thai text correctly."""
    lines = ([f"{cell:.2f}" if isinstance(cell, Decimal) else cell for cell in row] for row in rows(activities))
    return csv_bytes([headers(words), *lines])


def to_xlsx(activities: list[Activity], title: str, at: dt.datetime | None = None, words: Words | None = None) -> bytes:
    """The ผด.02 workbook; stamped with `at` (an announced plan: when it was announced), so that the
    same rows give the same file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผด.02"
    sheet.append([title])
    sheet.append(headers(words))
    for row in rows(activities):
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    widths = [30, 26, 40, 40, 16, 24, 20] + [5] * 12 + [30, 10, 24, 8, 24, 38]
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=3, min_col=5, max_col=5):
        row[0].number_format = "#,##0.00"
    sheet.freeze_panes = "A3"
    return workbook_bytes(workbook, at)


def to_json(doc: PlanDocument, url: str = "") -> dict:
    """The organisation, the plan and its edition, every activity, and the ผด.01 summary figures."""
    plan, organisation = doc.plan, doc.organisation
    activities = [
        row.activity for groups in (doc.projects, doc.equipment, doc.others) for group in groups for p in group.programmes for row in p.rows
    ]
    return {
        "organisation": {
            "code": organisation.code, "name": organisation.full_name, "type": organisation.get_kind_display(),
            "locality": organisation.words.locality,
            "district": organisation.district, "province": organisation.province,
        },
        "plan": {
            "title": plan.title, "fiscal_year": plan.fiscal_year, "edition": plan.edition_label or "ฉบับประจำปี",
            "edition_kind": plan.edition_kind, "edition_number": plan.edition_number, "status": plan.status, "url": url,
            "period": [day.isoformat() for day in plan.period],
        },
        "summary": {
            "strategies": [
                {
                    "strategy": block.strategy.number, "name": block.strategy.name, "count": block.line.count, "budget": str(block.line.budget),
                    "count_percent": str(block.line.count_pct), "budget_percent": str(block.line.budget_pct),
                    "programmes": [
                        {"name": line.label, "count": line.count, "budget": str(line.budget),
                         "count_percent": str(line.count_pct), "budget_percent": str(line.budget_pct)}
                        for line in block.programmes
                    ],
                }
                for block in doc.summary
            ],
            "total": {"count": doc.summary_total.count, "budget": str(doc.summary_total.budget)},
            "other_agencies": {"count": doc.others_total.count, "budget": str(doc.others_total.budget)},
        },
        "activities": [
            {
                "key": str(a.key), "strategy": a.strategy.number, "guideline": a.guideline.number if a.guideline else None,
                "programme": a.programme.name, "name": a.name, "details": a.details, "budget": str(a.budget),
                "location": a.location, "villages": [v.number for v in a.village_list()], "unit": a.unit.name if a.unit else None,
                "months": [thai.fiscal_month_abbr(i) for i in a.month_indexes], "other_agency": a.other_agency or None,
                "equipment": a.is_equipment,
            }
            for a in activities
        ],
    }  # fmt: skip


def ordered(plan) -> list[Activity]:
    """A plan's activities as exported: in print order, with what the rows need in a fixed number of
    queries; an announced edition's as they were announced."""
    announced = frozen(plan)
    if announced is not None:
        return announced.activities
    return list(
        plan.activities.select_related("strategy", "guideline", "programme", "unit")
        .prefetch_related("villages")
        .order_by("strategy__number", "programme__code", "order", "pk")
    )
