"""One small organisation with realistic Thai data, and the cast that uses it.

- `staff` (สมหญิง) enters the data; `executive` (สมชาย) reads and approves; `orgadmin` (วิไล) manages
  the profile and users. All three belong to องค์การบริหารส่วนตำบลหนองบัว.
- `outsider` is staff of another organisation (เทศบาลตำบลนาดี): every record of หนองบัว is 404 to them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from lib import thai
from plans.models import (
    BudgetLine,
    BudgetOrdinance,
    DevelopmentPlan,
    ExpenseCategory,
    Guideline,
    OperationalPlan,
    Organisation,
    PlanProject,
    PlanProjectBudget,
    Programme,
    StrategicPlan,
    Strategy,
    Unit,
    User,
    Village,
)
from projects.models import Activity

PASSWORD = "a-long-test-password-2569"
YEAR = 2570


@pytest.fixture(autouse=True, scope="session")
def media_root(tmp_path_factory):
    """Uploaded files of the tests (emblems, the demo's seal) go to a temporary folder."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (the public pages' cache would otherwise outlive the
    rolled-back rows of an earlier test whose organisation had the same code)."""
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ensure_reference_data() -> None:
    """The migration's reference data (แผนงาน, งบ, หมวด), which tests on a live server empty after them."""
    from django.apps import apps

    importlib.import_module("plans.migrations.0002_reference_data").load(apps, None)


def make_user(username: str, organisation: Organisation | None, role: str, first_name: str = "") -> User:
    return User.objects.create_user(username=username, password=PASSWORD, organisation=organisation, role=role, first_name=first_name)


def programme(code: str) -> Programme:
    return Programme.objects.get(code=code)


def category(name: str) -> ExpenseCategory:
    return ExpenseCategory.objects.get(name=name)


@pytest.fixture
def org(db) -> Organisation:
    return Organisation.objects.create(
        code="3400101", kind=Organisation.Kind.SAO, name="หนองบัว", district="เมืองขอนแก่น", province="ขอนแก่น", executive_name="นายสมชาย รักถิ่น"
    )


@pytest.fixture
def other_org(db) -> Organisation:
    return Organisation.objects.create(code="3400202", kind=Organisation.Kind.TAMBON, name="นาดี", district="บ้านไผ่", province="ขอนแก่น")


@pytest.fixture
def staff(org) -> User:
    return make_user("somying", org, User.Role.STAFF, "สมหญิง")


@pytest.fixture
def executive(org) -> User:
    return make_user("somchai", org, User.Role.EXECUTIVE, "สมชาย")


@pytest.fixture
def orgadmin(org) -> User:
    return make_user("wilai", org, User.Role.ADMIN, "วิไล")


@pytest.fixture
def outsider(other_org) -> User:
    return make_user("outsider", other_org, User.Role.STAFF, "คนนอก")


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff) -> Client:
    return login(staff)


@pytest.fixture
def units(org) -> dict[str, Unit]:
    return {name: Unit.objects.create(organisation=org, name=name, order=i) for i, name in enumerate(["สำนักปลัด", "กองคลัง", "กองช่าง"], 1)}


@pytest.fixture
def villages(org) -> dict[int, Village]:
    names = ["บ้านหนองบัว", "บ้านโนนทอง", "บ้านดอนแดง"]
    return {n: Village.objects.create(organisation=org, number=n, name=name) for n, name in enumerate(names, 1)}


@pytest.fixture
def strategic_plan(org) -> StrategicPlan:
    return StrategicPlan.objects.create(organisation=org, first_year=2566, last_year=2570, vision="หนองบัวน่าอยู่")


@pytest.fixture
def strategies(strategic_plan) -> dict[int, Strategy]:
    names = {1: "การพัฒนาโครงสร้างพื้นฐาน", 2: "การพัฒนาคุณภาพชีวิต"}
    return {n: Strategy.objects.create(strategic_plan=strategic_plan, number=n, name=name) for n, name in names.items()}


@pytest.fixture
def guidelines(strategies) -> dict[tuple[int, int], Guideline]:
    return {
        (1, 1): Guideline.objects.create(strategy=strategies[1], number=1, name="ก่อสร้างและปรับปรุงถนน"),
        (2, 1): Guideline.objects.create(strategy=strategies[2], number=1, name="ส่งเสริมสุขภาพ"),
    }


