"""The system administrator's Django admin cannot change what was announced (issue 11, Low)."""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import OperationalPlan, User
from projects.models import Activity
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def root() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    return client


def test_an_announced_plan_is_read_only_and_cannot_go_back_to_draft(root, announced):
    url = reverse("admin:plans_operationalplan_change", args=[announced.pk])
    page = root.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = root.post(url, {"status": "draft", "fiscal_year": "2570"})
    assert response.status_code == 403
    announced.refresh_from_db()
    assert announced.status == OperationalPlan.Status.ANNOUNCED
    assert root.post(reverse("admin:plans_operationalplan_delete", args=[announced.pk]), {"post": "yes"}).status_code == 403


def test_a_drafts_status_is_not_set_by_hand(root, operational_plan):
    page = root.get(reverse("admin:plans_operationalplan_change", args=[operational_plan.pk])).content.decode()
    assert 'name="status"' not in page  # shown, not editable: the steps move it


def test_editing_an_announced_plans_activity_is_refused_not_a_500(root, announced):
    activity = announced.activities.get()
    url = reverse("admin:projects_activity_change", args=[activity.pk])
    assert root.get(url).status_code == 200
    response = root.post(url, {"plan": announced.pk, "name": "ชื่อใหม่", "budget": "1"})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.name != "ชื่อใหม่"
    assert root.post(reverse("admin:projects_activity_delete", args=[activity.pk]), {"post": "yes"}).status_code == 403


def test_adding_an_activity_to_an_announced_plan_is_refused_in_thai(root, announced):
    activity = announced.activities.get()
    data = {
        "plan": announced.pk, "strategy": activity.strategy_id, "programme": activity.programme_id, "name": "โครงการแทรก",
        "budget": "1000", "months": "0", "key": "7d0d7e5e-1c8e-4a4b-9a0e-1f2e3d4c5b6a", "version": "1",
    }  # fmt: skip
    response = root.post(reverse("admin:projects_activity_add"), data)
    assert response.status_code == 200 and "จึงเพิ่มหรือแก้ไขโครงการ/กิจกรรมไม่ได้" in response.content.decode()
    assert not Activity.objects.filter(name="โครงการแทรก").exists()


def test_the_announcement_and_its_steps_are_read_only(root, announced):
    announcement = announced.announcement
    assert root.post(reverse("admin:announcements_announcement_change", args=[announcement.pk]), {"number": "9/2569"}).status_code == 403
    assert root.post(reverse("admin:announcements_announcement_delete", args=[announcement.pk]), {"post": "yes"}).status_code == 403
    review = announced.reviews.first()
    assert root.post(reverse("admin:announcements_review_delete", args=[review.pk]), {"post": "yes"}).status_code == 403
