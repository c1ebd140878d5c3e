"""Open data: every announced plan's activities of a fiscal year, in one CSV and one JSON Lines file.

Read from the frozen edition snapshots (projects/snapshot.py), so the files say exactly what was
announced, and written through Django's storage API (a deployment may keep them on object storage).
`open_data_publish(year)` writes a year's two files again; announcing a plan calls it once the
announcement is committed (announcements/services.py). It reads the snapshots a few at a time and
writes to a spooled temporary file, so memory stays small whatever the country's size.
Each organisation appears with its plan in force: the latest announced edition of the year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import timezone

from lib import thai
from lib.workbooks import neutralise
from plans.models import OperationalPlan
from plans.words import Words
from projects.models import EditionSnapshot

FOLDER = "open-data"
INDEX = f"{FOLDER}/index.json"
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
# (field, what it holds): the columns of the CSV and the keys of each JSON line, in this order.
FIELDS = [
    ("organisation_code", "รหัส อปท. ๗ หลักของกรมส่งเสริมการปกครองท้องถิ่น"),
    ("organisation", "ชื่อเต็มของ อปท. ตามที่ประกาศ เช่น องค์การบริหารส่วนตำบลหนองบัว"),
    (
        "organisation_kind",
        "ประเภท อปท.: sao (อบต.), tambon (เทศบาลตำบล), town (เทศบาลเมือง), city (เทศบาลนคร), pao (อบจ.), pattaya (เมืองพัทยา)",
    ),
    ("district", "อำเภอ"),
    ("province", "จังหวัด"),
    ("fiscal_year", "ปีงบประมาณ (พ.ศ.)"),
    ("edition", "ฉบับของแผนที่ใช้อยู่: original (ฉบับประจำปี), additional-k (เพิ่มเติม ครั้งที่ k), amending-k (แก้ไข ครั้งที่ k)"),
    ("announced_at", "วันเวลาที่ประกาศใช้ฉบับนั้น (ISO 8601)"),
    ("strategy_number", "ลำดับยุทธศาสตร์"),
    ("strategy", "ชื่อยุทธศาสตร์"),
    ("guideline", "แนวทางการพัฒนา (ถ้ามี)"),
    ("programme_code", "รหัสแผนงานตามการจำแนกงบประมาณของ อปท."),
    ("programme", "แผนงาน"),
    ("name", "ชื่อโครงการ/กิจกรรม"),
    ("details", "รายละเอียดของกิจกรรมที่เกิดขึ้นจากโครงการ"),
    ("budget", "งบประมาณ (บาท) ทศนิยม ๒ ตำแหน่ง จุดเป็นจุดทศนิยม ไม่มีจุลภาค"),
    ("location", "สถานที่ดำเนินการตามที่เขียนไว้"),
    ("villages", "หมู่ที่/ชุมชนที่ดำเนินการ (ลำดับหมู่ที่ คั่นด้วยจุลภาค)"),
    ("unit", "หน่วยงานรับผิดชอบหลัก"),
    ("months", "เดือนที่ดำเนินการ แบบ ปปปป-ดด (ค.ศ.) คั่นด้วยช่องว่าง เช่น 2026-10 2026-11"),
    ("other_agency", "หน่วยงานอื่นที่เข้ามาดำเนินการในพื้นที่ (ว่างถ้าเป็นโครงการของ อปท. เอง)"),
    ("is_equipment", "true ถ้าเป็นการจัดซื้อครุภัณฑ์ที่ไม่อยู่ในโครงการ (ผด.02/1)"),
    ("item_type", "ประเภทครุภัณฑ์"),
    ("key", "รหัสอ้างอิงโครงการ คงที่ทุกฉบับของแผน ใช้ติดตามโครงการเดียวกันข้ามฉบับ"),
]
COLUMNS = [name for name, _ in FIELDS]


def _months(mask: int, fiscal_year: int) -> str:
    start = thai.fiscal_period(fiscal_year)[0]
    return " ".join(f"{start.year + (start.month + i - 1) // 12}-{(start.month + i - 1) % 12 + 1:02d}" for i in thai.mask_to_months(mask))


def _edition(plan: dict) -> str:
    return "original" if plan["edition_kind"] == "original" else f"{plan['edition_kind']}-{plan['edition_number']}"


def snapshot_rows(content: dict, plan: dict, announced_at: dt.datetime) -> Iterator[dict]:
    """The activities of one snapshot as open-data records, in print order."""
    org = content["organisation"]
    strategies = {s["id"]: s for s in content["strategy"]}
    guidelines = {g["id"]: g for g in content["guideline"]}
    programmes = {p["id"]: p for p in content["programme"]}
    units = {u["id"]: u["name"] for u in content["unit"]}
    villages = {v["id"]: v["number"] for v in content["village"]}
    common = {
        "organisation_code": org["code"], "organisation": Words.of(org["kind"], org["name"], org.get("locality", "")).full_name,
        "organisation_kind": org["kind"], "district": org["district"], "province": org["province"], "fiscal_year": plan["fiscal_year"],
        "edition": _edition(plan), "announced_at": announced_at.isoformat(),
    }  # fmt: skip
    for a in content["activities"]:
        strategy, programme = strategies[a["strategy_id"]], programmes[a["programme_id"]]
        guideline = guidelines.get(a["guideline_id"])
        yield {
            **common,
            "strategy_number": strategy["number"], "strategy": strategy["name"],
            "guideline": f"{strategy['number']}.{guideline['number']} {guideline['name']}" if guideline else "",
            "programme_code": programme["code"], "programme": programme["name"], "name": a["name"], "details": a["details"],
            "budget": a["budget"], "location": a["location"],
            "villages": ", ".join(str(n) for n in sorted(villages[v] for v in a["villages"] if v in villages)),
            "unit": units.get(a["unit_id"], ""), "months": _months(a["months"], plan["fiscal_year"]), "other_agency": a["other_agency"],
            "is_equipment": a["is_equipment"], "item_type": a["item_type"] if a["is_equipment"] else "", "key": a["key"],
        }  # fmt: skip


def year_rows(fiscal_year: int) -> Iterator[dict]:
    """Every organisation's plan in force of the year, organisation by organisation (by code)."""
    latest = (
        OperationalPlan.objects.announced()
        .filter(fiscal_year=fiscal_year)
        .values("organisation_id")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    snapshots = (
        EditionSnapshot.objects.filter(plan__in=latest)
        .order_by("plan__organisation__code")
        .values_list("content", "created_at", "plan__fiscal_year", "plan__edition_kind", "plan__edition_number")
    )
    for content, created_at, year, kind, number in snapshots.iterator(chunk_size=20):
        yield from snapshot_rows(content, {"fiscal_year": year, "edition_kind": kind, "edition_number": number}, created_at)


def _csv_cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value) if isinstance(value, str) else str(value)


