"""The operational-plan document as data: one source for the HTML preview, the PDF, and later the exports.

`build_document(plan)` loads everything in a fixed number of queries and arranges it the way the
official forms print it: Part 1 (บทนำ), ผด.01 (summary by strategy and แผนงาน), ผด.02 (projects by
strategy then แผนงาน, numbering restarting in each group), ผด.02/1 (equipment), and the projects of
other agencies working in the area.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from lib import thai
from lib.rounding import nested_percentages
from plans.models import ExpenseCategory, Guideline, OperationalPlan, Organisation, Programme, Strategy, Unit, Village
from projects.editions import EditionChanges, edition_changes
from projects.introduction import blocks, introduction
from projects.models import Activity
from projects.snapshot import frozen


@dataclass
class Row:
    number: int
    activity: Activity

    @property
    def bars(self) -> list[tuple[int, int]]:
        """The month bars as (months skipped since the previous bar, months covered)."""
        bars, end = [], 0
        for first, length in thai.month_spans(self.activity.months):
            bars.append((first - end, length))
            end = first + length
        return bars


@dataclass
class ProgrammeGroup:
    programme: Programme
    index: int  # its place under its strategy (first, second … แผนงาน); never printed as "1.2"
    rows: list[Row] = field(default_factory=list)
    equipment: list[Row] = field(default_factory=list)  # the same แผนงาน's ผด.02/1 items: counted in its ผด.01 line
    strategy_group: StrategyGroup | None = field(default=None, repr=False)  # the whole strategy it belongs to
    closes_strategy: bool = False  # the strategy's last แผนงาน: its table ends with the strategy's subtotal
    closes_list: bool = False  # the list's last แผนงาน: its table ends with the grand total

    @property
    def total(self) -> Decimal:
        return sum((row.activity.budget for row in self.rows), Decimal(0))

    @property
    def equipment_total(self) -> Decimal:
        return sum((row.activity.budget for row in self.equipment), Decimal(0))

    @property
    def whole_count(self) -> int:
        return len(self.rows) + len(self.equipment)

    @property
    def whole_total(self) -> Decimal:
        return self.total + self.equipment_total

    @property
    def guidelines(self) -> list:
        """The กลยุทธ์/แนวทาง its rows name, in row order (printed in the heading block when there are any)."""
        found = []
        for row in self.rows:
            guideline = getattr(row.activity, "guideline", None)
            if guideline is not None and guideline not in found:
                found.append(guideline)
        return found


@dataclass
class StrategyGroup:
    strategy: Strategy
    programmes: list[ProgrammeGroup] = field(default_factory=list)
    equipment_rows: list[Row] = field(default_factory=list)  # the strategy's ผด.02/1 items: counted in its ผด.01 line

    @property
    def total(self) -> Decimal:
        return sum((group.total for group in self.programmes), Decimal(0))

    @property
    def count(self) -> int:
        return sum(len(group.rows) for group in self.programmes)

    @property
    def equipment_count(self) -> int:
        return len(self.equipment_rows)

    @property
    def equipment_total(self) -> Decimal:
        return sum((row.activity.budget for row in self.equipment_rows), Decimal(0))

    @property
    def whole_count(self) -> int:
        return self.count + self.equipment_count

    @property
    def whole_total(self) -> Decimal:
        return self.total + self.equipment_total


@dataclass
class SummaryLine:
    label: str
    count: int
    budget: Decimal
    count_pct: Decimal | None = None
    budget_pct: Decimal | None = None
    units: str = ""


@dataclass
class SummaryBlock:
    strategy: Strategy
    line: SummaryLine
    programmes: list[SummaryLine]


@dataclass
class Section:
    key: str
    title: str
    form: str = ""


@dataclass
class PlanDocument:
    plan: OperationalPlan
    organisation: Organisation
    style: str
    introduction: list[tuple[str, list[tuple[str, str]]]]
    summary: list[SummaryBlock]
    summary_total: SummaryLine
    others_summary: list[SummaryLine]
    others_total: SummaryLine
    projects: list[StrategyGroup]
    equipment: list[StrategyGroup]
    others: list[StrategyGroup]
    changes: EditionChanges | None = None  # for an edition: what it changes and removes

    month_names = tuple(thai.fiscal_month_abbr(i) for i in range(12))

    @property
    def fiscal_years(self) -> tuple[int, int]:
        return self.plan.fiscal_year - 1, self.plan.fiscal_year

    @property
    def sections(self) -> list[Section]:
        """The parts of Part 2 that have rows, in print order (also the table of contents)."""
        sections = [Section("pd01", "บัญชีสรุปจำนวนโครงการและงบประมาณ", "แบบ ผด.01")]
        if self.projects:
            sections.append(Section("pd02", "บัญชีโครงการ/กิจกรรม/งบประมาณ", "แบบ ผด.02"))
        if self.equipment:
            sections.append(Section("pd021", "บัญชีจำนวนครุภัณฑ์ที่ไม่ได้ดำเนินการตามโครงการพัฒนาท้องถิ่น", "แบบ ผด.02/1"))
        if self.others:
            sections.append(Section("others", "บัญชีโครงการ/กิจกรรมของหน่วยงานอื่นที่ดำเนินการในพื้นที่"))
        if self.changes and (self.changes.changed or self.changes.removed):
            sections.append(Section("changes", "รายการที่แก้ไขและยกเลิกจากฉบับก่อน"))
        return sections

    @property
    def projects_count(self) -> int:
        return sum(group.count for group in self.projects)

    @property
    def projects_total(self) -> Decimal:
        return sum((group.total for group in self.projects), Decimal(0))

    @property
    def equipment_count(self) -> int:
        return sum(group.count for group in self.equipment)

    @property
    def equipment_total(self) -> Decimal:
        return sum((group.total for group in self.equipment), Decimal(0))

    @property
    def row_count(self) -> int:
        return sum(group.count for groups in (self.projects, self.equipment, self.others) for group in groups)


@dataclass(slots=True)
class Summarised:
    """What the summary (ผด.01) and progress figures need of an activity, read as plain values: a
    thousand of these cost a fraction of a thousand model instances."""

    pk: int
    key: object
    strategy_id: int
    programme_id: int
    unit_id: int | None
    budget: Decimal
    is_equipment: bool
    other_agency: str
    strategy: Strategy | None = None
    programme: Programme | None = None
    unit: Unit | None = None

    @property
    def is_other_agency(self) -> bool:
        return bool(self.other_agency)


def summarised_activities(plan: OperationalPlan) -> list[Summarised]:
    """The plan's activities in document order, for pages that show the summary, not the rows."""
    fields = ("pk", "key", "strategy_id", "programme_id", "unit_id", "budget", "is_equipment", "other_agency")
    rows = [
        Summarised(*values)
        for values in plan.activities.order_by("strategy__number", "programme__code", "order", "pk").values_list(*fields)
    ]
    strategies = Strategy.objects.in_bulk({r.strategy_id for r in rows})
    programmes = {programme.pk: programme for programme in Programme.objects.all()}
    units = {unit.pk: unit for unit in Unit.objects.filter(organisation=plan.organisation_id)}
    for row in rows:
        row.strategy, row.programme, row.unit = strategies[row.strategy_id], programmes[row.programme_id], units.get(row.unit_id)
    return rows


