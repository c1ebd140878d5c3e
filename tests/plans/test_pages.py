"""Properties every staff page keeps: constant query counts, no inline script, an admin for every model."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import BudgetLine, PlanProject, PlanProjectBudget, User
from projects.models import Activity
from tests.conftest import category, login, programme

pytestmark = pytest.mark.django_db


def add_rows(n, operational_plan, ordinance, development_plan, strategies, units, villages):
    for i in range(n):
        activity = Activity.objects.create(
            plan=operational_plan, strategy=strategies[1 + i % 2], programme=programme("00310"), name=f"โครงการที่ {i}",
            budget=Decimal(1000 + i), unit=units["กองช่าง"], months=7,
        )  # fmt: skip
        activity.villages.set([villages[1 + i % 3]])
        project = PlanProject.objects.create(
            development_plan=development_plan,
            strategy=strategies[1],
            programme=programme("00310"),
            name=f"โครงการในแผน {i}",
            unit=units["กองช่าง"],
        )
        PlanProjectBudget.objects.create(project=project, fiscal_year=2570, amount=Decimal(1000))
        BudgetLine.objects.create(
            ordinance=ordinance, programme=programme("00310"), work="งานก่อสร้าง", category=category("ค่าที่ดินและสิ่งก่อสร้าง"),
            item=f"รายการ {i}", amount=Decimal(1000), unit=units["กองช่าง"], plan_project=project,
        )  # fmt: skip


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name", ["projects:activity_list", "plans:planproject_list", "plans:budgetline_list", "projects:operationalplan_list"]
)
def test_lists_cost_the_same_number_of_queries_for_few_or_many_rows(
    staff_client, url_name, operational_plan, ordinance, development_plan, strategies, units, villages
):
    parent = {
        "projects:activity_list": operational_plan,
        "plans:planproject_list": development_plan,
        "plans:budgetline_list": ordinance,
    }.get(url_name)
    url = reverse(url_name, args=[parent.pk]) if parent else reverse(url_name)
    add_rows(3, operational_plan, ordinance, development_plan, strategies, units, villages)
    few = queries(staff_client, url)
    add_rows(60, operational_plan, ordinance, development_plan, strategies, units, villages)
    assert queries(staff_client, url) == few


def test_staff_pages_carry_no_inline_script(staff_client, activity, ordinance, development_plan, strategic_plan):
    urls = [
        reverse("plans:home"),
        reverse("projects:activity_list", args=[activity.plan.pk]),
        reverse("projects:activity_update", args=[activity.pk]),
        reverse("plans:budgetline_list", args=[ordinance.pk]),
        reverse("plans:planproject_create", args=[development_plan.pk]),
        reverse("plans:strategy_list", args=[strategic_plan.pk]),
        reverse("login"),
    ]
    for url in urls:
        page = staff_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"\son[a-z]+=", page), url
        assert 'style="' not in page, url


def test_every_model_is_in_the_django_admin(db):
    root = User.objects.create_superuser("root", password="a-long-root-password-1")
    client = login(root)
    from django.contrib import admin

    for model in apps.get_models():
        if model._meta.app_label in ("plans", "projects", "announcements") and not model.__name__.startswith("Historical"):
            assert model in admin.site._registry, f"{model.__name__} is not in the admin"
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
