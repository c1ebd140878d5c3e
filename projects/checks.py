"""The checks the product makes on a draft operational plan, each with a Thai message, a level and a way to fix it.

An error-level problem (wrong or missing numbers, what the regulation requires) stops the plan from
being submitted to the executive; a warning is shown and may be left. All checks of one plan cost
a fixed number of queries, however many activities and budget lines it has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from lib import thai
from plans.models import BudgetLine, DevelopmentPlan, OperationalPlan, PlanProject, PlanProjectBudget, Programme, Strategy, Village
from plans.words import Words
from projects.models import Activity

ERROR, WARNING = "error", "warning"
LEVELS = {ERROR: "ข้อผิดพลาด", WARNING: "ข้อควรตรวจสอบ"}


@dataclass(frozen=True)
class Fix:
    label: str
    url: str


@dataclass
class Problem:
    kind: str
    message: str
    fixes: list[Fix] = field(default_factory=list)
    activity_id: int | None = None
    level: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]


TITLES = {
    "not_in_development_plan": "โครงการที่ไม่อยู่ในแผนพัฒนาของปีนี้",
    "link_mismatch": "เชื่อมกับโครงการในแผนพัฒนาคนละยุทธศาสตร์หรือคนละแผนงาน",
    "namesake": "หลายรายการเชื่อมกับโครงการเดียว ขณะที่โครงการชื่อเดียวกันไม่มีรายการ",
    "budget_differs": "งบประมาณไม่ตรงกับข้อบัญญัติ",
    "line_not_covered": "รายการในข้อบัญญัติที่ยังไม่อยู่ในแผน",
    "total_mismatch": "ยอดรวมของแผนไม่ตรงกับข้อบัญญัติ",
    "strategy_vs_ordinance": "ยอดรวมรายยุทธศาสตร์ไม่ตรงกับข้อบัญญัติ",
    "programme_vs_ordinance": "ยอดรวมรายแผนงานไม่ตรงกับข้อบัญญัติ",
    "strategy_vs_development": "ยอดรวมรายยุทธศาสตร์สูงกว่าแผนพัฒนา",
    "programme_vs_development": "ยอดรวมรายแผนงานสูงกว่าแผนพัฒนา",
    "no_months": "ยังไม่ระบุเดือนที่ดำเนินการ",
    "no_place": "ยังไม่ระบุสถานที่ดำเนินการ",
    "no_unit": "ยังไม่ระบุหน่วยงานรับผิดชอบ",
    "strategy_without_activity": "ยุทธศาสตร์ที่ไม่มีโครงการ",
}


def baht(amount: Decimal) -> str:
    return thai.format_amount(amount, thai.ARABIC)


def same_name(name: str) -> str:
    """Names compared as people write them: spacing and letter case do not make two projects different."""
    return " ".join(name.split()).casefold()


# --- what the checks read, loaded once -----------------------------------------------------------


@dataclass
class GroupTotal:
    """One strategy's or แผนงาน's money, as the plan, the ordinance and the development plan have it."""

    label: str
    plan: Decimal = Decimal(0)
    ordinance: Decimal | None = None
    development: Decimal | None = None  # the development plan's column for the year, whole group
    carried_plan: Decimal = Decimal(0)  # the plan's budget on activities that carry a development-plan project
    carried_development: Decimal = Decimal(0)  # what the development plan gives those same projects this year
    links: list[Fix] = field(default_factory=list)

    @property
    def ordinance_differs(self) -> bool:
        return self.ordinance is not None and self.ordinance != self.plan

    @property
    def development_exceeded(self) -> bool:
        return self.carried_plan > self.carried_development


@dataclass
class Review:
    """Everything the checks page shows: the problems, and the totals per strategy and per แผนงาน."""

    problems: list[Problem]
    by_strategy: list[GroupTotal]
    by_programme: list[GroupTotal]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class _Data:
    """The plan's activities, the budget lines in its scope and the development plan's figures for the year."""

    def __init__(self, plan: OperationalPlan):
        self.plan = plan
        organisation = plan.organisation_id
        self.activities = list(plan.activities.all())
        ordinances = self._ordinance_ids()
        self.lines: list[BudgetLine] | None = None
        if ordinances:
            self.lines = list(BudgetLine.objects.filter(ordinance__in=ordinances).select_related("category"))
        lines = {line.pk: line for line in self.lines or []}
        elsewhere = {a.budget_line_id for a in self.activities if a.budget_line_id} - lines.keys()
        if elsewhere:  # a line of another ordinance, linked by hand: rare, and then one query for all of them
            lines.update((line.pk, line) for line in BudgetLine.objects.filter(pk__in=elsewhere).select_related("category"))
        self.year_budgets: dict[int, Decimal] = dict(
            PlanProjectBudget.objects.filter(
                fiscal_year=plan.fiscal_year, project__development_plan__organisation=organisation
            ).values_list("project_id", "amount")
        )
        # Whole small sets attached through each relation's setter: a thousand rows share a few hundred
        # related objects instead of carrying ten thousand copies of them (select_related).
        strategies = {s.pk: s for s in Strategy.objects.for_organisation(plan.organisation)}
        programmes = {p.pk: p for p in Programme.objects.all()}
        development_plans = {d.pk: d for d in DevelopmentPlan.objects.filter(organisation=organisation)}
        projects = {p.pk: p for p in PlanProject.objects.filter(development_plan__organisation=organisation)}
        _attach(projects.values(), strategy=strategies, programme=programmes, development_plan=development_plans)
        _attach(lines.values(), programme=programmes, plan_project=projects)
        _attach(self.activities, strategy=strategies, programme=programmes, plan_project=projects, budget_line=lines)
        _attach_villages(plan, self.activities)
        self.year_projects = [projects[pk] for pk in self.year_budgets if pk in projects]
        self.strategies = sorted((s for s in strategies.values() if s.strategic_plan_id == plan.strategic_plan_id), key=lambda s: s.number)

    def _ordinance_ids(self) -> set[int]:
        """The ordinance the plan was drafted from; an edition also answers for those of the editions before it."""
        plan = self.plan
        if not plan.ordinance_id:
            return set()
        if not plan.is_edition:
            return {plan.ordinance_id}
        earlier = OperationalPlan.objects.announced().filter(organisation=plan.organisation_id, fiscal_year=plan.fiscal_year)
        return {plan.ordinance_id} | set(earlier.exclude(ordinance=None).values_list("ordinance_id", flat=True))

    @property
    def ordinance_level(self) -> str:
        """Against the ordinance, the yearly plan must match; an edition follows budget transfers and
        additional budgets that the ordinance's lines may not show, so there it is a warning."""
        return WARNING if self.plan.is_edition else ERROR

    def in_development_plan(self, project: PlanProject) -> bool:
        return not self.plan.development_plan_id or project.development_plan_id == self.plan.development_plan_id