def activities_of(plan: OperationalPlan) -> list[Activity]:
    """Every activity of the plan in document order, with its strategy, guideline, แผนงาน, unit and
    category attached from one small query each: a thousand rows then share a few dozen related
    objects instead of carrying six thousand copies of them (select_related), a third of the time.
    Villages likewise, from one query (`Activity.village_list`), not a prefetch queryset per row."""
    activities = list(plan.activities.order_by("strategy__number", "programme__code", "order", "pk"))
    # Whole small sets, not "pk in (…)": the same queries whatever the rows name.
    related = {
        "strategy": Strategy.objects.filter(Q(strategic_plan=plan.strategic_plan_id) | Q(pk__in={a.strategy_id for a in activities})),
        "guideline": Guideline.objects.filter(strategy__strategic_plan=plan.strategic_plan_id).select_related("strategy"),
        "programme": Programme.objects.all(),
        "unit": Unit.objects.filter(organisation=plan.organisation_id),
        "category": ExpenseCategory.objects.all(),
    }
    for name, queryset in related.items():
        by_pk = {obj.pk: obj for obj in queryset}
        attribute = f"{name}_id"
        for activity in activities:
            value = getattr(activity, attribute)
            # What select_related would have filled in; anything not found in the set (never
            # expected) is left to load itself.
            if value is None or value in by_pk:
                setattr(activity, name, by_pk.get(value))
    links = Activity.villages.through.objects.filter(activity__plan=plan).values_list("activity_id", "village_id")
    villages = {village.pk: village for village in Village.objects.filter(organisation=plan.organisation_id).select_related("organisation")}
    by_activity: dict[int, list] = {}
    for activity_id, village_id in links:
        if village_id in villages:
            by_activity.setdefault(activity_id, []).append(villages[village_id])
    for activity in activities:
        activity._villages = sorted(by_activity.get(activity.pk, []), key=lambda village: village.number)
    return activities


