from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lib import thai
from plans.line_import import BudgetLineImport
from plans.management.commands import _imports
from plans.models import BudgetOrdinance


class Command(BaseCommand):
    help = (
        "Import an ordinance's budget lines (.xlsx or .csv) into the organisation's ordinance of fiscal year N and kind, each matched to "
        "the development-plan project it funds. Prints the preview; --dry-run saves nothing. Exit status 0 only when the import is clean."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--year", required=True, type=int, help="the fiscal year, Buddhist Era (e.g. 2570)")
        parser.add_argument(
            "--kind", choices=BudgetOrdinance.Kind.values, default=BudgetOrdinance.Kind.MAIN, help="the ordinance (default: main)"
        )
        parser.add_argument("--enacted", help="the day the ordinance was enacted, Buddhist Era (e.g. 20/9/2569): recorded on the ordinance")
        parser.add_argument("--dry-run", action="store_true", help="print what the import would do, save nothing")

    def handle(self, *args, **options):
        organisation = _imports.organisation(options["organisation"])
        content = _imports.content(options["file"])
        enacted = None
        if options["enacted"]:
            try:
                enacted = thai.parse_date(options["enacted"])
            except ValueError as problem:
                raise CommandError(f"--enacted: {problem}") from None
        with transaction.atomic():
            ordinance = (
                BudgetOrdinance.objects.filter(organisation=organisation, fiscal_year=options["year"], kind=options["kind"])
                .order_by("-number")
                .first()
            )
            if ordinance is None:
                ordinance = BudgetOrdinance.objects.create(organisation=organisation, fiscal_year=options["year"], kind=options["kind"])
                self.stdout.write(f"สร้าง{ordinance.title}")
            if enacted is not None and ordinance.enacted_on != enacted:
                ordinance.enacted_on = enacted
                ordinance.save(update_fields=["enacted_on"])
                self.stdout.write(f"บันทึกวันที่ประกาศใช้ {thai.format_date(enacted, thai.ARABIC)}")
            elif ordinance.enacted_on is None:
                self.stdout.write("ยังไม่มีวันที่ประกาศใช้: บันทึกก่อนจัดทำแผนการดำเนินงาน (--enacted)")
            build = lambda: BudgetLineImport(ordinance, content, filename=options["file"].name)  # noqa: E731
            importer = _imports.run(self, build, dry_run=options["dry_run"], names_hint=_imports.NAMES_HINT)
        if importer is not None:
            self.stdout.write(f"นำเข้าแล้ว: {ordinance.title} ({_imports.counts(importer.preview)})")