def _attach(records, **related: dict) -> None:
    """Set each foreign key of `records` to its object in `related[name]` (by primary key), as
    select_related would; a key not in the set (never expected) is left to load itself."""
    for name, by_pk in related.items():
        attribute = f"{name}_id"
        for record in records:
            value = getattr(record, attribute)
            if value is None or value in by_pk:
                setattr(record, name, by_pk.get(value))


def _attach_villages(plan: OperationalPlan, activities: list[Activity]) -> None:
    """Each activity's villages (`Activity.village_list`), from one query of the links."""
    links = Activity.villages.through.objects.filter(activity__plan=plan).values_list("activity_id", "village_id")
    villages = {village.pk: village for village in Village.objects.filter(organisation=plan.organisation_id)}
    by_activity: dict[int, list[Village]] = defaultdict(list)
    for activity_id, village_id in links:
        if village_id in villages:
            by_activity[activity_id].append(villages[village_id])
    for activity in activities:
        activity._villages = sorted(by_activity.get(activity.pk, []), key=lambda village: village.number)


def dev_project(activity: Activity) -> PlanProject | None:
    """The development-plan project an activity carries: its budget line's, else its own link."""
    line = activity.budget_line
    if line is not None and line.plan_project is not None:
        return line.plan_project
    return activity.plan_project