def group(activities: list[Activity]) -> list[StrategyGroup]:
    """Strategy → แผนงาน → rows, numbering restarting at 1 in each แผนงาน group."""
    strategies: OrderedDict[int, StrategyGroup] = OrderedDict()
    for activity in activities:
        strategy_group = strategies.setdefault(activity.strategy_id, StrategyGroup(activity.strategy))
        if not strategy_group.programmes or strategy_group.programmes[-1].programme.pk != activity.programme_id:
            strategy_group.programmes.append(ProgrammeGroup(activity.programme, len(strategy_group.programmes) + 1))
        programme_group = strategy_group.programmes[-1]
        programme_group.rows.append(Row(len(programme_group.rows) + 1, activity))
    groups = list(strategies.values())
    for strategy_group in groups:
        for programme_group in strategy_group.programmes:
            programme_group.strategy_group = strategy_group
        strategy_group.programmes[-1].closes_strategy = True
    if groups:
        groups[-1].programmes[-1].closes_list = True
    return groups


def attach_equipment(projects: list[StrategyGroup], equipment: list[StrategyGroup]) -> None:
    """Give each ผด.02 แผนงาน group the ผด.02/1 items of the same strategy and แผนงาน, so that its
    subtotal can be shown beside the ผด.01 line that counts both."""
    by_key = {(s.strategy.pk, p.programme.pk): p for s in projects for p in s.programmes}
    strategies = {s.strategy.pk: s for s in projects}
    for strategy_group in equipment:
        if strategy_group.strategy.pk in strategies:
            strategies[strategy_group.strategy.pk].equipment_rows = [row for p in strategy_group.programmes for row in p.rows]
        for programme_group in strategy_group.programmes:
            target = by_key.get((strategy_group.strategy.pk, programme_group.programme.pk))
            if target is not None:
                target.equipment = programme_group.rows


