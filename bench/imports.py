"""Benchmark: a municipality's real files through the chain, with a 250-project and a 2,500-project workbook.

For each size it builds the ผ.02 workbook (32 ผ.02 sheets beside a cover, a ผ.01 summary, a ผ.02/1 and a
ผ.03 sheet; two-row headers, Thai digits, subtotal rows) and the year's budget, then prints the
seconds and the queries of each step: reading the workbook into its preview, saving it, the budget
lines' preview and save, drafting the plan from the budget, the checks, and a replace import of the
drafted plan's edited export (every activity updated in place, one removed). Last, a replace
import of an 8,000-activity plan's edited export (the import that took 45 s when it deleted rows one
by one).

    python -m bench imports       # or: make bench
    BENCH_DATABASE_URL=postgres://…/scratch python -m bench imports   # an empty scratch database
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATABASE = OUT / "imports.sqlite3"


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if "BENCH_DATABASE_URL" not in os.environ:
        DATABASE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DATABASE}")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # a scratch database given by BENCH_DATABASE_URL starts empty too
    import importlib

    from django.apps import apps

    importlib.import_module("plans.migrations.0002_reference_data").load(apps, None)


class Steps:
    """Times each step and counts its queries; prints a line for each."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection

    def __call__(self, label: str, action):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(self.connection) as queries:
            started = time.perf_counter()
            result = action()
            seconds = time.perf_counter() - started
        print(f"    {label:<52} {seconds:7.2f} s {len(queries):7,} queries", flush=True)
        return result


def organisation(code: str):
    from operations.examples import GUIDELINES, STRATEGIES, UNITS
    from plans.models import DevelopmentPlan, Guideline, Organisation, StrategicPlan, Strategy, Unit

    org = Organisation.objects.create(code=code, kind=Organisation.Kind.TOWN, name=f"ท่าพระ{code[-2:]}", district="เมือง", province="ขอนแก่น")
    strategic = StrategicPlan.objects.create(organisation=org, first_year=2566, last_year=2570)
    for number, (name, _) in STRATEGIES.items():
        strategy = Strategy.objects.create(strategic_plan=strategic, number=number, name=name)
        for guideline, guideline_name, _, _ in GUIDELINES[number]:
            Guideline.objects.create(strategy=strategy, number=guideline, name=guideline_name)
    for order, name in enumerate(UNITS, 1):
        Unit.objects.create(organisation=org, name=name, order=order)
    return org, DevelopmentPlan.objects.create(organisation=org, strategic_plan=strategic, first_year=2566, length=5)


def edited_export(plan) -> bytes:
    """The plan's Excel export with months and a place typed on every row, and its last row removed."""
    from openpyxl import load_workbook

    from projects import exports

    book = load_workbook(io.BytesIO(exports.to_xlsx(exports.ordered(plan), plan.title)))
    sheet = book.active
    headers = [c.value for c in sheet[2]]
    month, place = headers.index("ธ.ค."), headers.index("สถานที่ดำเนินการ")
    for row in sheet.iter_rows(min_row=3):
        row[month].value = "✓"
        row[place].value = "ชุมชนในเขตเทศบาล"
    sheet.delete_rows(sheet.max_row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def chain(projects: int, code: str) -> None:
    from operations.examples import budget_workbook, development_plan_workbook
    from plans.importing import PlanProjectImport
    from plans.line_import import BudgetLineImport
    from plans.models import BudgetOrdinance
    from projects import checks
    from projects.importer import ActivityImport
    from projects.services import plan_create_from_budget

    workbook, source = development_plan_workbook(projects=projects)
    budget, lines = budget_workbook(source)
    org, development = organisation(code)
    print(f"  {projects:,} projects in {len(source.sheets)} ผ.02 sheets (+{len(source.skipped)} others), {len(workbook) / 1024:,.0f} KB; "
          f"budget of {len(lines):,} lines, {len(budget) / 1024:,.0f} KB")  # fmt: skip
    step = Steps()
    importer = step("ผ.02 workbook: read, resolve names, preview", lambda: PlanProjectImport(development, workbook))
    assert importer.preview.is_clean, importer.preview.errors[:3]
    step("ผ.02 workbook: save projects and yearly budgets", importer.save)
    ordinance = BudgetOrdinance.objects.create(organisation=org, fiscal_year=2570, enacted_on=dt.date(2026, 9, 15))
    lines_import = step("budget lines: read, match to projects, preview", lambda: BudgetLineImport(ordinance, budget))
    assert lines_import.preview.is_clean
    step("budget lines: save", lines_import.save)
    plan, result = step("draft the plan from the budget", lambda: plan_create_from_budget(ordinance=ordinance))
    problems = step("checks", lambda: checks.plan_problems(plan))
    print(f"      {result.activities:,} activities drafted; {len(problems):,} problems before months and places")
    content = edited_export(plan)
    again = step("edited export: read, preview (replace)", lambda: ActivityImport(content, org, 2570, replace=True))
    step("edited export: save (update in place, delete 1)", again.save)
    problems = step("checks", lambda: checks.plan_problems(plan))
    print(f"      {len(problems):,} problems after the round trip")


def replace_large(activities: int) -> None:
    from bench.synthetic import make_plan
    from projects.importer import ActivityImport

    plan = make_plan(activities=activities, strategies=8, code="9990009")
    plan.activities.update(budget_line=None)
    content = edited_export(plan)
    print(f"  replace import of an edited {activities:,}-activity export ({len(content) / 1024:,.0f} KB)")
    step = Steps()
    importer = step("read, preview", lambda: ActivityImport(content, plan.organisation, plan.fiscal_year, replace=True))
    assert not importer.preview.blocked, importer.preview.errors[:3]
    step(f"save ({importer.preview.count('ปรับปรุงรายการเดิม'):,} updated in place, 1 deleted)", importer.save)


def main() -> None:
    setup_django()
    from django.db import connection

    print(f"Imports on {connection.vendor} ({os.cpu_count()} cores)")
    chain(250, "9990101")
    chain(2500, "9990102")
    replace_large(int(os.environ.get("BENCH_REPLACE_ACTIVITIES", "8000")))


if __name__ == "__main__":
    main()
