"""Staff enter the activities of an operational plan."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lib import thai
from projects.models import Activity
from tests.conftest import login, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data(strategies, guidelines, units, villages):
    return {
        "strategy": strategies[2].pk,
        "guideline": guidelines[2, 1].pk,
        "programme": programme("00220").pk,
        "name": "โครงการป้องกันและควบคุมโรคไข้เลือดออก",
        "details": "พ่นหมอกควันและแจกทรายอะเบท ทุกครัวเรือน",
        "budget": "๕๐,๐๐๐",
        "location": "ทุกหมู่บ้าน",
        "villages": [villages[1].pk, villages[2].pk],
        "unit": units["สำนักปลัด"].pk,
        "months": ["7", "8", "9"],
    }


def test_staff_add_an_activity_with_months_on_the_strip(staff_client, operational_plan, form_data, villages):
    response = staff_client.post(reverse("projects:activity_create", args=[operational_plan.pk]), form_data)
    assert response.status_code == 302
    activity = Activity.objects.get(name=form_data["name"])
    assert activity.plan == operational_plan
    assert activity.budget == Decimal("50000")
    assert activity.month_indexes == [7, 8, 9]
    assert thai.describe_months(activity.months, 2570) == "พ.ค.–ก.ค. 2570"
    assert set(activity.villages.all()) == {villages[1], villages[2]}
    assert activity.place == "ทุกหมู่บ้าน, หมู่ที่ 1, หมู่ที่ 2"


def test_the_activity_list_shows_the_activity_and_the_total(staff_client, activity):
    page = staff_client.get(reverse("projects:activity_list", args=[activity.plan.pk])).content.decode()
    assert activity.name in page
    assert "๔๕๐,๐๐๐.๐๐" in page
    assert 'aria-label="ม.ค.–มี.ค."' in page


def test_a_guideline_of_another_strategy_is_refused(staff_client, operational_plan, form_data, guidelines):
    response = staff_client.post(
        reverse("projects:activity_create", args=[operational_plan.pk]), {**form_data, "guideline": guidelines[1, 1].pk}
    )
    assert "แนวทางนี้อยู่ในยุทธศาสตร์ที่ 1 ไม่ใช่ยุทธศาสตร์ที่เลือก" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_month_outside_the_fiscal_year_is_refused_and_the_input_kept(staff_client, operational_plan, form_data):
    response = staff_client.post(reverse("projects:activity_create", args=[operational_plan.pk]), {**form_data, "months": ["7", "12"]})
    page = response.content.decode()
    assert "เลือกได้เฉพาะเดือนในปีงบประมาณ (ต.ค. ถึง ก.ย.)" in page
    assert "พ่นหมอกควันและแจกทรายอะเบท" in page
    assert not Activity.objects.exists()


def test_empty_required_fields_are_named_in_thai(staff_client, operational_plan):
    response = staff_client.post(reverse("projects:activity_create", args=[operational_plan.pk]), {})
    page = response.content.decode()
    assert "กรุณาเลือกยุทธศาสตร์" in page
    assert "กรุณากรอกโครงการ/กิจกรรม" in page
    assert "กรุณาเลือกแผนงาน" in page


def test_equipment_is_never_another_agencys(staff_client, operational_plan, form_data):
    response = staff_client.post(
        reverse("projects:activity_create", args=[operational_plan.pk]),
        {**form_data, "is_equipment": "on", "other_agency": "กรมทางหลวงชนบท"},
    )
    assert "ครุภัณฑ์ต้องเป็นของ อปท. เอง" in response.content.decode()


def test_a_strategy_of_another_strategic_plan_cannot_be_chosen(staff_client, operational_plan, form_data, org):
    from plans.models import StrategicPlan, Strategy

    old_plan = StrategicPlan.objects.create(organisation=org, first_year=2561, last_year=2565)
    old_strategy = Strategy.objects.create(strategic_plan=old_plan, number=1, name="ยุทธศาสตร์เก่า")
    response = staff_client.post(
        reverse("projects:activity_create", args=[operational_plan.pk]), {**form_data, "strategy": old_strategy.pk, "guideline": ""}
    )
    assert "ยุทธศาสตร์: ตัวเลือกนี้ใช้ไม่ได้" in response.content.decode()


def test_an_edit_by_two_people_keeps_the_second_persons_months(org, staff, activity, form_data):
    from plans.models import User

    colleague = User.objects.create_user("kanya", password="x", organisation=org, role="staff")
    url = reverse("projects:activity_update", args=[activity.pk])
    assert login(colleague).post(url, {**form_data, "version": "1", "budget": "60000"}).status_code == 302
    response = login(staff).post(url, {**form_data, "version": "1", "months": ["0", "1"]})
    assert response.status_code == 409
    page = response.content.decode()
    assert "ต.ค.–พ.ย." in page  # what they chose, listed beside the stored months
    assert page.count("checked") >= 2
    activity.refresh_from_db()
    assert activity.budget == Decimal("60000")


def test_the_executive_cannot_add_activities(executive, operational_plan, form_data):
    assert login(executive).post(reverse("projects:activity_create", args=[operational_plan.pk]), form_data).status_code == 403
    assert not Activity.objects.exists()


def test_a_plan_that_is_not_editable_refuses_new_activities(staff_client, operational_plan, form_data):
    operational_plan.status = "submitted"
    operational_plan.save()
    response = staff_client.post(reverse("projects:activity_create", args=[operational_plan.pk]), form_data, follow=True)
    assert "จึงแก้ไขไม่ได้" in response.content.decode()
    assert not Activity.objects.exists()


def test_activities_filter_by_month_village_and_text(staff_client, activity, operational_plan, villages, strategies):
    other = Activity.objects.create(
        plan=operational_plan,
        strategy=strategies[2],
        programme=programme("00220"),
        name="โครงการรณรงค์ลดขยะในชุมชน",
        budget=Decimal("20000"),
        months=thai.months_to_mask([0]),
    )
    other.villages.set([villages[3]])
    url = reverse("projects:activity_list", args=[operational_plan.pk])

    def names(**query):
        return {a.name for a in staff_client.get(url, query).context["object_list"]}

    assert names(month="0") == {other.name}
    assert names(month="4") == {activity.name}
    assert names(village=villages[3].pk) == {other.name}
    assert names(q="ขยะ") == {other.name}
    assert names(q="คอนกรีต") == {activity.name}
