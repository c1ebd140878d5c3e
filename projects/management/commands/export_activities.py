from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import OperationalPlan, Organisation
from projects import exports


class Command(BaseCommand):
    help = "Export an organisation's operational plan of fiscal year N to FILE (.xlsx or .csv) in the ผด.02 layout with the extra columns."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--year", required=True, type=int, help="the fiscal year, Buddhist Era (e.g. 2570)")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("ชื่อไฟล์ต้องลงท้ายด้วย .xlsx หรือ .csv")
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบ อปท. รหัส {options['organisation']}")
        plan = OperationalPlan.objects.filter(organisation=organisation, fiscal_year=options["year"]).order_by("-pk").first()
        if plan is None:
            raise CommandError(f"ไม่พบแผนการดำเนินงานปี {options['year']}")
        activities = exports.ordered(plan)
        content = (
            exports.to_csv(activities, organisation.words)
            if path.suffix.lower() == ".csv"
            else exports.to_xlsx(activities, f"{plan.title} {organisation.full_name}", words=organisation.words)
        )
        path.write_bytes(content)
        self.stdout.write(f"ส่งออก {len(activities)} รายการไปที่ {path}")
