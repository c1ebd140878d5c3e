"""Every staff page shows and changes only the user's own organisation's records."""

import pytest
from django.urls import reverse

from lib import thai
from tests.conftest import login

pytestmark = pytest.mark.django_db

# (fixture holding a record of หนองบัว, URL names taking its pk)
RECORD_PAGES = [
    ("units", "plans:unit_update"),
    ("villages", "plans:village_update"),
    ("strategic_plan", "plans:strategicplan_update"),
    ("strategic_plan", "plans:strategy_list"),
    ("strategic_plan", "plans:strategy_create"),
    ("strategies", "plans:strategy_update"),
    ("strategies", "plans:guideline_create"),
    ("guidelines", "plans:guideline_update"),
    ("development_plan", "plans:developmentplan_update"),
    ("development_plan", "plans:planproject_list"),
    ("development_plan", "plans:planproject_create"),
    ("development_plan", "plans:planamendment_create"),
    ("plan_project", "plans:planproject_update"),
    ("ordinance", "plans:budgetordinance_update"),
    ("ordinance", "plans:budgetline_list"),
    ("ordinance", "plans:budgetline_create"),
    ("budget_line", "plans:budgetline_update"),
    ("operational_plan", "projects:operationalplan_update"),
    ("operational_plan", "projects:activity_list"),
    ("operational_plan", "projects:activity_create"),
    ("activity", "projects:activity_update"),
]


def first(record):
    return next(iter(record.values())) if isinstance(record, dict) else record


@pytest.mark.parametrize("fixture, url_name", RECORD_PAGES)
def test_another_organisations_record_is_404(request, outsider, fixture, url_name):
    record = first(request.getfixturevalue(fixture))
    client = login(outsider)
    assert client.get(reverse(url_name, args=[record.pk])).status_code == 404
    posted = client.post(reverse(url_name, args=[record.pk]), {"name": "ของคนนอก"})
    assert posted.status_code == (405 if url_name.endswith("_list") else 404)


@pytest.mark.parametrize("fixture, url_name", [(f, u) for f, u in RECORD_PAGES if u.endswith("_update")])
def test_another_organisations_record_cannot_be_deleted(request, outsider, fixture, url_name):
    record = first(request.getfixturevalue(fixture))
    url = reverse(url_name.replace("_update", "_delete"), args=[record.pk])
    assert login(outsider).post(url).status_code == 404
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("fixture, url_name", RECORD_PAGES)
def test_the_organisations_own_staff_can_open_it(request, staff, fixture, url_name):
    record = first(request.getfixturevalue(fixture))
    assert login(staff).get(reverse(url_name, args=[record.pk])).status_code == 200


@pytest.mark.parametrize(
    "url_name, fixture, text",
    [
        ("plans:unit_list", "units", "กองช่าง"),
        ("plans:village_list", "villages", "บ้านโนนทอง"),
        ("plans:strategicplan_list", "strategic_plan", "2566"),
        ("plans:developmentplan_list", "development_plan", "แผนพัฒนาสามปี"),
        ("plans:budgetordinance_list", "ordinance", "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"),
        ("projects:operationalplan_list", "operational_plan", "แผนการดำเนินงาน ประจำปีงบประมาณ"),
    ],
)
def test_lists_show_only_the_users_organisation(request, staff, outsider, url_name, fixture, text):
    request.getfixturevalue(fixture)
    own = login(staff).get(reverse(url_name))
    other = login(outsider).get(reverse(url_name))
    assert text in thai.arabic_digits(own.content.decode())
    assert text not in other.content.decode()


def test_choices_in_forms_come_only_from_the_users_organisation(operational_plan, units, other_org, staff):
    from plans.models import Unit

    Unit.objects.create(organisation=other_org, name="กองช่างของเทศบาลนาดี")
    page = login(staff).get(reverse("projects:activity_create", args=[operational_plan.pk])).content.decode()
    assert "กองช่าง" in page
    assert "กองช่างของเทศบาลนาดี" not in page


def test_a_record_of_another_organisation_cannot_be_chosen_by_tampering(operational_plan, strategies, other_org, staff):
    from plans.models import Unit
    from tests.conftest import programme

    foreign_unit = Unit.objects.create(organisation=other_org, name="กองช่างของเทศบาลนาดี")
    response = login(staff).post(
        reverse("projects:activity_create", args=[operational_plan.pk]),
        {
            "strategy": strategies[1].pk,
            "programme": programme("00310").pk,
            "name": "โครงการทดสอบ",
            "budget": "1000",
            "unit": foreign_unit.pk,
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not operational_plan.activities.filter(name="โครงการทดสอบ").exists()


def test_anonymous_users_are_sent_to_login(units):
    response = login.__globals__["Client"]().get(reverse("plans:unit_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_system_administrator_without_organisation_gets_403_on_staff_pages(db):
    from plans.models import User

    root = User.objects.create_superuser("root", password="x-long-password-1")
    assert login(root).get(reverse("plans:home")).status_code == 403