def _replace(name: str, spooled) -> str:
    """Store the file under its name (the storage API has no rename: the old one goes first)."""
    spooled.seek(0)
    default_storage.delete(name)
    return default_storage.save(name, File(spooled, name=name))


def read_index() -> dict:
    if not default_storage.exists(INDEX):
        return {}
    with default_storage.open(INDEX, "rb") as stored:
        return json.loads(stored.read().decode("utf-8"))


def open_data_publish(fiscal_year: int) -> dict:
    """Write the year's CSV and JSON Lines files again from the snapshots; return what the index says of them."""
    with tempfile.SpooledTemporaryFile(8 * 1024 * 1024) as csv_file, tempfile.SpooledTemporaryFile(8 * 1024 * 1024) as jsonl_file:
        csv_text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="", write_through=True)
        csv_text.write("\ufeff")  # Excel opens UTF-8 Thai correctly with the byte-order mark
        writer = csv.writer(csv_text)
        writer.writerow(COLUMNS)
        activities, organisations = 0, set()
        for row in year_rows(fiscal_year):
            writer.writerow([_csv_cell(row[column]) for column in COLUMNS])
            jsonl_file.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
            activities += 1
            organisations.add(row["organisation_code"])
        csv_text.flush()
        entry = {
            "updated_at": timezone.now().isoformat(), "activities": activities, "organisations": len(organisations),
            "csv": _replace(f"{FOLDER}/{fiscal_year}/activities-{fiscal_year}.csv", csv_file),
            "jsonl": _replace(f"{FOLDER}/{fiscal_year}/activities-{fiscal_year}.jsonl", jsonl_file),
        }  # fmt: skip
        csv_text.detach()
    index = read_index()
    index[str(fiscal_year)] = entry
    default_storage.delete(INDEX)
    default_storage.save(INDEX, File(io.BytesIO(json.dumps(index, ensure_ascii=False, indent=1).encode("utf-8")), name=INDEX))
    return entry
