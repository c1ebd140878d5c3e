"""Import the ผด.02 spreadsheet staff already have into a plan's activities (web upload and management command).

Columns: ยุทธศาสตร์, แผนงาน, โครงการ, รายละเอียดของกิจกรรม, งบประมาณ (บาท), สถานที่ดำเนินการ,
หน่วยงานรับผิดชอบหลัก, the twelve months ต.ค. … ก.ย. (any non-empty cell marks the month), and the
optional extras: แนวทางการพัฒนา, หมู่ที่, หน่วยงานอื่น, ครุภัณฑ์, ประเภทครุภัณฑ์. Group heading rows
("ยุทธศาสตร์ที่ 1 …", "1.1 แผนงาน…") set the strategy and แผนงาน of the rows under them; subtotal
rows ("รวม…") and blank rows are skipped. All or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from lib import spreadsheets, thai
from lib.spreadsheets import CellError
from plans.importing import ImportErrors, Matcher, row_error, squash
from plans.models import DevelopmentPlan, OperationalPlan, Organisation, StrategicPlan, User
from projects.exports import HEADERS, MONTH_HEADERS
from projects.models import Activity

ALIASES = {
    "ยุทธศาสตร์": ["ยุทธศาสตร์การพัฒนา"],
    "โครงการ": ["โครงการ/กิจกรรม", "ชื่อโครงการ"],
    "รายละเอียดของกิจกรรม": ["รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ", "รายละเอียด"],
    "งบประมาณ (บาท)": ["งบประมาณ", "งบประมาณบาท"],
    "สถานที่ดำเนินการ": ["สถานที่"],
    "หน่วยงานรับผิดชอบหลัก": ["หน่วยงานรับผิดชอบ", "หน่วยดำเนินการ", "หน่วยงาน"],
    "แนวทางการพัฒนา": ["แนวทาง"],
    "หมู่ที่": ["หมู่บ้าน", "หมู่ที่ดำเนินการ", "ชุมชนที่", "ชุมชน"],  # a city's areas are ชุมชน (plans/words.py)
    "หน่วยงานอื่น": ["หน่วยงานอื่นที่ดำเนินการ"],
}
TEMPLATE_HEADERS = HEADERS
STRATEGY_HEADING = re.compile(r"^ยุทธศาสตร์")
PROGRAMME_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s*)?แผนงาน")
YES = {"ใช่", "/", "✓", "✔", "x", "X", "1", "true", "TRUE", "ครุภัณฑ์"}


@dataclass
class Parsed:
    fields: dict
    villages: list


def _plan_context(organisation: Organisation, year: int, create_missing: bool) -> tuple[OperationalPlan | None, StrategicPlan | None]:
    plan = OperationalPlan.objects.filter(organisation=organisation, fiscal_year=year).order_by("-pk").first()
    if plan is not None:
        return plan, plan.strategic_plan
    strategic = (
        StrategicPlan.objects.filter(organisation=organisation, first_year__lte=year, last_year__gte=year).order_by("-first_year").first()
    )
    if strategic is None and create_missing:
        strategic = StrategicPlan(organisation=organisation, title="แผนยุทธศาสตร์การพัฒนา (สร้างจากการนำเข้า)", first_year=year, last_year=year)
    return None, strategic


def parse(
    content: bytes, organisation: Organisation, year: int, create_missing: bool = False
) -> tuple[list[Parsed], Matcher, OperationalPlan | None]:
    table = spreadsheets.read_table(content, required=["โครงการ", "งบประมาณ (บาท)"], aliases=ALIASES)
    plan, strategic = _plan_context(organisation, year, create_missing)
    if strategic is None:
        raise ImportErrors([CellError(table.header_row, "ยุทธศาสตร์", f"ยังไม่มีแผนยุทธศาสตร์ที่ครอบคลุมปี {year} (บันทึกก่อน หรือใช้ --create-missing)")])
    matcher = Matcher(organisation, strategic if strategic.pk else None, create_missing)
    matcher.strategic_plan = strategic
    errors: list[CellError] = []
    parsed: list[Parsed] = []
    current = {"strategy": None, "programme": None}
    month_keys = [spreadsheets.header_key(m) for m in MONTH_HEADERS]
    for row in table.rows:
        error = row_error(errors, row)
        name, budget_text = row.get("โครงการ"), row.get("งบประมาณ (บาท)")
        if not name and not budget_text:
            _heading(row, matcher, current, errors)
            continue
        if name.startswith("รวม") or row.get("ยุทธศาสตร์").startswith("รวม"):
            continue  # a subtotal row
        strategy = matcher.strategy(row.get("ยุทธศาสตร์"), partial(error, "ยุทธศาสตร์")) if row.get("ยุทธศาสตร์") else current["strategy"]
        if strategy is None and not row.get("ยุทธศาสตร์"):
            error("ยุทธศาสตร์", "ไม่ทราบยุทธศาสตร์ของแถวนี้ (กรอกในคอลัมน์ หรือมีแถวหัวข้อยุทธศาสตร์อยู่ด้านบน)")
        programme = matcher.programme(row.get("แผนงาน"), partial(error, "แผนงาน")) if row.get("แผนงาน") else current["programme"]
        if programme is None and not row.get("แผนงาน"):
            error("แผนงาน", "ไม่ทราบแผนงานของแถวนี้")
        if not name:
            error("โครงการ", "กรุณากรอกชื่อโครงการ")
        budget = row.amount("งบประมาณ (บาท)", error)
        if budget is None and not budget_text:
            error("งบประมาณ (บาท)", "กรุณากรอกงบประมาณ")
        other_agency = row.get("หน่วยงานอื่น")[:200]
        equipment = row.get("ครุภัณฑ์") in YES
        if equipment and other_agency:
            error("ครุภัณฑ์", "ครุภัณฑ์ต้องเป็นของ อปท. เอง ไม่ใช่ของหน่วยงานอื่น")
        months = thai.months_to_mask(i for i, key in enumerate(month_keys) if row.cells.get(key))
        parsed.append(
            Parsed(
                {
                    "strategy": strategy,
                    "programme": programme,
                    "name": name[:400],
                    "details": row.get("รายละเอียดของกิจกรรม"),
                    "budget": budget,
                    "location": row.get("สถานที่ดำเนินการ")[:300],
                    "unit": matcher.unit(row.get("หน่วยงานรับผิดชอบหลัก"), partial(error, "หน่วยงานรับผิดชอบหลัก")),
                    "months": months,
                    "other_agency": other_agency,
                    "is_equipment": equipment,
                    "item_type": row.get("ประเภทครุภัณฑ์")[:200] if equipment else "",
                    "guideline": matcher.guideline(row.get("แนวทางการพัฒนา"), strategy, partial(error, "แนวทางการพัฒนา")),
                },  # fmt: skip
                matcher.village_list(row.get("หมู่ที่"), partial(error, "หมู่ที่")),
            )
        )
    if errors:
        raise ImportErrors(errors)
    if not parsed:
        raise ImportErrors([CellError(table.header_row, "โครงการ", "ไม่พบแถวข้อมูลโครงการใต้หัวตาราง")])
    return parsed, matcher, plan


def _heading(row, matcher: Matcher, current: dict, errors: list[CellError]) -> None:
    """A group heading row sets the strategy or แผนงาน of the rows under it; other text rows are skipped."""
    error = row_error(errors, row)
    for key in row.filled():
        text = row.cells[key]
        if STRATEGY_HEADING.match(text):
            current["strategy"] = matcher.strategy(text, partial(error, "ยุทธศาสตร์"))
            current["programme"] = None
            return
        if PROGRAMME_HEADING.match(text):
            current["programme"] = matcher.programme(text, partial(error, "แผนงาน"))
            return
        named = matcher.strategy_names.get(squash(spreadsheets.normalise(text)))
        if named is not None:  # a heading that is a strategy's name alone ("การพัฒนาคุณภาพชีวิต")
            current["strategy"], current["programme"] = named, None
            return


@transaction.atomic
def import_activities(content: bytes, organisation: Organisation, year: int, *, create_missing: bool = False,
                      replace: bool = False, user: User | None = None) -> OperationalPlan:  # fmt: skip
    """Import into the year's plan (creating its draft if there is none); with `replace`, its activities are replaced."""
    parsed, matcher, plan = parse(content, organisation, year, create_missing)
    if plan is not None and not plan.is_editable:
        raise ImportErrors([CellError(1, "-", f"แผนปี {year} อยู่ในสถานะ “{plan.get_status_display()}” จึงนำเข้าไม่ได้ ให้เริ่มฉบับแก้ไขก่อน")])
    if matcher.strategic_plan.pk is None:
        matcher.strategic_plan.save()
    matcher.create_missing_records()
    if plan is None:
        development = DevelopmentPlan.objects.filter(organisation=organisation, first_year__lte=year).order_by("-first_year").first()
        plan = OperationalPlan(organisation=organisation, fiscal_year=year, strategic_plan=matcher.strategic_plan,
                               development_plan=development if development and development.covers(year) else None)  # fmt: skip
        plan._history_user = user
        plan.save()
    elif replace:
        for activity in plan.activities.all():
            activity._history_user = user
            activity.delete()
    start = plan.activities.count()
    activities = []
    for order, item in enumerate(parsed, start + 1):
        fields = dict(item.fields)
        for name in ("strategy", "unit", "guideline"):
            fields[name] = matcher.resolve(fields[name])
        activities.append(Activity(plan=plan, order=order, **fields))
    created = bulk_create_with_history(activities, Activity, default_user=user)
    through = Activity.villages.through
    created = created if created and created[0].pk else list(plan.activities.order_by("order")[start:])
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, village_id=matcher.villages[v].pk if isinstance(v, int) else v.pk)
            for a, item in zip(created, parsed, strict=True)
            for v in item.villages
            if not isinstance(v, int) or v in matcher.villages
        ]
    )
    return plan


def template(words=None) -> bytes:
    from plans.importing import template_workbook

    example = ["ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน", "แผนงานอุตสาหกรรมและการโยธา", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1",
               "กว้าง 5 เมตร ยาว 300 เมตร", 450000, "หมู่ที่ 1", "กองช่าง", "", "", "", "✓", "✓", "✓", "", "", "", "", "", "",
               "1.1 ก่อสร้างและปรับปรุงถนน", "1", "", "", ""]  # fmt: skip
    speak = words.speak if words else str  # in the organisation's words: a city's "หมู่ที่" column is its "ชุมชนที่"
    headers = [speak(header) for header in TEMPLATE_HEADERS]
    return template_workbook(
        headers, [speak(cell) if isinstance(cell, str) else cell for cell in example], "แบบ ผด.02 สำหรับนำเข้า (ลบแถวตัวอย่างก่อนใช้)"
    )