def _units(activities: list[Activity]) -> str:
    names = []
    for activity in activities:
        name = activity.other_agency or (activity.unit.name if activity.unit else "")
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def summarise(own: list[Activity], strategies: list[Strategy]) -> tuple[list[SummaryBlock], SummaryLine]:
    """ผด.01: count and budget per strategy and per แผนงาน under it, with percentages that add up as printed."""
    by_strategy: OrderedDict[int, OrderedDict[int, list[Activity]]] = OrderedDict((s.pk, OrderedDict()) for s in strategies)
    programmes: dict[int, Programme] = {}
    for activity in own:
        by_strategy.setdefault(activity.strategy_id, OrderedDict()).setdefault(activity.programme_id, []).append(activity)
        programmes[activity.programme_id] = activity.programme
    strategy_of = {s.pk: s for s in strategies} | {a.strategy_id: a.strategy for a in own}
    keys = list(by_strategy)
    counts = [[len(items) for items in by_strategy[k].values()] for k in keys]
    budgets = [[sum((a.budget for a in items), Decimal(0)) for items in by_strategy[k].values()] for k in keys]
    count_pcts, count_rows = nested_percentages(counts)
    budget_pcts, budget_rows = nested_percentages(budgets)

    blocks_: list[SummaryBlock] = []
    for i, key in enumerate(keys):
        groups = by_strategy[key]
        lines = [
            SummaryLine(programmes[pk].name, len(items), budgets[i][j], count_rows[i][j], budget_rows[i][j], _units(items))
            for j, (pk, items) in enumerate(groups.items())
        ]
        everything = [a for items in groups.values() for a in items]
        total_line = SummaryLine(
            str(strategy_of[key]), len(everything), sum(budgets[i], Decimal(0)), count_pcts[i], budget_pcts[i]
        )  # a total row names no list of units
        blocks_.append(SummaryBlock(strategy_of[key], total_line, lines))
    grand = SummaryLine(
        "รวมทั้งสิ้น",
        len(own),
        sum((a.budget for a in own), Decimal(0)),
        sum(count_pcts, Decimal("0.00")) if own else Decimal("0.00"),
        sum(budget_pcts, Decimal("0.00")) if own else Decimal("0.00"),
    )
    return blocks_, grand


def summarise_others(others: list[Activity]) -> tuple[list[SummaryLine], SummaryLine]:
    """Other agencies' projects in the area: counted apart, outside the plan's totals."""
    by_strategy: OrderedDict[int, list[Activity]] = OrderedDict()
    for activity in others:
        by_strategy.setdefault(activity.strategy_id, []).append(activity)
    lines = [
        SummaryLine(str(items[0].strategy), len(items), sum((a.budget for a in items), Decimal(0)), units=_units(items))
        for items in by_strategy.values()
    ]
    return lines, SummaryLine("รวม", len(others), sum((a.budget for a in others), Decimal(0)))


def build_document(plan: OperationalPlan, consolidated: bool = False, summary_only: bool = False) -> PlanDocument:
    """The plan as its documents print it: an edition lists only what it changes, unless `consolidated`.
    With `summary_only` (web pages that show the summary and page through the rows themselves), the
    rows carry only what the summary needs (`Summarised`)."""
    plan = OperationalPlan.objects.select_related("organisation", "development_plan", "ordinance", "strategic_plan").get(pk=plan.pk)
    announced = frozen(plan)
    if announced is not None:  # an announced edition prints what it said when it was announced
        plan.organisation = announced.organisation
        changes = announced.changes if plan.is_edition and not consolidated else None
        activities = changes.current if changes else announced.activities
        strategies, introduction_text = announced.strategies, announced.introduction
    else:
        changes = edition_changes(plan) if plan.is_edition and not consolidated else None
        if changes:
            activities = changes.current
        else:
            activities = summarised_activities(plan) if summary_only else activities_of(plan)
        strategies, introduction_text = list(plan.strategic_plan.strategies.all()), introduction(plan)
    own = [a for a in activities if not a.is_other_agency]
    others = [a for a in activities if a.is_other_agency]
    summary, summary_total = summarise(own, strategies)
    if changes is not None:  # an edition's summary counts only what it adds or changes
        summary = [block for block in summary if block.line.count]
    others_summary, others_total = summarise_others(others)
    projects, equipment = group([a for a in own if not a.is_equipment]), group([a for a in own if a.is_equipment])
    attach_equipment(projects, equipment)
    return PlanDocument(
        plan=plan,
        organisation=plan.organisation,
        style=plan.organisation.digit_style,
        introduction=[(heading, blocks(text)) for heading, text in introduction_text],
        summary=summary,
        summary_total=summary_total,
        others_summary=others_summary,
        others_total=others_total,
        projects=projects,
        equipment=equipment,
        others=group(others),
        changes=changes,
    )
