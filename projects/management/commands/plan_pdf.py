"""Write an operational plan's PDF: `python manage.py plan_pdf --organisation CODE --year N [--edition …] OUT.pdf`."""

import re
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import OperationalPlan, Organisation
from projects.pdf import render_plan_pdf

EDITION = re.compile(r"^(original|additional-[1-9][0-9]*|amending-[1-9][0-9]*)$")


class Command(BaseCommand):
    help = "Write the operational plan of an organisation and fiscal year (and edition) to OUT.pdf, as staff download it."

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="the PDF file to write")
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--year", required=True, type=int, help="the fiscal year, Buddhist Era (e.g. 2570)")
        parser.add_argument("--edition", default="original", help="original (default), additional-N or amending-N")

    def handle(self, *args, **options):
        out: Path = options["out"]
        if out.suffix.lower() != ".pdf":
            raise CommandError("ชื่อไฟล์ต้องลงท้ายด้วย .pdf")
        edition = options["edition"]
        if not EDITION.match(edition):
            raise CommandError("ฉบับต้องเป็น original, additional-N หรือ amending-N (N คือครั้งที่ เช่น additional-1)")
        kind, _, number = edition.partition("-")
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบ อปท. รหัส {options['organisation']}")
        plan = OperationalPlan.objects.filter(
            organisation=organisation, fiscal_year=options["year"], edition_kind=kind, edition_number=int(number or 0)
        ).first()
        if plan is None:
            raise CommandError(f"ไม่พบแผนการดำเนินงานปี {options['year']} ฉบับ {edition} ของ{organisation.full_name}")
        if not out.parent.is_dir():
            raise CommandError(f"ไม่มีโฟลเดอร์ {out.parent}")
        started = time.perf_counter()
        data = render_plan_pdf(plan)
        out.write_bytes(data)
        self.stdout.write(f"เขียน {out} ({len(data) // 1024:,} KB) ใน {time.perf_counter() - started:.1f} วินาที")
