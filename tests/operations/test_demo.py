"""The demo organisation a newcomer's first run shows."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from plans.models import BudgetLine, DevelopmentPlan, OperationalPlan, Organisation, PlanProject, StrategicPlan, User
from projects.models import Activity

pytestmark = pytest.mark.django_db


def plan_year(org):
    return OperationalPlan.objects.get(organisation=org, status="draft").fiscal_year


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, User, StrategicPlan, PlanProject, BudgetLine, OperationalPlan, Activity)
    }


def test_the_demo_loads_realistic_data_and_twice_duplicates_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first

    org = Organisation.objects.get(code="6390105")
    assert org.full_name == "องค์การบริหารส่วนตำบลบ้านโคก"
    assert org.villages.count() >= 5 and org.units.count() >= 4
    strategic_plan = StrategicPlan.objects.get(organisation=org)
    assert strategic_plan.strategies.count() >= 5
    assert all(strategy.guidelines.exists() for strategy in strategic_plan.strategies.all())
    development_plan = DevelopmentPlan.objects.get(organisation=org)
    assert development_plan.length == 3 and development_plan.projects.count() >= 60
    ordinance = org.ordinances.get(kind="main", fiscal_year=plan_year(org))
    assert ordinance.is_enacted
    assert ordinance.lines.filter(plan_project__isnull=False).count() >= 40
    plan = OperationalPlan.objects.get(organisation=org, status="draft")
    activities = Activity.objects.filter(plan=plan)
    assert activities.count() >= 40
    assert activities.equipment().exists() and activities.by_other_agencies().exists()
    assert {u.username: u.role for u in org.users.all()} == {"staff": "staff", "executive": "executive", "orgadmin": "admin"}
    assert all(user.check_password("demo-password") for user in org.users.all())

    # Last year: announced, and amended once (an additional budget), announced again.
    last_year = OperationalPlan.objects.filter(organisation=org, fiscal_year=plan.fiscal_year - 1).order_by("pk")
    assert [(p.edition_label, p.status) for p in last_year] == [("", "announced"), (f"เพิ่มเติม ครั้งที่ 1/{plan.fiscal_year - 1}", "announced")]
    assert all(p.announcement.plan_pdf for p in last_year)
    # Last year's six-month report, published in April from the progress as it stood on 31 March.
    from announcements.models import Announcement
    from projects.evaluation import evaluate
    from projects.six_month import six_month_report

    previous = plan.fiscal_year - 1
    assert Announcement.objects.six_month_reports().get(organisation=org, fiscal_year=previous).plan_pdf
    march, year_end = six_month_report(org, previous), evaluate(org, previous)
    assert march.plan == last_year.last() and march.total.count == year_end.total.in_plan
    assert march.total.statuses["completed"] < year_end.total.outcomes["completed"]  # less was done by March than by September
    assert march.behind and march.total.disbursed < year_end.total.disbursed
    # A second, smaller organisation with its own users and an announced plan: a เทศบาล whose areas are ชุมชน.
    second = Organisation.objects.get(code="6390207")
    assert second.full_name == "เทศบาลตำบลนาคำ"
    assert (second.words.ordinance, second.words.locality, second.words.council) == ("เทศบัญญัติ", "ชุมชน", "สภาเทศบาลตำบลนาคำ")
    assert set(second.users.values_list("username", flat=True)) == {"nakham-staff", "nakham-executive", "nakham-admin"}
    assert OperationalPlan.objects.get(organisation=second).status == "announced"
    assert DevelopmentPlan.objects.get(organisation=second).length == 5


def test_the_demo_follows_the_fiscal_year_of_its_first_load(settings):
    from operations.demo import load_demo

    org = load_demo(today=dt.date(2027, 11, 3))
    assert OperationalPlan.objects.get(organisation=org, status="draft").fiscal_year == 2571
    assert org.ordinances.get(fiscal_year=2571).enacted_on == dt.date(2027, 10, 22)


def test_production_settings_never_load_the_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Organisation.objects.exists()
