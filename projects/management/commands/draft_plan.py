from django.core.management.base import BaseCommand, CommandError

from plans.models import BudgetOrdinance, Organisation
from projects.services import DraftError, plan_create_from_budget


class Command(BaseCommand):
    help = (
        "Draft (or refresh) an organisation's operational plan of fiscal year N from that year's main budget ordinance, "
        "as the ordinance page's button does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the 7-digit DLA code")
        parser.add_argument("--year", required=True, type=int, help="the fiscal year, Buddhist Era (e.g. 2570)")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"ไม่พบ อปท. รหัส {options['organisation']}")
        year = options["year"]
        ordinance = (
            BudgetOrdinance.objects.filter(organisation=organisation, fiscal_year=year, kind=BudgetOrdinance.Kind.MAIN)
            .select_related("organisation")
            .first()
        )
        if ordinance is None:
            raise CommandError(f"{organisation} ยังไม่มี{organisation.ordinance_word}งบประมาณรายจ่ายประจำปี {year}")
        try:
            plan, result = plan_create_from_budget(ordinance=ordinance)
        except DraftError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{plan.title} ของ{organisation}: {result.summary()}")
        self.stdout.write(f"มีโครงการ/กิจกรรมทั้งหมด {plan.activities.count()} รายการ ตรวจสอบต่อด้วย check_plan")
