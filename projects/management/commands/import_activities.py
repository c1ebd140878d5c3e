from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lib.spreadsheets import NotASpreadsheet
from plans.importing import ImportErrors
from plans.models import Organisation
from projects.importer import import_activities


class Command(BaseCommand):
    help = "Import a ผด.02 spreadsheet (.xlsx or .csv) into an organisation's operational plan of fiscal year N (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--year", required=True, type=int, help="the fiscal year, Buddhist Era (e.g. 2570)")
        parser.add_argument("--create-missing", action="store_true", help="create unknown strategies and units instead of refusing")
        parser.add_argument("--replace", action="store_true", help="replace the draft's activities instead of adding to them")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบ อปท. รหัส {options['organisation']}")
        if not options["file"].is_file():
            raise CommandError(f"ไม่พบไฟล์ {options['file']}")
        try:
            plan = import_activities(
                options["file"].read_bytes(),
                organisation,
                options["year"],
                create_missing=options["create_missing"],
                replace=options["replace"],
            )
        except NotASpreadsheet as problem:
            raise CommandError(str(problem)) from None
        except ImportErrors as problem:
            for error in problem.errors:
                self.stderr.write(str(error))
            raise CommandError(f"ไม่ได้นำเข้า: พบ {len(problem.errors)} จุดที่ต้องแก้ ข้อมูลในระบบยังเหมือนเดิม") from None
        self.stdout.write(f"นำเข้าแล้ว: {plan} มีโครงการ/กิจกรรม {plan.activities.count()} รายการ")
