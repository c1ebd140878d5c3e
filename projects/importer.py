"""Import the ผด.02 spreadsheet staff already have into a plan's activities (web upload and management command).

Columns: ยุทธศาสตร์, แผนงาน, โครงการ, รายละเอียดของกิจกรรม, งบประมาณ (บาท), สถานที่ดำเนินการ,
หน่วยงานรับผิดชอบหลัก, the twelve months ต.ค. … ก.ย. (any non-empty cell marks the month), and the
optional extras: แนวทางการพัฒนา, หมู่ที่, หน่วยงานอื่น, ครุภัณฑ์, ประเภทครุภัณฑ์, รหัสอ้างอิง. Group
heading rows ("ยุทธศาสตร์ที่ 1 …", "1.1 แผนงาน…") set the strategy and แผนงาน of the rows under them;
subtotal rows ("รวม…") are checked against the rows above them and not imported.

A row with the รหัสอ้างอิง of an activity of the plan (as the plan's export writes it) updates that
activity in place: it keeps its key, its budget line and its development-plan project. Other rows
add activities; with `replace`, the plan's activities that the file does not hold are deleted. The
plan is locked while the import writes, in bulk (a concurrent edit of its activities waits for the
import, then is told someone saved first). All or nothing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lib import spreadsheets, thai
from lib.spreadsheets import CellError
from plans.importing import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportConflict,
    ImportErrors,
    SpreadsheetImport,
    programme_group,
    row_error,
    strategy_group,
    table_columns,
)
from plans.models import DevelopmentPlan, OperationalPlan, Organisation, StrategicPlan, User
from plans.names import Matcher, New
from plans.preview import Entry, Preview, Subtotal, Tally, check_subtotals
from projects.exports import HEADERS, KEY_HEADER, MONTH_HEADERS
from projects.models import Activity

ALIASES = {
    "ยุทธศาสตร์": ["ยุทธศาสตร์การพัฒนา"],
    "โครงการ": ["โครงการ/กิจกรรม", "ชื่อโครงการ"],
    "รายละเอียดของกิจกรรม": ["รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ", "รายละเอียด"],
    "งบประมาณ (บาท)": ["งบประมาณ", "งบประมาณบาท"],
    "สถานที่ดำเนินการ": ["สถานที่"],
    "หน่วยงานรับผิดชอบหลัก": ["หน่วยงานรับผิดชอบ", "หน่วยดำเนินการ", "หน่วยงาน", "หน่วยงานที่รับผิดชอบหลัก"],
    "แนวทางการพัฒนา": ["แนวทาง", "กลยุทธ์"],
    "หมู่ที่": ["หมู่บ้าน", "หมู่ที่ดำเนินการ", "ชุมชนที่", "ชุมชน"],  # a city's areas are ชุมชน (plans/words.py)
    "หน่วยงานอื่น": ["หน่วยงานอื่นที่ดำเนินการ"],
    KEY_HEADER: ["รหัส", "รหัสอ้างอิงโครงการ"],
}
FILLS = {
    **{spreadsheets.header_key(h): h for h in ("ยุทธศาสตร์", "แผนงาน", "โครงการ", "งบประมาณ (บาท)", "สถานที่ดำเนินการ", "หน่วยงานรับผิดชอบหลัก",
                                                "แนวทางการพัฒนา", "หมู่ที่", "หน่วยงานอื่น", "ประเภทครุภัณฑ์")},
    spreadsheets.header_key("รายละเอียดของกิจกรรม"): "รายละเอียดของกิจกรรม",
    spreadsheets.header_key("ครุภัณฑ์"): "เป็นครุภัณฑ์ (ผด.02/1)",
    spreadsheets.header_key(KEY_HEADER): "รหัสอ้างอิง: ปรับปรุงโครงการเดิมในแผน (คงการเชื่อมกับข้อบัญญัติและแผนพัฒนา)",
    **{spreadsheets.header_key(m): f"เดือน {m}" for m in MONTH_HEADERS},
}  # fmt: skip
TEMPLATE_HEADERS = HEADERS[:-1]  # a blank form has no keys yet
STRATEGY_HEADING = re.compile(r"^(?:\d+\s*[.)]?\s*)?ยุทธศาสตร์")
PROGRAMME_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s*)?แผนงาน")
SUBTOTAL = re.compile(r"^รวม(?:ทั้งสิ้น|ทั้งหมด|ยอด)?\s*(?:$|\d|จำนวน|ทั้ง|ยุทธศาสตร์|แผนงาน|โครงการ\s*\d)")
YES = {"ใช่", "/", "✓", "✔", "x", "X", "1", "true", "TRUE", "ครุภัณฑ์"}
FIELDS = (
    "strategy",
    "guideline",
    "programme",
    "name",
    "details",
    "budget",
    "location",
    "unit",
    "months",
    "other_agency",
    "is_equipment",
    "item_type",
)
DELETED, NEW_KEYS = "ลบ (ไม่มีในไฟล์)", "รหัสอ้างอิงที่ไม่มีในแผนนี้ (สร้างใหม่)"


@dataclass
class Parsed:
    fields: dict
    villages: list
    row: spreadsheets.Row
    key: uuid.UUID | None = None
    existing: Activity | None = None
    changed: bool = True


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


class ActivityImport(SpreadsheetImport):
    """The year's plan from a ผด.02 file: its draft (created if there is none) gets the file's rows."""

    def __init__(self, content: bytes, organisation: Organisation, year: int, *, replace: bool = False, create_missing: bool = False,
                 choices: dict | None = None, filename: str = ""):  # fmt: skip
        self.organisation, self.year, self.replace = organisation, year, replace
        self.table = spreadsheets.read_table(content, required=["โครงการ", "งบประมาณ (บาท)"], aliases=ALIASES)
        self.plan, strategic = _plan_context(organisation, year, create_missing)
        self.matcher = Matcher(organisation, strategic, create_missing=create_missing, choices=(choices or {}).get("names"))
        target = self.plan.title if self.plan else f"แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {year} (ร่างใหม่)"
        self.preview = Preview("โครงการ/กิจกรรมของแผนการดำเนินงาน", target, [("budget", "งบประมาณ (บาท)")], filename)
        self.preview.columns = table_columns(self.table, FILLS)
        if self.table.skipped_sheets:
            self.preview.notes.append("ข้ามแผ่นงานที่ไม่มีหัวตาราง ผด.02: " + ", ".join(self.table.skipped_sheets))
        if strategic is None:
            self.preview.errors.append(
                CellError(self.table.header_row, "ยุทธศาสตร์", f"ยังไม่มีแผนยุทธศาสตร์ที่ครอบคลุมปี {year} กรุณาบันทึกแผนยุทธศาสตร์ก่อน")
            )
        if self.plan is not None and not self.plan.is_editable:
            status = self.plan.get_status_display()
            self.preview.errors.append(CellError(0, "-", f"แผนปี {year} อยู่ในสถานะ “{status}” จึงนำเข้าไม่ได้ ให้เริ่มฉบับแก้ไขหรือเพิ่มเติมก่อน"))
        self.rows: list[Parsed] = []
        self.entries: list[Entry] = []
        if strategic is not None:
            self._read()
        self.preview.rows_read = len(self.rows)
        if not self.rows and not self.preview.errors:
            self.preview.errors.append(CellError(self.table.header_row, "โครงการ", "ไม่พบแถวข้อมูลโครงการใต้หัวตาราง"))
        self.finish_preview()
        self._match_existing()
        self._totals()

    # --- reading -------------------------------------------------------------------------------------

    def _read(self) -> None:
        current = {"strategy": "", "programme": ""}
        month_keys = [spreadsheets.header_key(m) for m in MONTH_HEADERS]
        for row in self.table.rows:
            name, budget_text = row.get("โครงการ"), row.get("งบประมาณ (บาท)")
            if SUBTOTAL.match(name) or SUBTOTAL.match(row.get("ยุทธศาสตร์")) or not name and SUBTOTAL.match(row.cells[row.filled()[0]]):
                amount = spreadsheets.cell_amount(row.raw.get(spreadsheets.header_key("งบประมาณ (บาท)")), lambda message: None)
                self.entries.append(
                    Entry({}, subtotal=Subtotal(row.sheet, row.number, (name or row.get("ยุทธศาสตร์"))[:80], {"budget": amount or 0}))
                )
                continue
            if not name and not budget_text:
                self._heading(row, current)
                continue
            self._row(row, current, month_keys)

    def _heading(self, row, current: dict) -> None:
        """A group heading row sets the strategy or แผนงาน of the rows under it; other text rows are skipped."""
        for key in row.filled():
            text = row.cells[key].replace("\n", " ")
            if STRATEGY_HEADING.match(text):
                current["strategy"], current["programme"] = text, ""
                return
            if PROGRAMME_HEADING.match(text):
                current["programme"] = text
                return
            if self.matcher.strategy_named(text) is not None:
                current["strategy"], current["programme"] = text, ""  # a strategy's name alone ("การพัฒนาคุณภาพชีวิต")
                return

    def _row(self, row, current: dict, month_keys: list[str]) -> None:
        error = row_error(self.preview.errors, row)
        where = (row.sheet if row.sheet != "CSV" else "", row.number)
        name, budget_text = row.get("โครงการ"), row.get("งบประมาณ (บาท)")
        strategy_text = row.get("ยุทธศาสตร์") or current["strategy"]
        strategy = self.matcher.strategy(strategy_text, (*where, "ยุทธศาสตร์"))
        if not strategy_text:
            error("ยุทธศาสตร์", "ไม่ทราบยุทธศาสตร์ของแถวนี้ (กรอกในคอลัมน์ หรือมีแถวหัวข้อยุทธศาสตร์อยู่ด้านบน)")
        programme_text = row.get("แผนงาน") or current["programme"]
        programme = self.matcher.programme(programme_text, (*where, "แผนงาน"))
        if not programme_text:
            error("แผนงาน", "ไม่ทราบแผนงานของแถวนี้ (กรอกในคอลัมน์ หรือมีแถวหัวข้อแผนงานอยู่ด้านบน)")
        if not name:
            error("โครงการ", "กรุณากรอกชื่อโครงการ")
        budget = row.amount("งบประมาณ (บาท)", error)
        if budget is None and not budget_text:
            error("งบประมาณ (บาท)", "กรุณากรอกงบประมาณ")
        other_agency = row.get("หน่วยงานอื่น")[:200]
        equipment = row.get("ครุภัณฑ์") in YES
        if equipment and other_agency:
            error("ครุภัณฑ์", "ครุภัณฑ์ต้องเป็นของ อปท. เอง ไม่ใช่ของหน่วยงานอื่น")
        unit_text = row.get("หน่วยงานรับผิดชอบหลัก")
        if "\n" in unit_text:
            self.preview.warnings.append(
                f"แถวที่ {row.number}: ช่องหน่วยงานมีหลายบรรทัด ใช้บรรทัดแรก “{unit_text.split(chr(10))[0]}” เป็นหน่วยงาน บรรทัดอื่นไม่ได้นำเข้า"
            )
        fields = {
            "strategy": strategy, "programme": programme, "name": name[:400], "details": row.get("รายละเอียดของกิจกรรม"), "budget": budget,
            "location": row.get("สถานที่ดำเนินการ")[:300], "unit": self.matcher.unit(unit_text, (*where, "หน่วยงานรับผิดชอบหลัก")),
            "months": thai.months_to_mask(i for i, key in enumerate(month_keys) if row.cells.get(key)), "other_agency": other_agency,
            "is_equipment": equipment, "item_type": row.get("ประเภทครุภัณฑ์")[:200] if equipment else "",
            "guideline": self.matcher.guideline(row.get("แนวทางการพัฒนา"), strategy, (*where, "แนวทางการพัฒนา")),
        }  # fmt: skip
        parsed = Parsed(fields, self.matcher.village_list(row.get("หมู่ที่"), (*where, "หมู่ที่")), row, self._key(row, error))
        self.rows.append(parsed)
        self.entries.append(Entry({}))  # its group is known once the names are resolved

    def _key(self, row, error) -> uuid.UUID | None:
        text = row.get(KEY_HEADER)
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            error(KEY_HEADER, "รหัสอ้างอิงไม่ถูกต้อง (คอลัมน์นี้มาจากไฟล์ที่ส่งออกจากระบบ อย่าแก้ไข) ลบค่าในช่องนี้ถ้าต้องการเพิ่มเป็นรายการใหม่")
            return None

    # --- what the import will do ---------------------------------------------------------------------

    def _match_existing(self) -> None:
        existing = {a.key: a for a in self.plan.activities.prefetch_related("villages")} if self.plan else {}
        self.existing = existing
        seen: dict[uuid.UUID, int] = {}
        unknown = 0
        for parsed in self.rows:
            key = parsed.key
            if key is not None and key in seen:
                self.preview.errors.append(
                    CellError(parsed.row.number, KEY_HEADER, f"รหัสอ้างอิงซ้ำกับแถวที่ {seen[key]} (โครงการหนึ่งมีได้แถวเดียว)", "")
                )
                continue
            if key is not None:
                seen[key] = parsed.row.number
            parsed.existing = existing.get(key) if key else None
            unknown += key is not None and parsed.existing is None
            parsed.changed = parsed.existing is None or self._differs(parsed)
        self.doomed = [a for k, a in existing.items() if k not in seen] if self.replace else []
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        for parsed in self.rows:
            counts[CREATED if parsed.existing is None else UPDATED if parsed.changed else UNCHANGED] += 1
        self.preview.counts = [*counts.items(), (DELETED, len(self.doomed))]
        if unknown:
            self.preview.notes.append(f"{unknown} แถวมีรหัสอ้างอิงที่ไม่ใช่ของแผนนี้ (เช่น ส่งออกจากแผนอื่น): จะเพิ่มเป็นโครงการใหม่")
        if self.existing and not self.replace and counts[CREATED]:
            self.preview.notes.append(f"แผนนี้มีโครงการ/กิจกรรมอยู่แล้ว {len(existing)} รายการ: แถวที่ไม่มีรหัสอ้างอิงของแผนนี้จะเพิ่มต่อท้าย")
        if self.doomed:
            linked = sum(1 for a in self.doomed if a.budget_line_id or a.plan_project_id)
            self.preview.warnings.append(
                f"จะลบโครงการ/กิจกรรม {len(self.doomed)} รายการที่ไม่มีในไฟล์"
                + (f" ในจำนวนนี้ {linked} รายการเชื่อมกับข้อบัญญัติหรือแผนพัฒนาอยู่" if linked else "")
            )

    def _differs(self, parsed: Parsed) -> bool:
        activity, fields = parsed.existing, parsed.fields
        for name, value in fields.items():
            if isinstance(value, New):
                return True
            stored = getattr(activity, f"{name}_id") if name in ("strategy", "guideline", "programme", "unit") else getattr(activity, name)
            if stored != (getattr(value, "pk", None) if name in ("strategy", "guideline", "programme", "unit") else value):
                return True
        return {v.pk for v in activity.villages.all()} != {getattr(v, "pk", v) for v in parsed.villages}

    def _totals(self) -> None:
        tally = Tally()
        rows = iter(self.rows)
        for entry in self.entries:
            if entry.subtotal is not None:
                continue
            parsed = next(rows)
            fields = parsed.fields
            strategy = strategy_group(fields["strategy"], parsed.row.get("ยุทธศาสตร์"))
            programme = programme_group(fields["programme"], parsed.row.get("แผนงาน"))
            entry.amounts, entry.group = {"budget": fields["budget"] or 0}, (strategy[1], programme[1])
            tally.add(strategy, programme, entry.amounts)
        self.preview.subtotals = check_subtotals(self.entries, ["budget"])
        tally.fill(self.preview)

    # --- saving -----------------------------------------------------------------------------------------

    @transaction.atomic
    def save(self, user: User | None = None) -> Preview:
        self.require_ready()
        plan = self._locked_plan(user)
        self.matcher.create_missing_records(user)
        self.matcher.remember(user)
        _delete_in_bulk(self.doomed, user)
        updated = [p for p in self.rows if p.existing is not None and p.changed]
        created = [p for p in self.rows if p.existing is None]
        doomed = {a.pk for a in self.doomed}
        start = max([a.order for a in self.existing.values() if a.pk not in doomed] + [0])
        activities = []
        for order, parsed in enumerate(created, start + 1):
            activities.append(Activity(plan=plan, order=order, **self._values(parsed)))
        for parsed in updated:
            for name, value in self._values(parsed).items():
                setattr(parsed.existing, name, value)
            parsed.existing.version += 1
        _write_in_bulk(activities, [p.existing for p in updated], user)
        _link_villages(list(zip(activities, created, strict=True)) + [(p.existing, p) for p in updated], self.matcher)
        self.plan = plan
        self.preview.saved = True
        return self.preview

    def _locked_plan(self, user: User | None) -> OperationalPlan:
        """The plan, locked until the import commits; refused if it changed since the preview was read."""
        if self.plan is None:
            if self.matcher.strategic_plan.pk is None:
                self.matcher.strategic_plan.save()
            development = (
                DevelopmentPlan.objects.filter(organisation=self.organisation, first_year__lte=self.year).order_by("-first_year").first()
            )
            plan = OperationalPlan(organisation=self.organisation, fiscal_year=self.year, strategic_plan=self.matcher.strategic_plan,
                                   development_plan=development if development and development.covers(self.year) else None)  # fmt: skip
            plan._history_user = user
            plan.save()
            return plan
        OperationalPlan.objects.filter(pk=self.plan.pk).update(
            version=F("version")
        )  # takes SQLite's write lock now, not at the first write
        plan = OperationalPlan.objects.select_for_update().get(pk=self.plan.pk)
        if not plan.is_editable:
            raise ImportErrors([CellError(0, "-", f"แผนนี้อยู่ในสถานะ “{plan.get_status_display()}” แล้ว จึงนำเข้าไม่ได้")])
        versions = dict(plan.activities.select_for_update().values_list("key", "version"))
        touched = [a for a in [*self.doomed, *(p.existing for p in self.rows if p.existing)] if versions.get(a.key) != a.version]
        if touched or len(versions) != len(self.existing):
            raise ImportConflict("ระหว่างที่ตรวจสอบไฟล์ มีผู้แก้ไขโครงการ/กิจกรรมของแผนนี้ จึงยังไม่ได้นำเข้า กรุณากดยืนยันนำเข้าอีกครั้งเพื่อดูตัวอย่างใหม่")
        return plan

    def _values(self, parsed: Parsed) -> dict:
        return {name: self.matcher.resolve(value) for name, value in parsed.fields.items()}


def batched(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _delete_in_bulk(activities: list[Activity], user: User | None) -> None:
    """Delete without a query per row: their history rows written at once, their village links, then the rows."""
    if not activities:
        return
    history = Activity.history.model
    now = timezone.now()
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_type="-",
                history_user=user,
                history_change_reason="แทนที่ด้วยไฟล์ที่นำเข้า",
                **{f.attname: getattr(a, f.attname) for f in history.tracked_fields},
            )  # fmt: skip
            for a in activities
        ],
        batch_size=500,
    )
    through = Activity.villages.through
    for chunk in batched([a.pk for a in activities], 500):
        through.objects.filter(activity_id__in=chunk).delete()
        # No per-row signals: their history is written above, and a draft plan is not on the public site.
        Activity.objects.filter(pk__in=chunk)._raw_delete(Activity.objects.db)


def _write_in_bulk(created: list[Activity], updated: list[Activity], user: User | None) -> None:
    if created:
        Activity.objects.bulk_create(created, batch_size=500)
    if updated:
        _update_rows(updated, [*FIELDS, "version"])
    Activity.history.bulk_history_create(created, batch_size=500, default_user=user, default_change_reason="นำเข้าจากไฟล์")
    Activity.history.bulk_history_create(updated, batch_size=500, update=True, default_user=user, default_change_reason="นำเข้าจากไฟล์")


def _update_rows(activities: list[Activity], names: list[str]) -> None:
    """UPDATE … WHERE id = %s, one statement run for every row: Django's bulk_update builds a CASE
    expression a row and a field, which took most of a minute for 8,000 rows."""
    fields = [Activity._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(Activity._meta.db_table)} SET {assignments} WHERE {quote(Activity._meta.pk.column)} = %s"
    rows = [[f.get_db_prep_save(getattr(a, f.attname), connection) for f in fields] + [a.pk] for a in activities]
    with connection.cursor() as cursor:
        for chunk in batched(rows, 500):
            if connection.vendor == "postgresql":  # one round trip for the chunk (SQLite runs in-process anyway)
                cursor.execute(";".join([sql] * len(chunk)), [value for row in chunk for value in row])
            else:
                cursor.executemany(sql, chunk)


def _link_villages(pairs: list[tuple[Activity, Parsed]], matcher: Matcher) -> None:
    """Each activity's villages as the file says, and the same in the history rows just written."""
    through = Activity.villages.through
    updated = [a.pk for a, parsed in pairs if parsed.existing is not None]
    for chunk in batched(updated, 500):
        through.objects.filter(activity_id__in=chunk).delete()
    links = [through(activity_id=a.pk, village_id=matcher.resolve(v).pk) for a, parsed in pairs for v in parsed.villages]
    through.objects.bulk_create(links, batch_size=500)
    field = Activity._meta.get_field("villages")
    history_links = HistoricalRecords.m2m_models.get(field)
    if history_links is None or not links:
        return
    latest = dict(
        Activity.history.filter(id__in=[a.pk for a, _ in pairs]).order_by("id", "history_id").values_list("id", "history_id")
    )  # the last history row of each (ordered, so the newest wins)
    history_links.objects.bulk_create(
        [
            history_links(id=link.pk, activity_id=link.activity_id, village_id=link.village_id, history_id=latest[link.activity_id])
            for link in links
        ],
        batch_size=500,
    )


def import_activities(content: bytes, organisation: Organisation, year: int, *, create_missing: bool = False,
                      replace: bool = False, user: User | None = None) -> OperationalPlan:  # fmt: skip
    """Import into the year's plan (creating its draft if there is none), without a preview step."""
    importer = ActivityImport(content, organisation, year, replace=replace, create_missing=create_missing)
    importer.save(user)
    return importer.plan


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
