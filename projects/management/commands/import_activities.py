from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from plans.management.commands import _imports
from projects.importer import ActivityImport


class Command(BaseCommand):
    help = (
        "Import a ผด.02 spreadsheet (.xlsx or .csv) into an organisation's operational plan of fiscal year N (all or nothing); rows with "
        "the รหัสอ้างอิง of an activity update it in place. Prints the preview; --dry-run saves nothing. Exit status 0 only when clean."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--year", required=True, type=int, help="the fiscal year, Buddhist Era (e.g. 2570)")
        parser.add_argument(
            "--create-missing", action="store_true", help="create unknown strategies, units and villages instead of refusing"
        )
        parser.add_argument("--replace", action="store_true", help="delete the draft's activities that the file does not hold")
        parser.add_argument("--dry-run", action="store_true", help="print what the import would do, save nothing")

    def handle(self, *args, **options):
        organisation = _imports.organisation(options["organisation"])
        content = _imports.content(options["file"])
        with transaction.atomic():
            build = lambda: ActivityImport(content, organisation, options["year"], create_missing=options["create_missing"],  # noqa: E731
                                           replace=options["replace"], filename=options["file"].name)  # fmt: skip
            importer = _imports.run(self, build, dry_run=options["dry_run"])
        if importer is None:
            return
        plan = importer.plan
        self.stdout.write(f"นำเข้าแล้ว: {plan} มีโครงการ/กิจกรรม {plan.activities.count()} รายการ")
