"""A province at a glance: its organisations, which announced the year's plan, their budgets by
strategy and their latest monitoring reports; and a text search across the province's plans.

Every figure comes from a handful of aggregate queries over the province, whatever its number of
organisations and activities (at national size: about 100 organisations and 20,000 activities).
The plan counted for an organisation is its plan in force: the latest announced edition of the year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from announcements.models import Announcement
from lib import thai
from plans.models import OperationalPlan, Organisation, Strategy
from projects.models import Activity


@dataclass
class StrategyBudget:
    number: int
    name: str
    activities: int
    budget: Decimal


@dataclass
class Row:
    """One organisation of the province."""

    organisation: Organisation
    plan: OperationalPlan | None = None
    strategies: list[StrategyBudget] = field(default_factory=list)
    six_month: int | None = None  # fiscal year of its latest published six-month report
    evaluation: int | None = None  # ... and of its latest year-end evaluation

    @property
    def budget(self) -> Decimal:
        return sum((s.budget for s in self.strategies), Decimal("0"))

    @property
    def activities(self) -> int:
        return sum(s.activities for s in self.strategies)


@dataclass
class Province:
    name: str
    year: int
    years: list[int]
    rows: list[Row]
    totals: list[StrategyBudget]  # the province's budget by strategy name, largest first

    @property
    def announced(self) -> list[Row]:
        return [row for row in self.rows if row.plan]

    @property
    def not_announced(self) -> list[Row]:
        return [row for row in self.rows if not row.plan]

    @property
    def budget(self) -> Decimal:
        return sum((row.budget for row in self.rows), Decimal("0"))

    @property
    def activities(self) -> int:
        return sum(row.activities for row in self.rows)


def plans_in_force(province: str, year: int) -> dict[int, OperationalPlan]:
    """organisation id → its plan in force of the year (one query)."""
    plans = OperationalPlan.objects.announced().filter(organisation__province=province, fiscal_year=year).order_by("pk")
    return {plan.organisation_id: plan for plan in plans.only("pk", "organisation_id", "fiscal_year", "edition_kind", "edition_number")}


def announced_years(province: str) -> list[int]:
    years = OperationalPlan.objects.announced().filter(organisation__province=province).values_list("fiscal_year", flat=True)
    return sorted(set(years.order_by().distinct()), reverse=True)


def choose_year(years: list[int], asked: str | None, today: dt.date) -> int:
    """The year asked for if the province has announced plans of it, else the latest it has (else this fiscal year)."""
    if asked and asked.isdigit() and int(asked) in years:
        return int(asked)
    return years[0] if years else thai.fiscal_year_of(today)


def province_overview(name: str, asked_year: str | None, today: dt.date) -> Province | None:
    organisations = list(Organisation.objects.filter(province=name).order_by("district", "name", "code"))
    if not organisations:
        return None
    years = announced_years(name)
    year = choose_year(years, asked_year, today)
    plans = plans_in_force(name, year)
    rows = {org.pk: Row(org, plans.get(org.pk)) for org in organisations}
    by_plan = {plan.pk: org_id for org_id, plan in plans.items()}
    # Grouped on the activities alone (no join: at national size a join of the province's 20,000
    # activities to the strategies costs ten times the grouping); the strategies' names apart.
    budgets = list(
        Activity.objects.filter(plan__in=list(by_plan))
        .order_by()
        .values_list("plan_id", "strategy_id")
        .annotate(activities=Count("pk"), budget=Sum("budget"))
    )
    strategies = (
        Strategy.objects.filter(pk__in={strategy_id for _, strategy_id, _, _ in budgets}).order_by().only("number", "name").in_bulk()
    )
    totals: dict[str, StrategyBudget] = {}
    for plan_id, strategy_id, activities, amount in sorted(budgets, key=lambda b: (b[0], strategies[b[1]].number)):
        strategy = strategies[strategy_id]
        budget = StrategyBudget(strategy.number, strategy.name, activities, amount or Decimal("0"))
        rows[by_plan[plan_id]].strategies.append(budget)
        total = totals.setdefault(budget.name, StrategyBudget(0, budget.name, 0, Decimal("0")))
        total.activities += budget.activities
        total.budget += budget.budget
    _latest_reports(name, rows)
    ranked = sorted(totals.values(), key=lambda t: t.budget, reverse=True)
    return Province(name=name, year=year, years=years, rows=list(rows.values()), totals=ranked)


def _latest_reports(province: str, rows: dict[int, Row]) -> None:
    reports = Announcement.objects.reports().filter(organisation__province=province)
    latest: dict[tuple[int, str], int] = defaultdict(int)
    for org_id, kind, year in reports.values_list("organisation_id", "kind", "fiscal_year"):
        latest[org_id, kind] = max(latest[org_id, kind], year)
    for (org_id, kind), year in latest.items():
        setattr(rows[org_id], "six_month" if kind == Announcement.Kind.SIX_MONTH else "evaluation", year)


def search_activities(province: str, year: int, query: str) -> QuerySet[Activity]:
    """The activities of the province's plans in force whose name or details hold every word.

    A substring match, so that a Thai word is found inside longer text ("ถนน" in "ก่อสร้างถนนคอนกรีต"):
    Thai is written without spaces between words. On PostgreSQL the trigram indexes of migration
    projects 0004 answer it; SQLite scans the province's activities."""
    plans = plans_in_force(province, year)
    if not plans:
        return Activity.objects.none()
    found = Activity.objects.filter(plan__in=[plan.pk for plan in plans.values()])
    for word in thai.arabic_digits(query).split():
        lookup = "icontains" if word.lower() != word.upper() else "contains"  # Thai has no case: LIKE, not UPPER() LIKE
        found = found.filter(Q(**{f"name__{lookup}": word}) | Q(**{f"details__{lookup}": word}))
    # Organisations by district and name, as the province page lists them: their plans' rank, so
    # that the database sorts the activities alone; the page's rows fetch what they name apart.
    organisations = Organisation.objects.filter(pk__in=list(plans)).order_by("district", "name", "code").values_list("pk", flat=True)
    rank = Case(*(When(plan_id=plans[org_id].pk, then=Value(i)) for i, org_id in enumerate(organisations)), output_field=IntegerField())
    return found.prefetch_related("plan__organisation", "unit").order_by(rank, "order", "pk")
