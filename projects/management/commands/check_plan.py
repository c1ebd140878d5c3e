from django.core.management.base import BaseCommand, CommandError

from lib import thai
from plans.models import OperationalPlan, Organisation
from projects import checks


class Command(BaseCommand):
    help = (
        "Print the checks of an organisation's operational plan of fiscal year N (its latest edition) in Thai; "
        "exit status 1 while an error-level problem remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--year", required=True, type=int, help="the fiscal year, Buddhist Era (e.g. 2570)")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบ อปท. รหัส {options['organisation']}")
        plan = (
            OperationalPlan.objects.filter(organisation=organisation, fiscal_year=options["year"])
            .select_related("organisation", "ordinance", "strategic_plan")
            .order_by("-pk")
            .first()
        )
        if plan is None:
            raise CommandError(f"ไม่พบแผนการดำเนินงานปี {options['year']} ของ{organisation}")
        review = checks.review(plan)
        self.stdout.write(f"{plan.title} ของ{organisation} ({plan.get_status_display()})")
        for group in checks.grouped(review.problems, organisation.words):
            self.stdout.write(f"\n{group.title} ({len(group.problems)})")
            for problem in group.problems:
                self.stdout.write(f"  [{problem.level_label}] {problem.message}")
        self._totals("ยอดรวมรายยุทธศาสตร์", review.by_strategy, plan.fiscal_year)
        self._totals("ยอดรวมรายแผนงาน", review.by_programme, plan.fiscal_year)
        errors, warnings = len(review.errors), len(review.warnings)
        if errors:
            raise CommandError(f"พบข้อผิดพลาด {errors} เรื่อง และข้อควรตรวจสอบ {warnings} เรื่อง ยังเสนอผู้บริหารไม่ได้", returncode=1)
        self.stdout.write(f"\nไม่พบข้อผิดพลาด (ข้อควรตรวจสอบ {warnings} เรื่อง) เสนอผู้บริหารได้")

    def _totals(self, title: str, rows: list[checks.GroupTotal], year: int) -> None:
        def baht(amount) -> str:
            return "—" if amount is None else thai.format_amount(amount, thai.ARABIC)

        self.stdout.write(f"\n{title}: แผน / ข้อบัญญัติ / แผนพัฒนาปี {year} (ทั้งคอลัมน์)")
        for row in rows:
            mark = " ✗ ไม่ตรงกับข้อบัญญัติ" if row.ordinance_differs else ""
            mark += " ! สูงกว่าแผนพัฒนา" if row.development_exceeded else ""
            self.stdout.write(f"  {row.label}: {baht(row.plan)} / {baht(row.ordinance)} / {baht(row.development)}{mark}")
