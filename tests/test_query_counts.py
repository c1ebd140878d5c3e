"""Every public and staff list page costs the same number of queries for 10 rows of every kind or 1,000.

The data is built once at 10 rows of every kind, every page is measured, every kind grows to 1,000
rows with `bulk_create` (announced plans are frozen against `Activity.save()`; `bulk_create`
bypasses that guard, which is fine for measuring), and every page is measured again.
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from announcements.models import Announcement, Review
from announcements.services import evaluation_announce, evaluation_draft
from lib import thai
from plans import records as plan_records
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    ExpenseCategory,
    Guideline,
    OperationalPlan,
    Organisation,
    PlanAmendment,
    PlanProject,
    PlanProjectBudget,
    Programme,
    RoleChange,
    StrategicPlan,
    Strategy,
    Unit,
    User,
    Village,
)
from projects import records as project_records
from projects.models import Activity, EditionSnapshot, Progress, ProgressPhoto
from projects.snapshot import snapshot_create
from tests.announcements.conftest import announce_as_it_is
from tests.conftest import YEAR, login

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1_000
# (organisation, first_year, length) is unique, first_year lies in 2500–2700 and length in 3–5:
# an organisation can hold at most 603 development plans.
MAX_DEVELOPMENT_PLANS = 600
EARLIER_YEARS = 70  # 2500–2569: one evaluation is announced a year
CATEGORIES = ("ค่าที่ดินและสิ่งก่อสร้าง", "ค่าครุภัณฑ์", "ค่าใช้สอย", "ค่าวัสดุ")
PROGRAMMES = ("00310", "00220", "00210", "00110")


def missing(queryset, n: int) -> range:
    """The indexes of the rows to add so that `queryset` holds `n`."""
    count = queryset.count()
    return range(count, max(count, n))


class World:
    """One organisation with rows of every kind, and other organisations with an announced plan each."""

    def __init__(self, org, staff, executive, strategic_plan, development_plan, ordinance, original):
        self.org, self.staff, self.executive = org, staff, executive
        self.strategic_plan, self.development_plan, self.ordinance = strategic_plan, development_plan, ordinance
        self.original = original
        self.edition: OperationalPlan | None = None
        self.programmes = [Programme.objects.get(code=code) for code in PROGRAMMES]
        self.categories = [ExpenseCategory.objects.get(name=name) for name in CATEGORIES]
        self.equipment = ExpenseCategory.objects.get(name="ค่าครุภัณฑ์")
        self.password = make_password("unused")

    def grow(self, n: int) -> None:
        self._units(n)
        self._villages(n)
        self._users(n)
        self._strategies(n)
        self._guidelines(n)
        self._strategic_plans(n)
        self._development_plans(min(n, MAX_DEVELOPMENT_PLANS))
        self._amendments(n)
        self._plan_projects(n)
        self._ordinances(n)
        self._budget_lines(n)
        self._operational_plans(n)
        self._evaluations(min(n, EARLIER_YEARS))
        self._reviews(n)
        self._activities(n)
        self._progress(n)
        self._organisations(n)
        self._snapshots()

    # --- reference rows of the organisation ----------------------------------------------------

    def _units(self, n):
        Unit.objects.bulk_create(Unit(organisation=self.org, name=f"กองที่ {i}", order=i) for i in missing(self.org.units, n))

    def _villages(self, n):
        Village.objects.bulk_create(
            Village(organisation=self.org, number=i + 1, name=f"บ้านที่ {i + 1}") for i in missing(self.org.villages, n)
        )

    def _users(self, n):
        added = User.objects.bulk_create(
            User(username=f"member{i}", password=self.password, organisation=self.org, role=User.Role.STAFF, first_name=f"คนที่ {i}")
            for i in missing(self.org.users, n)
        )
        RoleChange.objects.bulk_create(
            RoleChange(user=user, organisation=self.org, to_role=user.role, changed_by=self.staff) for user in added
        )

    def _strategies(self, n):
        strategies = Strategy.objects.filter(strategic_plan=self.strategic_plan)
        Strategy.objects.bulk_create(
            Strategy(strategic_plan=self.strategic_plan, number=i + 1, name=f"ยุทธศาสตร์การพัฒนาด้านที่ {i + 1}") for i in missing(strategies, n)
        )

    def _guidelines(self, n):
        strategies = list(Strategy.objects.filter(strategic_plan=self.strategic_plan).order_by("number"))
        guidelines = Guideline.objects.filter(strategy__strategic_plan=self.strategic_plan)
        Guideline.objects.bulk_create(
            Guideline(strategy=strategies[i % len(strategies)], number=100 + i, name=f"แนวทางที่ {i}") for i in missing(guidelines, n)
        )

    def _strategic_plans(self, n):
        StrategicPlan.objects.bulk_create(
            StrategicPlan(organisation=self.org, first_year=2500 + i % 150, last_year=2504 + i % 150)
            for i in missing(self.org.strategic_plans, n)
        )

    # --- the development plan and the budget --------------------------------------------------

    def _development_plans(self, n):
        taken = set(self.org.development_plans.values_list("first_year", "length"))
        free = ((year, length) for year in range(2500, 2701) for length in (3, 4, 5) if (year, length) not in taken)
        DevelopmentPlan.objects.bulk_create(
            DevelopmentPlan(organisation=self.org, strategic_plan=self.strategic_plan, first_year=year, length=length)
            for _i, (year, length) in zip(missing(self.org.development_plans, n), free, strict=False)
        )

    def _amendments(self, n):
        amendments = self.development_plan.amendments
        PlanAmendment.objects.bulk_create(
            PlanAmendment(
                development_plan=self.development_plan, kind=("addition", "change")[i % 2], number=i + 1, approved_on=dt.date(2026, 1, 1)
            )
            for i in missing(amendments, n)
        )

    def _plan_projects(self, n):
        strategies = list(Strategy.objects.filter(strategic_plan=self.strategic_plan).prefetch_related("guidelines"))
        units = list(self.org.units.all())
        amendments = list(self.development_plan.amendments.all())
        projects = PlanProject.objects.bulk_create(
            PlanProject(
                development_plan=self.development_plan,
                number=i + 1,
                strategy=(s := strategies[i % len(strategies)]),
                guideline=next(iter(s.guidelines.all()), None),
                programme=self.programmes[i % len(self.programmes)],
                name=f"โครงการในแผนพัฒนาที่ {i // 2}",  # namesakes in pairs, in two strategies (the checks compare them)
                unit=units[i % len(units)],
                amendment=amendments[i % len(amendments)] if i % 3 == 0 else None,
            )
            for i in missing(self.development_plan.projects, n)
        )
        PlanProjectBudget.objects.bulk_create(
            PlanProjectBudget(project=project, fiscal_year=year, amount=Decimal(100_000 + project.number))
            for project in projects
            for year in self.development_plan.years
        )

    def _ordinances(self, n):
        BudgetOrdinance.objects.bulk_create(
            BudgetOrdinance(
                organisation=self.org, fiscal_year=YEAR, kind=BudgetOrdinance.Kind.ADDITIONAL, number=i + 1, enacted_on=dt.date(2027, 3, 1)
            )
            for i in missing(self.org.ordinances, n)
        )

    def _budget_lines(self, n):
        units = list(self.org.units.all())
        projects = list(self.development_plan.projects.order_by("pk"))
        BudgetLine.objects.bulk_create(
            BudgetLine(
                ordinance=self.ordinance,
                order=i,
                programme=self.programmes[i % len(self.programmes)],
                work="งานก่อสร้าง",
                category=self.categories[i % len(self.categories)],
                item=f"รายการที่ {i}",
                amount=Decimal(100_000 + i),
                unit=units[i % len(units)],
                # two lines on each even project, none on its odd namesake: what a wrong match by name leaves
                plan_project=projects[(i // 4 * 2) % len(projects)] if i % 4 < 2 else None,
            )
            for i in missing(self.ordinance.lines, n)
        )

    # --- operational plans, their activities, progress and history -----------------------------

    def _operational_plans(self, n):
        """Announced plans of earlier years, several editions a year (the plan list, the public organisation page)."""
        plans = OperationalPlan.objects.bulk_create(
            OperationalPlan(
                organisation=self.org,
                fiscal_year=2500 + i % 69,
                edition_kind=OperationalPlan.Edition.ADDITIONAL,
                edition_number=i // 69 + 1,
                status=OperationalPlan.Status.ANNOUNCED,
                strategic_plan=self.strategic_plan,
                development_plan=self.development_plan,
            )
            for i in missing(self.org.operational_plans, n)
        )
        Announcement.objects.bulk_create(self._announcement(plan, f"p{plan.pk}") for plan in plans)

    def _announcement(self, plan: OperationalPlan, number: str) -> Announcement:
        return self._announced(plan.organisation_id, plan.fiscal_year, number, plan=plan, heading=f"ประกาศใช้{plan.title}")

    def _announced(self, organisation_id, fiscal_year, number, day=dt.date(2026, 10, 15), **fields) -> Announcement:
        return Announcement(
            organisation_id=organisation_id, fiscal_year=fiscal_year, number=number, announced_on=day, body="ข้อความประกาศ",
            signer_name="นายสมชาย รักถิ่น", signer_title="นายก", posted_on=day, posted_until=day + dt.timedelta(days=30),
            announced_by=self.executive, **fields,
        )  # fmt: skip

    def _evaluations(self, n):
        """Evaluations announced in earlier years (the public organisation page lists them)."""
        evaluations = Announcement.objects.evaluations().filter(organisation=self.org, fiscal_year__lt=YEAR)
        Announcement.objects.bulk_create(
            self._announced(self.org.pk, 2500 + i, f"e{i}", dt.date(2020, 12, 10), kind=Announcement.Kind.EVALUATION, heading="ประกาศผล")
            for i in missing(evaluations, n)
        )

    def _reviews(self, n):
        """Steps of approval, listed on a plan's page and in its history."""
        for plan in (self.original, self.edition):
            if plan is None:
                continue
            Review.objects.bulk_create(
                Review(
                    plan=plan,
                    action=Review.Action.RETURN,
                    from_status="submitted",
                    to_status="returned",
                    comment=f"แก้ไขข้อ {i}",
                    user=self.executive,
                )
                for i in missing(plan.reviews, n)
            )

    def _activities(self, n):
        strategies = list(Strategy.objects.filter(strategic_plan=self.strategic_plan).prefetch_related("guidelines"))
        units = list(self.org.units.all())
        lines = list(self.ordinance.lines.select_related("plan_project").order_by("pk"))
        new = []
        for i in missing(self.original.activities, n):
            strategy, line = strategies[i % len(strategies)], lines[i % len(lines)]
            kind = i % 3  # 0: own project, 1: equipment, 2: another agency's
            new.append(
                Activity(
                    plan=self.original,
                    order=i,
                    strategy=strategy,
                    guideline=next(iter(strategy.guidelines.all()), None),
                    programme=self.programmes[i % len(self.programmes)],
                    name=f"โครงการ/กิจกรรมที่ {i}",
                    details="รายละเอียด",
                    budget=Decimal(50_000 + i),
                    location="" if i % 4 else "ศาลาประชาคม",
                    unit=units[i % len(units)] if kind != 2 else None,
                    months=thai.months_to_mask([3, 4, 5]) if i % 5 else 0,
                    other_agency="อำเภอ" if kind == 2 else "",
                    is_equipment=kind == 1,
                    category=self.equipment if kind == 1 else None,
                    item_type="ครุภัณฑ์สำนักงาน" if kind == 1 else "",
                    budget_line=line if kind == 0 else None,
                    plan_project=line.plan_project if kind == 0 else None,
                )
            )
        Activity.objects.bulk_create(new)
        self._villages_of(new)
        self._history(new)
        if self.edition is not None:
            self._copy(new)

    def _villages_of(self, activities):
        villages = list(self.org.villages.order_by("number"))
        through = Activity.villages.through
        through.objects.bulk_create(
            through(activity_id=a.pk, village_id=villages[(a.order + k) % len(villages)].pk) for a in activities for k in range(a.order % 3)
        )

    def _history(self, activities):
        """Each activity added, then edited: what the plan's history page lists and compares."""
        Activity.history.bulk_history_create(activities, default_user=self.staff)
        edited = [copy.copy(activity) for activity in activities]
        for activity in edited:
            activity.budget += 1_000
            activity.name += " (แก้ไข)"
        Activity.history.bulk_history_create(edited, update=True, default_user=self.staff)

    def _snapshots(self):
        """An announced plan is read from its snapshot: take it again of the rows just grown."""
        for plan in OperationalPlan.objects.announced().filter(organisation=self.org):
            EditionSnapshot.objects.filter(plan=plan).delete()
            snapshot_create(plan)

    def start_edition(self) -> OperationalPlan:
        """The amending edition 1 of the year, announced and in force: most activities kept, some changed, some removed."""
        self.edition = OperationalPlan.objects.create(
            organisation=self.org, fiscal_year=YEAR, edition_kind=OperationalPlan.Edition.AMENDING, edition_number=1,
            status=OperationalPlan.Status.ANNOUNCED, strategic_plan=self.strategic_plan, development_plan=self.development_plan,
            ordinance=self.ordinance, based_on=self.original,
        )  # fmt: skip
        self._announcement(self.edition, "2/2569").save()
        self._copy(list(self.original.activities.all()))
        self._snapshots()
        return self.edition

    def _copy(self, originals):
        guidelines = list(Guideline.objects.filter(strategy__strategic_plan=self.strategic_plan).order_by("pk")[:2])
        copies = []
        for original in originals:
            if original.order % 7 == 6:
                continue  # removed by the edition
            fields = {
                f.attname: getattr(original, f.attname) for f in Activity._meta.concrete_fields if f.name not in ("id", "plan", "version")
            }
            changed = Activity(**fields, plan=self.edition)
            if original.order % 4 == 1:
                changed.budget += 10_000  # changed by the edition
            if original.order % 4 == 3:
                changed.guideline = guidelines[original.guideline_id == guidelines[0].pk]
                changed.months, changed.unit = thai.months_to_mask([6, 7]), None
            copies.append(changed)
        Activity.objects.bulk_create(copies)
        self._villages_of(copies)

    def _progress(self, n):
        """Progress of the year's activities (a few late), each with a photo, and many photos of one activity."""
        own = list(self.original.activities.filter(other_agency="").order_by("pk"))
        reported = Progress.objects.filter(organisation=self.org, fiscal_year=YEAR)
        keys = set(reported.values_list("key", flat=True))
        statuses = [value for value, _label in Progress.Status.choices]
        reports = Progress.objects.bulk_create(
            Progress(
                organisation=self.org,
                fiscal_year=YEAR,
                key=activity.key,
                status=statuses[i % len(statuses)],
                actual_start=5 if i % 2 else 3,
                actual_end=6 if i % 3 == 0 else None,
                contract_amount=activity.budget,
                disbursed=activity.budget / 2,
                percent=50,
            )
            for i, activity in zip(missing(reported, n), [a for a in own if a.key not in keys], strict=False)
        )
        ProgressPhoto.objects.bulk_create(
            ProgressPhoto(progress=report, image=f"progress/{report.key}.png", caption="ภาพ") for report in reports
        )
        first = Progress.objects.get(organisation=self.org, fiscal_year=YEAR, key=self.photographed().key)
        ProgressPhoto.objects.bulk_create(
            ProgressPhoto(progress=first, image=f"progress/more-{i}.png", caption=f"ภาพที่ {i}") for i in missing(first.photos, n)
        )

    def photographed(self) -> Activity:
        return self.original.activities.order_by("pk").first()

    # --- other organisations, for the public home page ---------------------------------------------

    def _organisations(self, n):
        organisations = Organisation.objects.bulk_create(
            Organisation(code=f"{5_000_000 + i}", kind=Organisation.Kind.TAMBON, name=f"ตำบลที่ {i}", district="เมือง", province="ขอนแก่น")
            for i in missing(Organisation.objects.all(), n)
        )
        strategic_plans = StrategicPlan.objects.bulk_create(
            StrategicPlan(organisation=o, first_year=2566, last_year=2570) for o in organisations
        )
        plans = OperationalPlan.objects.bulk_create(
            OperationalPlan(organisation=o, fiscal_year=YEAR, status=OperationalPlan.Status.ANNOUNCED, strategic_plan=s)
            for o, s in zip(organisations, strategic_plans, strict=True)
        )
        Announcement.objects.bulk_create(self._announcement(plan, "1/2569") for plan in plans)