def review(plan: OperationalPlan) -> Review:
    data = _Data(plan)
    problems: list[Problem] = []
    problems += _not_in_development_plan(data)
    problems += _link_mismatch(data)
    problems += _namesakes(data)
    problems += _budget_differs(data)
    problems += _lines_not_covered(data)
    problems += _totals(data)
    by_strategy, by_programme = _group_totals(data)
    problems += _group_problems(data, by_strategy, by_programme)
    problems += _incomplete(data.activities)
    problems += _strategies_without_activity(data)
    speak = plan.organisation.words.speak  # the messages are written in an อบต.'s words
    for problem in problems:
        problem.message, problem.fixes = speak(problem.message), [Fix(speak(fix.label), fix.url) for fix in problem.fixes]
    return Review(problems, list(by_strategy.values()), list(by_programme.values()))


def plan_problems(plan: OperationalPlan) -> list[Problem]:
    return review(plan).problems


def _edit(activity: Activity, label: str = "แก้ไขโครงการ") -> Fix:
    return Fix(label, reverse("projects:activity_update", args=[activity.pk]))


def _edit_line(line: BudgetLine, label: str = "แก้รายการในข้อบัญญัติ") -> Fix:
    return Fix(label, reverse("plans:budgetline_update", args=[line.pk]))


# --- the chain: development plan → budget → operational plan ------------------------------------


def _not_in_development_plan(data: _Data) -> list[Problem]:
    plan = data.plan
    budgeted = {pk for pk, amount in data.year_budgets.items() if amount > 0}
    problems = []
    for activity in data.activities:
        if activity.is_other_agency or activity.is_equipment or not activity.budget:
            continue
        if activity.plan_project_id in budgeted:
            continue
        project = activity.plan_project
        if project is None:
            message = f"“{activity.name}” ไม่ได้เชื่อมกับโครงการในแผนพัฒนา"
            fixes = [_edit(activity, "เลือกโครงการในแผนพัฒนา")]
            if plan.development_plan_id:
                query = urlencode(
                    {
                        "name": activity.name,
                        "strategy": activity.strategy_id,
                        "programme": activity.programme_id,
                        "unit": activity.unit_id or "",
                    }
                )
                fixes += [
                    Fix("บันทึกการเพิ่มเติมแผนพัฒนา", reverse("plans:planamendment_create", args=[plan.development_plan_id]) + "?kind=addition"),
                    Fix("เพิ่มโครงการนี้ในแผนพัฒนา", reverse("plans:planproject_create", args=[plan.development_plan_id]) + "?" + query),
                ]
        else:
            message = f"“{activity.name}” ไม่มีงบประมาณปี {plan.fiscal_year} ใน{project.development_plan}"
            fixes = [
                Fix("บันทึกการเปลี่ยนแปลงแผนพัฒนา", reverse("plans:planamendment_create", args=[project.development_plan_id]) + "?kind=change"),
                Fix(f"เพิ่มงบประมาณปี {plan.fiscal_year} ให้โครงการในแผนพัฒนา", reverse("plans:planproject_update", args=[project.pk])),
            ]
        problems.append(Problem("not_in_development_plan", message + " ต้องเพิ่มเติม/เปลี่ยนแปลงแผนพัฒนาก่อน", fixes, activity.pk))
    return problems


