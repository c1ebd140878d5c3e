import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lib import thai
from plans.importing import PlanProjectImport
from plans.management.commands import _imports
from plans.models import DevelopmentPlan, Organisation, StrategicPlan


class Command(BaseCommand):
    help = (
        "Import a development plan's ผ.02 workbook (every sheet) into the organisation's development plan of the given years, "
        "finding or creating that plan. Prints the preview; --dry-run saves nothing. Exit status 0 only when the import is clean."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--years", required=True, help="the plan's fiscal years, Buddhist Era, e.g. 2566-2570")
        parser.add_argument("--create-missing", action="store_true", help="create unknown strategies, กลยุทธ์ and units instead of refusing")
        parser.add_argument("--dry-run", action="store_true", help="print what the import would do, save nothing")

    def handle(self, *args, **options):
        organisation = _imports.organisation(options["organisation"])
        first, last = years(options["years"])
        content = _imports.content(options["file"])
        with transaction.atomic():
            plan = development_plan(organisation, first, last)
            build = lambda: PlanProjectImport(plan, content, create_missing=options["create_missing"], filename=options["file"].name)  # noqa: E731
            importer = _imports.run(self, build, dry_run=options["dry_run"])
        if importer is not None:
            self.stdout.write(f"นำเข้าแล้ว: {plan} ({_imports.counts(importer.preview)})")


def years(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", thai.arabic_digits(text))
    if not match:
        raise CommandError("--years ต้องเป็นช่วงปี พ.ศ. เช่น 2566-2570")
    first, last = int(match.group(1)), int(match.group(2))
    if not 2500 <= first <= 2700 or last - first + 1 not in (3, 4, 5):
        raise CommandError("แผนพัฒนามีระยะเวลา ๓, ๔ หรือ ๕ ปี เป็นปี พ.ศ. เช่น 2566-2570")
    return first, last


def development_plan(organisation: Organisation, first: int, last: int) -> DevelopmentPlan:
    """The organisation's development plan of those years, created (with a strategic plan of the same years if it has none) when missing."""
    plan = (
        DevelopmentPlan.objects.filter(organisation=organisation, first_year=first, length=last - first + 1)
        .select_related("strategic_plan")
        .first()
    )
    if plan is not None:
        return plan
    strategic = (
        StrategicPlan.objects.filter(organisation=organisation, first_year__lte=first, last_year__gte=last).order_by("-first_year").first()
    )
    strategic = strategic or StrategicPlan.objects.create(organisation=organisation, first_year=first, last_year=last)
    return DevelopmentPlan.objects.create(organisation=organisation, strategic_plan=strategic, first_year=first, length=last - first + 1)