SECONDS: dict[str, float] = {}  # the last measurement of each page, printed for information (not asserted)


def queries(client: Client, url: str) -> int:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if response.streaming:
            b"".join(response.streaming_content)
    SECONDS[url] = time.perf_counter() - started
    return len(captured)


def record_lists(parents: dict) -> list[str]:
    """Every staff `<kind>_list` page that the records declare, under its parent."""
    urls = []
    for kind in plan_records.ALL + project_records.ALL:
        if not kind.has_list:
            continue
        name = f"{kind.app}:{kind.name()}_list"
        if kind.parent_model is None:
            urls.append(reverse(name))
        else:
            urls += [reverse(name, args=[parent.pk]) for parent in parents[kind.parent_model]]
    return urls


def pages(world: World, staff: Client, admin: Client, public: Client) -> list[tuple[Client, str]]:
    """Each page once, with the plan whose page takes the most branches: the edition in force (its
    approval panel offers a new edition from any of the ordinances), the original (its history), both
    documents (an edition's lists only what it changes)."""
    original, edition = world.original, world.edition
    parents = {
        StrategicPlan: [world.strategic_plan],
        DevelopmentPlan: [world.development_plan],
        BudgetOrdinance: [world.ordinance],
        OperationalPlan: [edition],
    }
    code = world.org.code
    photographed = edition.activities.get(key=world.photographed().key)
    staff_urls = [
        *record_lists(parents),
        reverse("plans:home"),
        reverse("projects:plan_checks", args=[edition.pk]),
        reverse("projects:plan_document", args=[original.pk]),
        reverse("projects:plan_document", args=[edition.pk]),
        reverse("announcements:plan_history", args=[original.pk]),
        reverse("projects:plan_progress", args=[edition.pk]),
        reverse("projects:activity_photos", args=[photographed.pk]),
        reverse("projects:evaluation", args=[YEAR]),
    ]
    public_urls = [
        reverse("public:home"),
        reverse("public:organisation", args=[code]),
        reverse("public:plan", args=[code, YEAR]),  # the edition in force, consolidated
        reverse("public:plan_edition", args=[code, YEAR, edition.edition_slug]),  # what the edition changes
        reverse("public:evaluation", args=[code, YEAR]),
        reverse("public:province", args=[world.org.province]),  # every organisation of the province, budgets by strategy
        reverse("public:province_search", args=[world.org.province]) + "?q=ถนน",  # words across the province's plans
        *(reverse(name, args=[code, YEAR, original.edition_slug]) for name in ("public:plan_csv", "public:plan_xlsx", "public:plan_json")),
    ]
    return (
        [(staff, url) for url in staff_urls]
        + [(admin, reverse("plans:user_list")), (admin, reverse("plans:role_history"))]
        + [(public, url) for url in public_urls]
    )