def _link_mismatch(data: _Data) -> list[Problem]:
    """An activity or its budget line tied to a development-plan project of another strategy or แผนงาน:
    the money is counted under one strategy in the plan and under another in the development plan."""
    problems = []
    for activity in data.activities:
        project, line = dev_project(activity), activity.budget_line
        if project is None:
            continue
        reasons = []
        if project.strategy_id != activity.strategy_id:
            reasons.append(f"อยู่ใน{activity.strategy} แต่โครงการในแผนพัฒนาที่เชื่อมไว้ (“{project.name}”) อยู่ใน{project.strategy}")
        if line is not None and line.programme_id != project.programme_id:
            reasons.append(f"รายการในข้อบัญญัติอยู่ใน{line.programme} แต่โครงการในแผนพัฒนาที่เชื่อมไว้อยู่ใน{project.programme}")
        if line is not None and line.programme_id != activity.programme_id:
            reasons.append(f"ตั้งไว้ใน{activity.programme} แต่รายการในข้อบัญญัติอยู่ใน{line.programme}")
        if line is not None and line.plan_project_id and activity.plan_project_id and activity.plan_project_id != line.plan_project_id:
            reasons.append("เชื่อมกับโครงการในแผนพัฒนาคนละโครงการกับรายการในข้อบัญญัติของตน")
        if not reasons:
            continue
        fixes = [_edit(activity, "แก้ยุทธศาสตร์/แผนงานของโครงการ")]
        if line is not None:
            fixes.append(_edit_line(line, "เปลี่ยนโครงการในแผนพัฒนาของรายการในข้อบัญญัติ"))
        fixes.append(Fix("ดูโครงการในแผนพัฒนา", reverse("plans:planproject_update", args=[project.pk])))
        problems.append(Problem("link_mismatch", f"“{activity.name}” " + " และ".join(reasons), fixes, activity.pk))
    return problems


def _namesakes(data: _Data) -> list[Problem]:
    """Two or more lines on one development-plan project while a project of the same name in another
    strategy, budgeted this year, has none: the classic wrong match by name."""
    if data.lines is None:
        return []
    lines_of: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in data.lines:
        if line.plan_project_id:
            lines_of[line.plan_project_id].append(line)
    by_name: dict[str, list[PlanProject]] = defaultdict(list)
    for project in data.year_projects:
        by_name[same_name(project.name)].append(project)
    year = data.plan.fiscal_year
    problems = []
    for project_id, lines in lines_of.items():
        if len(lines) < 2:
            continue
        project = lines[0].plan_project
        orphans = [
            other
            for other in by_name.get(same_name(project.name), [])
            if other.strategy_id != project.strategy_id and data.year_budgets.get(other.pk, 0) > 0 and other.pk not in lines_of
        ]
        if not orphans:
            continue
        total = sum((line.amount for line in lines), Decimal(0))
        planned = data.year_budgets.get(project_id, Decimal(0))
        # More money than the project has for the year, while its namesake got none: wrong numbers.
        level = ERROR if total > planned else WARNING
        others = ", ".join(f"{o.strategy} ({baht(data.year_budgets[o.pk])} บาท)" for o in orphans)
        message = (
            f"รายการในข้อบัญญัติ {len(lines)} รายการ รวม {baht(total)} บาท เชื่อมกับ “{project.name}” ของ{project.strategy} "
            f"(แผนพัฒนาปี {year} ตั้งไว้ {baht(planned)} บาท) แต่โครงการชื่อเดียวกันของ{others} ไม่มีรายการใดเชื่อมไว้ "
            "อาจเชื่อมผิดโครงการ ให้ตรวจสอบว่าแต่ละรายการเป็นของโครงการใด"
        )
        fixes = [_edit_line(line, f"แก้รายการที่ {i} ({baht(line.amount)} บาท)") for i, line in enumerate(lines, 1)]
        fixes.append(
            Fix(
                "ดูโครงการชื่อนี้ในแผนพัฒนา",
                reverse("plans:planproject_list", args=[project.development_plan_id]) + "?" + urlencode({"q": project.name}),
            )
        )
        problems.append(Problem("namesake", message, fixes, level=level))
    return problems


