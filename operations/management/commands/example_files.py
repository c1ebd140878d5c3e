from pathlib import Path

from django.core.management.base import BaseCommand

from operations.examples import ORGANISATION, YEARS, budget_workbook, development_plan_workbook


class Command(BaseCommand):
    help = (
        "Write example files shaped like a municipality's real ones into DIRECTORY: its five-year plan's ผ.02 workbook "
        "(32 sheets under heading rows, two-row headers, Thai digits, namesake projects) and its budget of the plan's last year."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--projects", type=int, default=260, help="projects in the ผ.02 workbook (default 260)")

    def handle(self, *args, **options):
        directory: Path = options["directory"]
        directory.mkdir(parents=True, exist_ok=True)
        plan, source = development_plan_workbook(projects=options["projects"])
        budget, lines = budget_workbook(source, year=YEARS[-1])
        name = ORGANISATION.removeprefix("เทศบาลเมือง")
        files = {f"ผ02-{name}.xlsx": plan, f"เทศบัญญัติ-{YEARS[-1]}-{name}.xlsx": budget}
        for filename, content in files.items():
            (directory / filename).write_bytes(content)
        self.stdout.write(f"เขียนไฟล์ตัวอย่างของ{ORGANISATION}แล้ว: " + ", ".join(str(directory / f) for f in files))
        self.stdout.write(f"โครงการ {len(source.projects)} โครงการใน {len(source.sheets)} แผ่นงาน; รายการงบประมาณ {len(lines)} รายการ")