def measure(world: World, clients) -> dict[str, int]:
    for client, url in pages(world, *clients):
        if client is clients[-1]:
            client.get(url)  # each process thaws an announced snapshot once: count the pages after that
    return {url: queries(client, url) for client, url in pages(world, *clients)}


def test_every_page_costs_the_same_number_of_queries_for_10_or_1000_rows(
    settings, org, staff, executive, orgadmin, strategic_plan, strategies, guidelines, units, villages, development_plan, ordinance,
    operational_plan, activity,
):  # fmt: skip
    settings.PUBLIC_CACHE_SECONDS = 0  # measure the public pages as built, not as served from the cache
    world = World(org, staff, executive, strategic_plan, development_plan, ordinance, operational_plan)
    world.grow(FEW)
    announce_as_it_is(operational_plan, executive)  # renders and stores the PDFs: while the plan is small
    world.start_edition()
    # December after the year, as the rule has it: the home page's latest announcements include it.
    evaluation_announce(organisation=org, fiscal_year=YEAR, user=executive, draft=evaluation_draft(org, YEAR, dt.date(YEAR - 543, 12, 10)))
    clients = (login(staff), login(orgadmin), Client())

    few = measure(world, clients)
    world.grow(MANY)
    assert operational_plan.activities.count() == MANY and Organisation.objects.count() == MANY
    many = measure(world, clients)

    print(f"\n{'page':<70} {FEW:>6} {MANY:>6} {'s at ' + str(MANY):>9}")
    for url in few:
        print(f"{url:<70} {few[url]:>6} {many[url]:>6} {SECONDS[url]:9.2f}")
    differ = {url: (few[url], many[url]) for url in few if few[url] != many[url]}
    assert not differ, "queries grow with the rows:\n" + "\n".join(f"{url}: {a} → {b}" for url, (a, b) in differ.items())


