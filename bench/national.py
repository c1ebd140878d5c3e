"""Benchmark: one installation for the whole country, on PostgreSQL.

Builds (or reuses, when the marker says the same size is already there) a separate database,
`opplan_national_bench`, holding 7,850 organisations in the 76 provinces that have อบต., เทศบาล and
อบจ. (real province and district names; อบต., เทศบาลตำบล, เทศบาลเมือง, เทศบาลนคร, อบจ. and เมืองพัทยา
in the country's proportions). Each has units, villages, a strategic plan with its strategies, a
development plan and the operational plan of 2570 with 100–400 activities (about 1.5 million in
all); 93% of the plans are announced, with the announcement and the frozen edition snapshot that
announcing stores (projects/snapshot.py: the public pages read it), the rest still awaiting it.
Some organisations have published their six-month report and year-end evaluation.
Rows go in with COPY, a few hundred organisations per batch.

Then it measures, with the public page cache off (PUBLIC_CACHE_SECONDS=0), each kind of page at a
rotating list of addresses (other organisations, other provinces), through gunicorn and `wrk`:
one visitor at a time and 8 at once, p50/p95/p99 and the queries one view costs.

    python -m bench.national                      # or: make bench-national
    python -m bench.national --organisations 2000 # a smaller country (the flag is the size)
    python -m bench.national --rebuild            # build again even if the marker matches
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "opplan_national_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
YEAR = 2570
# The country's อปท. (Department of Local Administration): 76 อบจ., 30 เทศบาลนคร, 195 เทศบาลเมือง,
# 2,247 เทศบาลตำบล, 5,301 อบต. and เมืองพัทยา: 7,850.
KINDS = {"pao": 76, "city": 30, "town": 195, "pattaya": 1, "tambon": 2247, "sao": 5301}
NATIONAL = sum(KINDS.values())
BATCH = 250  # organisations per COPY
ANNOUNCED_SHARE = 0.93
# Indexes dropped while the activities load and built again at the end (one GIN build is far
# cheaper than 1.5 million GIN inserts); their SQL is the migration's.
TEXT_INDEXES = ("activity_name_trgm", "activity_details_trgm")


def _refuse_sqlite() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("BENCH_SQLITE") or url.startswith("sqlite"):
        sys.exit("bench.national measures a national installation, which runs on PostgreSQL: it does not run on SQLite.")
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", 5432)):
            sys.exit("bench.national needs PostgreSQL at 127.0.0.1:5432 (it does not run on SQLite).")


def _admin():
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    connection.autocommit = True
    return connection


def _marker(organisations: int) -> dict | None:
    """What the database holds, if it was completely built for this size."""
    import psycopg2

    try:
        connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=DATABASE)
    except psycopg2.OperationalError:
        return None
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_national_marker')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT info FROM bench_national_marker")
        row = cursor.fetchone()
    connection.close()
    info = row[0] if row else None
    return info if info and info.get("organisations") == organisations else None


def _environment() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", HTTPS="0", SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost", DATABASE_URL=DATABASE_URL, PUBLIC_CACHE_SECONDS="0",
        MEDIA_ROOT=str(ROOT / "bench" / "out" / "national" / "media"), STATIC_ROOT=str(ROOT / "bench" / "out" / "national" / "static"),
    )  # fmt: skip
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")


# --- building ---------------------------------------------------------------------------------------


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    else:
        value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Table:
    """Rows of one model, collected as dicts by attname and sent with one COPY."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.rows: list[dict] = []
        self.next_id = 1

    def add(self, **values) -> dict:
        values.setdefault("id", self.next_id)
        self.next_id = max(self.next_id, values["id"]) + 1
        self.rows.append(values)
        return values

    def copy(self, cursor) -> None:
        if not self.rows:
            return
        buffer = io.StringIO()
        defaults = self.defaults
        names = [f.attname for f in self.fields]
        for row in self.rows:
            buffer.write("\t".join(_copy_value(row[n] if n in row else defaults[n]) for n in names))
            buffer.write("\n")
        buffer.seek(0)
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        cursor.copy_expert(f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN', buffer)
        self.rows = []


class Country:
    """Generates the organisations with everything they hold, batch by batch."""

    def __init__(self, organisations: int, seed: int = 2570):
        from django.contrib.auth.hashers import make_password  # noqa: F401 - Django is set up by now

        from announcements.models import Announcement
        from plans.models import DevelopmentPlan, OperationalPlan, Organisation, Programme, StrategicPlan, Strategy, Unit, User, Village
        from projects.models import Activity, EditionSnapshot
        from projects.snapshot import ACTIVITY_FIELDS, ORGANISATION_FIELDS, _dump

        self.rng = random.Random(seed)
        self.size = organisations
        models = dict(
            organisation=Organisation, unit=Unit, village=Village, user=User, strategic_plan=StrategicPlan, strategy=Strategy,
            development_plan=DevelopmentPlan, plan=OperationalPlan, activity=Activity, activity_village=Activity.villages.through,
            snapshot=EditionSnapshot, announcement=Announcement,
        )  # fmt: skip
        self.tables = {name: Table(model) for name, model in models.items()}
        self.models = models
        self.activity_fields = ACTIVITY_FIELDS
        self.organisation_fields = ORGANISATION_FIELDS
        self.programmes = list(Programme.objects.order_by("code"))
        self.programme_dumps = [_dump(p) for p in self.programmes]
        self.announced_at = dt.datetime(2026, 11, 14, 10, 0, tzinfo=dt.UTC)
        self.activities = 0

    def plan_of_kinds(self) -> list[tuple[str, str, str]]:
        """(kind, province, district) of every organisation, in the country's proportions, scaled to the size."""
        from bench.names import PROVINCES

        rng, provinces = self.rng, list(PROVINCES)
        scale = self.size / NATIONAL
        result = []
        for province in provinces:
            result.append(("pao", province, PROVINCES[province][0]))
        counts = {kind: round(n * scale) for kind, n in KINDS.items() if kind != "pao"}
        counts["sao"] += self.size - len(result) - sum(counts.values())
        weights = [len(PROVINCES[p]) for p in provinces]
        for kind, count in counts.items():
            for _ in range(max(count, 0)):
                province = "ชลบุรี" if kind == "pattaya" else rng.choices(provinces, weights)[0]
                district = "บางละมุง" if kind == "pattaya" else rng.choice(PROVINCES[province])
                result.append((kind, province, district))
        return result[: self.size]

    def _name(self, kind: str, province: str, district: str) -> str:
        from bench.names import PLACE_HEADS, PLACE_TAILS

        if kind == "pao":
            return province
        if kind == "pattaya":
            return "พัทยา"
        if kind in ("city", "town"):
            return district.removeprefix("เมือง") or province
        return self.rng.choice(PLACE_HEADS) + self.rng.choice(PLACE_TAILS)

    def organisation(self, index: int, kind: str, province: str, district: str, province_number: int) -> None:
        from bench import names
        from lib import thai
        from projects.introduction import introduction

        rng, t = self.rng, self.tables
        kind_digit = "123456"[["pao", "city", "town", "pattaya", "tambon", "sao"].index(kind)]
        code = f"{kind_digit}{province_number:02d}{index % 10000:04d}"
        executive = f"{rng.choice(['นาย', 'นาง', 'นางสาว'])}{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
        org = t["organisation"].add(
            code=code, kind=kind, name=self._name(kind, province, district), district=district, province=province,
            executive_name=executive, executive_title="", emblem="", digit_style=rng.choice([thai.THAI, thai.THAI, thai.ARABIC]),
            locality="",
        )  # fmt: skip
        org_id = org["id"]
        units = [t["unit"].add(organisation_id=org_id, name=name, order=i) for i, name in enumerate(names.UNITS[: rng.randint(4, 6)])]
        villages = [
            t["village"].add(organisation_id=org_id, number=n, name=f"บ้าน{rng.choice(names.PLACE_HEADS)}{rng.choice(names.PLACE_TAILS)}")
            for n in range(1, rng.randint(6, 18))
        ]
        boss = t["user"].add(
            password="!", username=f"exec{code}", first_name=executive, last_name="", email="", is_superuser=False, is_staff=False,
            is_active=True, date_joined=self.announced_at, organisation_id=org_id, role="executive",
        )  # fmt: skip
        strategic = t["strategic_plan"].add(organisation_id=org_id, title="แผนยุทธศาสตร์การพัฒนา", first_year=2566, last_year=2570,
                                            vision=f"{province}น่าอยู่ เศรษฐกิจมั่นคง ประชาชนมีคุณภาพชีวิตที่ดี", missions="", goals="")  # fmt: skip
        chosen = rng.sample(names.STRATEGIES, rng.randint(5, 7))
        strategies = [t["strategy"].add(strategic_plan_id=strategic["id"], number=n, name=name) for n, name in enumerate(chosen, 1)]
        development = t["development_plan"].add(
            organisation_id=org_id, strategic_plan_id=strategic["id"], first_year=2566, length=5, approved_on=dt.date(2021, 12, 1)
        )
        announced = rng.random() < ANNOUNCED_SHARE
        plan = t["plan"].add(
            organisation_id=org_id, fiscal_year=YEAR, edition_kind="original", edition_number=0,
            status="announced" if announced else "approved", strategic_plan_id=strategic["id"], development_plan_id=development["id"],
            ordinance_id=None, based_on_id=None, intro_nature="", intro_objectives="", intro_steps="", intro_benefits="",
            deadline_extended_to=None, deadline_extension_reason="",
        )  # fmt: skip
        activities = self._activities(plan["id"], strategies, units, villages)
        if not announced:
            return
        organisation_model = self.models["organisation"](**{k: v for k, v in org.items()})
        unsaved_plan = self.models["plan"](organisation=organisation_model, fiscal_year=YEAR, intro_nature="", intro_objectives="",
                                           intro_steps="", intro_benefits="",
                                           development_plan=self.models["development_plan"](**development))  # fmt: skip
        content = {
            "format": 1,
            "organisation": {name: org[name] for name in self.organisation_fields},
            "strategic_plan": strategic["id"],
            "strategy": [{k: s[k] for k in ("id", "strategic_plan_id", "number", "name")} for s in strategies],
            "guideline": [],
            "programme": self.programme_dumps,
            "unit": [{k: u[k] for k in ("id", "organisation_id", "name", "order")} for u in units],
            "category": [],
            "village": [{k: v[k] for k in ("id", "organisation_id", "number", "name")} for v in villages],
            "activities": activities,
            "introduction": [list(section) for section in introduction(unsaved_plan)],
            "changes": None,
        }
        t["snapshot"].add(plan_id=plan["id"], content=content, created_at=self.announced_at)
        day = dt.date(2026, 11, rng.randint(1, 25))
        body = (f"อาศัยอำนาจตามระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น ข้อ ๒๖ (๒) และข้อ ๒๗ "
                f"จึงประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {YEAR}")  # fmt: skip
        common = dict(organisation_id=org_id, signer_name=executive, signer_title="", acting="", acting_for="",
                      announced_by_id=boss["id"], announced_at=self.announced_at, pdf="", plan_pdf="", signed_scan="")  # fmt: skip
        t["announcement"].add(
            kind="plan", fiscal_year=YEAR, plan_id=plan["id"], number=f"{rng.randint(1, 90)}/2569", announced_on=day,
            heading=f"ประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {YEAR}", body=body, posted_on=day,
            posted_until=day + dt.timedelta(days=30), **common,
        )  # fmt: skip
        # Last year's reports: the six-month report (April) and the year-end evaluation (December).
        for kind, share, on, heading in (
            ("six_month", 0.7, dt.date(2026, 4, 20), f"รายงานการกำกับติดตามการดำเนินงาน รอบ ๖ เดือน ประจำปีงบประมาณ พ.ศ. {YEAR - 1}"),
            ("evaluation", 0.5, dt.date(2025, 12, 15), f"ผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ พ.ศ. {YEAR - 2}"),
        ):
            if rng.random() < share:
                year = YEAR - 1 if kind == "six_month" else YEAR - 2
                t["announcement"].add(kind=kind, fiscal_year=year, plan_id=None, number=f"{rng.randint(100, 200)}/{year}",
                                      announced_on=on, heading=heading, body=heading, posted_on=on,
                                      posted_until=on + dt.timedelta(days=30), **common)  # fmt: skip

    def _activities(self, plan_id: int, strategies, units, villages) -> list[dict]:
        from bench import names
        from lib import thai

        rng, t = self.rng, self.tables
        count = int(rng.triangular(100, 400, 100))
        dumps = []
        for order in range(count):
            first = rng.randrange(12)
            kind = rng.random()
            other = rng.choice(names.OTHER_AGENCIES) if kind > 0.95 else ""
            equipment = 0.88 < kind <= 0.95
            village = rng.choice(villages)
            activity = t["activity"].add(
                plan_id=plan_id, key=uuid.UUID(int=rng.getrandbits(128), version=4), order=order,
                strategy_id=rng.choice(strategies)["id"], guideline_id=None, programme_id=rng.choice(self.programmes).pk,
                name=rng.choice(names.ACTIVITY_NAMES).format(p=rng.choice(names.PLACE_TAILS)), details=rng.choice(names.DETAILS),
                budget=Decimal(rng.randrange(5_000, 5_000_000, 500)).quantize(Decimal("0.01")), location=f"หมู่ที่ {village['number']}",
                unit_id=None if other else rng.choice(units)["id"], months=thai.months_to_mask(range(first, rng.randint(first + 1, 12))),
                other_agency=other, is_equipment=equipment, category_id=None, item_type="ครุภัณฑ์สำนักงาน" if equipment else "",
                budget_line_id=None, plan_project_id=None,
            )  # fmt: skip
            t["activity_village"].add(activity_id=activity["id"], village_id=village["id"])
            dump = {name: activity.get(name) for name in self.activity_fields}
            dump["key"], dump["budget"] = str(dump["key"]), str(dump["budget"])
            dump["villages"] = [village["id"]]
            dumps.append(dump)
        self.activities += count
        # In print order, as snapshot_content stores them.
        numbers = {s["id"]: s["number"] for s in strategies}
        codes = {p.pk: p.code for p in self.programmes}
        return sorted(dumps, key=lambda a: (numbers[a["strategy_id"]], codes[a["programme_id"]], a["order"], a["id"]))

    def copy(self, cursor) -> None:
        for table in self.tables.values():
            table.copy(cursor)


def build(organisations: int) -> dict:
    """A fresh database of the given size (minutes: COPY in batches, the text indexes built last)."""
    admin = _admin()
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    admin.close()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings = {"migrate_s": round(time.perf_counter() - started, 1)}
    country = Country(organisations)
    from bench.names import PROVINCES

    numbers = {province: n for n, province in enumerate(PROVINCES, 1)}
    started = time.perf_counter()
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name in TEXT_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        everything = country.plan_of_kinds()
        for index, (kind, province, district) in enumerate(everything):
            country.organisation(index, kind, province, district, numbers[province])
            if (index + 1) % BATCH == 0 or index + 1 == len(everything):
                country.copy(cursor)
                print(
                    f"  {index + 1:,} organisations, {country.activities:,} activities, {time.perf_counter() - started:.0f} s", flush=True
                )
        timings["copy_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        from projects.migrations import _text_search

        for statement in _text_search.CREATE:
            cursor.execute(statement)
        for table in country.tables.values():
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table.model._meta.db_table}\"', 'id'), GREATEST(1, (SELECT MAX(id) FROM \"{table.model._meta.db_table}\")))"
            )
        cursor.execute("ANALYZE")
        timings["indexes_and_analyze_s"] = round(time.perf_counter() - started, 1)
        info = {"organisations": organisations, "activities": country.activities, **timings, "built_at": dt.datetime.now().isoformat()}
        cursor.execute("CREATE TABLE bench_national_marker (info jsonb)")
        cursor.execute("INSERT INTO bench_national_marker VALUES (%s)", [json.dumps(info)])
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=NATIONAL, help=f"how many organisations (default {NATIONAL:,}, the country)")
    parser.add_argument("--rebuild", action="store_true", help="build again even if the database holds this size already")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "8")), help="seconds of load per measurement")
    parser.add_argument("--build-only", action="store_true", help="build (or find) the database, measure nothing")
    parser.add_argument("--open-data-only", action="store_true", help="only time writing the year's open-data files")
    args = parser.parse_args(argv)
    _refuse_sqlite()
    _environment()
    info = None if args.rebuild else _marker(args.organisations)
    if info is None:
        print(f"building {args.organisations:,} organisations in {DATABASE} …", flush=True)
        info = build(args.organisations)
    else:
        print(f"reusing {DATABASE}: {info['organisations']:,} organisations, {info['activities']:,} activities (built {info['built_at']})")
    print(json.dumps({"database": info}, ensure_ascii=False))
    if args.build_only:
        return
    from bench import national_measure

    if args.open_data_only:
        import django

        django.setup()
        national_measure.open_data_seconds()
        return

    national_measure.run(info, seconds=args.seconds)


if __name__ == "__main__":
    main()