def _budget_differs(data: _Data) -> list[Problem]:
    return [
        Problem(
            "budget_differs",
            f"“{a.name}” ตั้งงบประมาณ {baht(a.budget)} บาท แต่ข้อบัญญัติตั้งไว้ {baht(a.budget_line.amount)} บาท",
            [_edit(a, "แก้งบประมาณ"), _edit_line(a.budget_line, "ดูรายการในข้อบัญญัติ")],
            a.pk,
            data.ordinance_level,
        )
        for a in data.activities
        if a.budget_line_id and a.budget != a.budget_line.amount
    ]


def _lines_not_covered(data: _Data) -> list[Problem]:
    if data.lines is None:
        return []
    covered = {a.budget_line_id for a in data.activities}
    problems = []
    for line in data.lines:
        role = line.drafting_role()
        if role is None or line.pk in covered:
            continue
        kind = "ครุภัณฑ์" if role == "equipment" else "โครงการ"
        problems.append(
            Problem(
                "line_not_covered",
                f"{kind} “{line.item}” ({baht(line.amount)} บาท) ในข้อบัญญัติ ยังไม่อยู่ในแผนการดำเนินงาน",
                [Fix("ดึงจากข้อบัญญัติ", reverse("projects:plan_draft", args=[data.plan.pk])), _edit_line(line, "ไม่นำรายการนี้เข้าแผน")],
                level=data.ordinance_level,
            )
        )
    return problems


def _totals(data: _Data) -> list[Problem]:
    if data.lines is None:
        return []
    own = sum((a.budget for a in data.activities if not a.is_other_agency), Decimal(0))
    expected = sum((line.amount for line in data.lines if line.drafting_role()), Decimal(0))
    if own == expected:
        return []
    all_lines = sum((line.amount for line in data.lines), Decimal(0))
    return [
        Problem(
            "total_mismatch",
            f"ยอดรวมโครงการและครุภัณฑ์ของ อปท. ในแผน {baht(own)} บาท แต่รายการที่เป็นโครงการและครุภัณฑ์ในข้อบัญญัติรวม {baht(expected)} บาท "
            f"(ต่างกัน {baht(abs(own - expected))} บาท; ข้อบัญญัติทั้งฉบับ {baht(all_lines)} บาท)",
            [Fix("ดูรายการในข้อบัญญัติ", reverse("plans:budgetline_list", args=[data.plan.ordinance_id]))],
            level=data.ordinance_level,
        )
    ]


# --- totals per strategy and per แผนงาน ------------------------------------------------------------