def test_the_bulk_grid_and_the_checks_cost_the_same_for_10_or_1000_activities(
    org, staff, strategic_plan, strategies, development_plan, ordinance, operational_plan, units, villages
):
    """A draft plan as drafting leaves it (lines on namesake projects, no months, some villages): the
    grid that edits it, the checks and the activity list, at 10 activities and at 1,000."""
    client = login(staff)
    plan = operational_plan
    strategies_, units_, villages_ = list(strategies.values()), list(units.values()), list(villages.values())
    road = ExpenseCategory.objects.get(name="ค่าที่ดินและสิ่งก่อสร้าง")
    programmes = [Programme.objects.get(code=code) for code in PROGRAMMES]

    def grow(n: int) -> None:
        start = plan.activities.count()
        projects = PlanProject.objects.bulk_create(
            PlanProject(development_plan=development_plan, strategy=strategies_[i % 2], programme=programmes[i % 4], name=f"โครงการที่ {i // 2}")
            for i in range(start, n)
        )  # fmt: skip
        PlanProjectBudget.objects.bulk_create(PlanProjectBudget(project=p, fiscal_year=YEAR, amount=Decimal(10_000)) for p in projects)
        lines = BudgetLine.objects.bulk_create(
            BudgetLine(ordinance=ordinance, order=i, programme=programmes[i % 4], work="งานก่อสร้าง", category=road, item=f"รายการที่ {i}",
                       amount=Decimal(10_000), unit=units_[i % 3], plan_project=projects[(i - start) // 2 * 2])
            for i in range(start, n)
        )  # fmt: skip
        activities = Activity.objects.bulk_create(
            Activity(plan=plan, order=i, strategy=line.plan_project.strategy, programme=line.programme, name=line.item, budget=line.amount,
                     unit=line.unit if i % 3 else None, months=0 if i % 2 else 0b111, budget_line=line, plan_project=line.plan_project)
            for i, line in zip(range(start, n), lines, strict=True)
        )  # fmt: skip
        through = Activity.villages.through
        through.objects.bulk_create(through(activity=a, village=villages_[a.order % 3]) for a in activities if a.order % 4 == 0)

    urls = [
        reverse("projects:activity_bulk", args=[plan.pk]),
        reverse("projects:activity_bulk", args=[plan.pk]) + f"?strategy={strategies[2].pk}",
        reverse("projects:plan_checks", args=[plan.pk]),
        reverse("projects:activity_list", args=[plan.pk]),
    ]
    grow(FEW)
    few = {url: queries(client, url) for url in urls}
    grow(MANY)
    assert plan.activities.count() == MANY
    many = {url: queries(client, url) for url in urls}
    for url in urls:
        print(f"\n{url:<70} {few[url]:>4} {many[url]:>4} queries, {SECONDS[url]:.2f} s at {MANY}")
    assert few == many
