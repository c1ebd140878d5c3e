"""A municipality's real files through the whole chain: its ผ.02 workbook, its budget, the drafted
plan, months and places by the Excel round trip, the checks: every count and total per strategy and
แผนงาน against the source files."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from operations.examples import NAMESAKE, budget_workbook, development_plan_workbook
from plans.importing import PlanProjectImport
from plans.line_import import BudgetLineImport
from plans.models import BudgetLine, BudgetOrdinance, PlanProject
from projects import checks, exports
from projects.importer import ActivityImport
from projects.services import plan_create_from_budget
from tests.plans.conftest import city, city_plan  # noqa: F401 - the municipality's fixtures

pytestmark = pytest.mark.django_db
YEAR = 2570


def per_group(items) -> dict[tuple[int, str], tuple[int, Decimal]]:
    totals: dict = defaultdict(lambda: [0, Decimal(0)])
    for strategy, programme, amount in items:
        totals[strategy, programme][0] += 1
        totals[strategy, programme][1] += amount
    return {key: tuple(value) for key, value in totals.items()}


@pytest.fixture
def drafted(city, city_plan):  # noqa: F811
    content, source = development_plan_workbook()
    PlanProjectImport(city_plan, content).save()
    ordinance = BudgetOrdinance.objects.create(organisation=city, fiscal_year=YEAR, enacted_on=dt.date(2026, 9, 15))
    budget, lines = budget_workbook(source)
    BudgetLineImport(ordinance, budget).save()
    plan, result = plan_create_from_budget(ordinance=ordinance)
    return source, lines, plan, result


def test_the_drafted_plan_holds_every_project_of_the_year_with_its_totals_per_strategy_and_programme(drafted):
    source, lines, plan, result = drafted
    funded = [p for p in source.projects if p.budgets.get(YEAR)]
    assert result.activities == len(funded) and result.not_projects == 22
    expected = per_group((p.strategy, p.programme, p.budgets[YEAR]) for p in funded)
    activities = plan.activities.select_related("strategy", "programme", "plan_project__strategy", "budget_line")
    assert per_group((a.strategy.number, a.programme.code, a.budget) for a in activities) == expected
    assert all(a.plan_project.strategy_id == a.strategy_id and a.budget_line.plan_project_id == a.plan_project_id for a in activities)
    namesakes = activities.filter(name=NAMESAKE)
    assert sorted(a.strategy.number for a in namesakes) == [1, 4]
    ordinance_total = sum((line.amount for line in lines), Decimal(0))
    assert sum(BudgetLine.objects.filter(ordinance=plan.ordinance).values_list("amount", flat=True)) == ordinance_total
    assert {p.kind for p in checks.plan_problems(plan)} == {"no_months", "no_place"}


def test_months_and_places_by_the_excel_round_trip_update_the_same_activities_and_keep_their_links(drafted, city):  # noqa: F811
    source, lines, plan, _ = drafted
    before = {a.key: (a.pk, a.budget_line_id, a.plan_project_id) for a in plan.activities.all()}
    book = load_workbook(io.BytesIO(exports.to_xlsx(exports.ordered(plan), plan.title)))
    sheet = book.active
    headers = [c.value for c in sheet[2]]
    month, place = headers.index("ธ.ค."), headers.index("สถานที่ดำเนินการ")
    for row in sheet.iter_rows(min_row=3):
        row[month].value, row[month + 1].value = "✓", "✓"
        row[place].value = "ชุมชนในเขตเทศบาล"
    buffer = io.BytesIO()
    book.save(buffer)
    importer = ActivityImport(buffer.getvalue(), city, YEAR, replace=True)
    assert importer.preview.counts[:4] == [("สร้างใหม่", 0), ("ปรับปรุงรายการเดิม", len(before)), ("ไม่เปลี่ยนแปลง", 0), ("ลบ (ไม่มีในไฟล์)", 0)]
    importer.save()
    after = {a.key: (a.pk, a.budget_line_id, a.plan_project_id) for a in plan.activities.all()}
    assert after == before
    assert set(plan.activities.values_list("months", flat=True)) == {0b110 << 1}
    assert checks.plan_problems(plan) == []
    funded = [p for p in source.projects if p.budgets.get(YEAR)]
    expected = per_group((p.strategy, p.programme, p.budgets[YEAR]) for p in funded)
    assert per_group(plan.activities.values_list("strategy__number", "programme__code", "budget")) == expected
    assert PlanProject.objects.filter(development_plan__organisation=city).count() == len(source.projects)