def _group_totals(data: _Data) -> tuple[dict[int, GroupTotal], dict[int, GroupTotal]]:
    plan = data.plan
    has_ordinance = data.lines is not None
    has_development = bool(plan.development_plan_id)
    activity_list = reverse("projects:activity_list", args=[plan.pk])
    by_strategy = {
        s.pk: GroupTotal(str(s), ordinance=Decimal(0) if has_ordinance else None, development=Decimal(0) if has_development else None,
                         links=[Fix("ดูโครงการ/กิจกรรมของยุทธศาสตร์นี้", f"{activity_list}?strategy={s.pk}")])
        for s in data.strategies
    }  # fmt: skip
    programmes: dict[int, Programme] = {}
    by_programme: dict[int, GroupTotal] = {}

    def programme_row(programme: Programme) -> GroupTotal:
        if programme.pk not in by_programme:
            programmes[programme.pk] = programme
            links = [Fix("ดูโครงการ/กิจกรรมของแผนงานนี้", f"{activity_list}?programme={programme.pk}")]
            if plan.ordinance_id:
                lines_url = reverse("plans:budgetline_list", args=[plan.ordinance_id])
                links.append(Fix("ดูรายการในข้อบัญญัติของแผนงานนี้", f"{lines_url}?programme={programme.pk}"))
            by_programme[programme.pk] = GroupTotal(
                programme.name, ordinance=Decimal(0) if has_ordinance else None,
                development=Decimal(0) if has_development else None, links=links,
            )  # fmt: skip
        return by_programme[programme.pk]

    def strategy_row(strategy: Strategy) -> GroupTotal:
        if strategy.pk not in by_strategy:  # an activity of a strategy outside the plan's strategic plan
            by_strategy[strategy.pk] = GroupTotal(str(strategy), ordinance=Decimal(0) if has_ordinance else None,
                                                  development=Decimal(0) if has_development else None)  # fmt: skip
        return by_strategy[strategy.pk]

    covering = {}
    carried: dict[tuple[str, int], set[int]] = defaultdict(set)
    for activity in data.activities:
        if activity.is_other_agency:
            continue
        covering.setdefault(activity.budget_line_id, activity)
        rows = (
            ("s", activity.strategy_id, strategy_row(activity.strategy)),
            ("p", activity.programme_id, programme_row(activity.programme)),
        )
        project = dev_project(activity)
        for kind, key, row in rows:
            row.plan += activity.budget
            # Projects without money this year are the check "not in the development plan" already.
            if (
                project is not None
                and not activity.is_equipment
                and data.year_budgets.get(project.pk)
                and data.in_development_plan(project)
            ):
                row.carried_plan += activity.budget
                if project.pk not in carried[kind, key]:
                    carried[kind, key].add(project.pk)
                    row.carried_development += data.year_budgets[project.pk]

    for line in data.lines or []:
        if not line.drafting_role():
            continue
        programme_row(line.programme).ordinance += line.amount
        project = line.plan_project
        if project is not None and project.strategy_id in by_strategy:
            by_strategy[project.strategy_id].ordinance += line.amount
        elif line.pk in covering:
            by_strategy[covering[line.pk].strategy_id].ordinance += line.amount

    if has_development:
        for project in data.year_projects:
            if project.development_plan_id != plan.development_plan_id:
                continue
            amount = data.year_budgets[project.pk]
            if project.strategy_id in by_strategy:
                by_strategy[project.strategy_id].development += amount
            programme_row(project.programme).development += amount

    ordered = {pk: by_programme[pk] for pk in sorted(by_programme, key=lambda pk: programmes[pk].code)}
    return by_strategy, ordered


def _group_problems(data: _Data, by_strategy: dict[int, GroupTotal], by_programme: dict[int, GroupTotal]) -> list[Problem]:
    year = data.plan.fiscal_year
    problems = []
    for prefix, rows in (("strategy", by_strategy), ("programme", by_programme)):
        for row in rows.values():
            if row.ordinance_differs:
                problems.append(
                    Problem(
                        f"{prefix}_vs_ordinance",
                        f"{row.label}: แผนตั้งไว้ {baht(row.plan)} บาท แต่ข้อบัญญัติตั้งไว้ {baht(row.ordinance)} บาท "
                        f"(ต่างกัน {baht(abs(row.plan - row.ordinance))} บาท)",
                        list(row.links),
                        level=data.ordinance_level,
                    )
                )
            if row.development_exceeded:
                problems.append(
                    Problem(
                        f"{prefix}_vs_development",
                        f"{row.label}: โครงการในแผนนี้ที่มาจากแผนพัฒนาตั้งงบรวม {baht(row.carried_plan)} บาท "
                        f"สูงกว่าที่แผนพัฒนาปี {year} ตั้งไว้ให้โครงการเดียวกัน ({baht(row.carried_development)} บาท) "
                        f"อยู่ {baht(row.carried_plan - row.carried_development)} บาท",
                        list(row.links),
                        level=WARNING,
                    )
                )
    return problems