@pytest.fixture
def development_plan(org, strategic_plan) -> DevelopmentPlan:
    return DevelopmentPlan.objects.create(organisation=org, strategic_plan=strategic_plan, first_year=2569, length=3)


@pytest.fixture
def plan_project(development_plan, strategies, guidelines, units) -> PlanProject:
    project = PlanProject.objects.create(
        development_plan=development_plan,
        number=1,
        strategy=strategies[1],
        guideline=guidelines[1, 1],
        programme=programme("00310"),
        name="โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1",
        unit=units["กองช่าง"],
    )
    PlanProjectBudget.objects.create(project=project, fiscal_year=YEAR, amount=Decimal("450000"))
    return project


@pytest.fixture
def ordinance(org) -> BudgetOrdinance:
    return BudgetOrdinance.objects.create(organisation=org, fiscal_year=YEAR, enacted_on=dt.date(2026, 9, 20))


@pytest.fixture
def budget_line(ordinance, plan_project, units) -> BudgetLine:
    return BudgetLine.objects.create(
        ordinance=ordinance,
        programme=programme("00310"),
        work="งานก่อสร้างโครงสร้างพื้นฐาน",
        category=category("ค่าที่ดินและสิ่งก่อสร้าง"),
        item_type="ค่าก่อสร้างสิ่งสาธารณูปโภค",
        item=plan_project.name,
        amount=Decimal("450000"),
        unit=units["กองช่าง"],
        plan_project=plan_project,
    )


@pytest.fixture
def operational_plan(org, strategic_plan, development_plan, ordinance) -> OperationalPlan:
    return OperationalPlan.objects.create(
        organisation=org, fiscal_year=YEAR, strategic_plan=strategic_plan, development_plan=development_plan, ordinance=ordinance
    )


@pytest.fixture
def activity(operational_plan, strategies, guidelines, units, villages, budget_line) -> Activity:
    """The road of หมู่ที่ 1: drafted from its budget line, which funds its development-plan project,
    so that the plan it makes has no error-level problem and can be submitted."""
    activity = Activity.objects.create(
        plan=operational_plan,
        budget_line=budget_line,
        plan_project=budget_line.plan_project,
        strategy=strategies[1],
        guideline=guidelines[1, 1],
        programme=programme("00310"),
        name="โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1",
        details="กว้าง 5 เมตร ยาว 300 เมตร",
        budget=Decimal("450000"),
        location="สายบ้านหนองบัว–บ้านโนนทอง",
        unit=units["กองช่าง"],
        months=thai.months_to_mask([3, 4, 5]),
    )
    activity.villages.set([villages[1]])
    return activity


def chained_activity(plan: OperationalPlan, *, strategy: Strategy, programme_code: str, name: str, budget: str | Decimal, unit: Unit,
                     location: str = "ทุกหมู่บ้าน", months: int = 0b111000, **fields) -> Activity:  # fmt: skip
    """An activity as drafting from the budget makes it: a development-plan project with money this
    year, a line of the plan's ordinance funding it, and the activity carrying both, with a unit, a
    place and months. The checks find nothing wrong with it, so its plan can still be submitted."""
    budget = Decimal(budget)
    project = PlanProject.objects.create(
        development_plan=plan.development_plan, strategy=strategy, programme=programme(programme_code), name=name, unit=unit
    )
    PlanProjectBudget.objects.create(project=project, fiscal_year=plan.fiscal_year, amount=budget)
    line = BudgetLine.objects.create(
        ordinance=plan.ordinance, programme=programme(programme_code), work="งานทั่วไป", category=category("ค่าใช้สอย"),
        item=name, amount=budget, unit=unit, plan_project=project,
    )  # fmt: skip
    return Activity.objects.create(
        plan=plan, strategy=strategy, programme=programme(programme_code), name=name, budget=budget, unit=unit, location=location,
        months=months, budget_line=line, plan_project=project, **fields,
    )  # fmt: skip


@pytest.fixture
def committed_db(transactional_db):
    """Real commits (a worker thread reads what a request committed); the reference data loaded again,
    as the tables are emptied after each such test."""
    ensure_reference_data()


@pytest.fixture
def worker(committed_db, settings):
    """A real Celery worker on this machine's Redis (tests/workers.py); tasks go through the queue."""
    from tests.workers import celery_worker

    with celery_worker(settings) as running:
        yield running