# --- completeness --------------------------------------------------------------------------------


def _incomplete(activities: list[Activity]) -> list[Problem]:
    problems = []
    for a in activities:
        if not a.months:
            problems.append(Problem("no_months", f"“{a.name}” ยังไม่ระบุเดือนที่ดำเนินการ", [_edit(a, "เลือกเดือน")], a.pk))
        if not a.location and not a.village_list():
            problems.append(Problem("no_place", f"“{a.name}” ยังไม่ระบุสถานที่ดำเนินการ", [_edit(a, "ระบุสถานที่")], a.pk))
        if not a.unit_id and not a.is_other_agency:
            problems.append(Problem("no_unit", f"“{a.name}” ยังไม่ระบุหน่วยงานรับผิดชอบหลัก", [_edit(a, "เลือกหน่วยงาน")], a.pk))
    return problems


def _strategies_without_activity(data: _Data) -> list[Problem]:
    used = {a.strategy_id for a in data.activities}
    create = reverse("projects:activity_create", args=[data.plan.pk])
    return [
        Problem(
            "strategy_without_activity",
            f"{s} ยังไม่มีโครงการ/กิจกรรม",
            [Fix("เพิ่มโครงการในยุทธศาสตร์นี้", f"{create}?strategy={s.pk}")],
            level=WARNING,
        )
        for s in data.strategies
        if s.pk not in used
    ]


# --- presenting them -----------------------------------------------------------------------------


def by_activity(problems: list[Problem]) -> dict[int, list[Problem]]:
    grouped: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.activity_id is not None:
            grouped.setdefault(problem.activity_id, []).append(problem)
    return grouped


# Problems that the grid fixes many at a time: the checks page links to it, filtered to them.
GRID_FILTERS = {"no_months": "months", "no_place": "place", "no_unit": "unit"}


@dataclass
class Group:
    kind: str
    title: str
    problems: list[Problem]
    grid_filter: str = ""

    @property
    def is_error(self) -> bool:
        return any(p.is_error for p in self.problems)


def grouped(problems: list[Problem], words: Words | None = None) -> list[Group]:
    """One group for each kind found: errors first, in the order of TITLES (in the organisation's words)."""
    speak = words.speak if words else str
    by_kind: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_kind[problem.kind].append(problem)
    found = [Group(kind, speak(title), by_kind[kind], GRID_FILTERS.get(kind, "")) for kind, title in TITLES.items() if by_kind[kind]]
    return sorted(found, key=lambda group: not group.is_error)


def error_summary(problems: list[Problem]) -> str:
    """Why a plan cannot be submitted, in one Thai sentence."""
    errors = [p for p in problems if p.is_error]
    kinds = [TITLES[kind] for kind in TITLES if any(p.kind == kind for p in errors)]
    return f"พบข้อผิดพลาด {len(errors)} เรื่องที่ต้องแก้ก่อนเสนอผู้บริหาร ({', '.join(kinds)})"


def deadline_text(plan: OperationalPlan, today: dt.date) -> tuple[str, str] | None:
    """('เหลือ 18 วัน …', 'ok'|'soon'|'late') while the plan is not yet announced."""
    if plan.status == OperationalPlan.Status.ANNOUNCED:
        return None
    days = plan.days_left(today)
    if days is None:
        return None
    due = thai.format_date(plan.due_on, thai.ARABIC)
    extended = " (ขยายเวลาแล้ว)" if plan.deadline_extended_to else ""
    if days < 0:
        return f"เลยกำหนดประกาศใช้มาแล้ว {-days} วัน (ครบกำหนด {due}{extended})", "late"
    if days == 0:
        return f"ครบกำหนดประกาศใช้วันนี้ ({due}{extended})", "soon"
    return f"เหลือเวลาอีก {days} วัน ต้องประกาศใช้ภายใน {due}{extended}", "soon" if days <= 7 else "ok"
