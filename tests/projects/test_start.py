"""A first day that leads somewhere: the start-here list on the staff's home page, and what the announce page names as missing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from announcements.models import Review
from announcements.services import plan_transition
from projects.start import DONE, NEXT, WAITING, steps
from tests.announcements.conftest import announce
from tests.conftest import login

pytestmark = pytest.mark.django_db


def states(org) -> list[str]:
    return [step.state for step in steps(org)]


def test_an_organisation_with_nothing_entered_is_led_from_the_strategic_plan(org, staff):
    assert states(org) == [NEXT, WAITING, WAITING, WAITING, WAITING, WAITING]
    page = login(staff).get(reverse("plans:home")).content.decode()
    assert "เริ่มต้นที่นี่" in page
    for title in ("แผนยุทธศาสตร์การพัฒนา", "แผนพัฒนาท้องถิ่น (นำเข้าจาก Excel)", "ข้อบัญญัติงบประมาณ (นำเข้าจาก Excel)",
                  "จัดทำร่างแผนการดำเนินงาน", "ตรวจสอบ", "เสนอผู้บริหาร"):  # fmt: skip
        assert title in page
    assert f'href="{reverse("plans:strategicplan_create")}">ไปที่ขั้นนี้' in page


def test_each_step_done_moves_the_next_one_on(org, staff, strategies, plan_project, budget_line, operational_plan):
    # Strategies, the development plan's project and the enacted ordinance's line are in: drafting is next.
    assert states(org) == [DONE, DONE, DONE, NEXT, WAITING, WAITING]
    [draft] = [step for step in steps(org) if step.state == NEXT]
    assert draft.url == reverse("projects:activity_list", args=[operational_plan.pk])
    page = login(staff).get(reverse("plans:home")).content.decode()
    assert "ขั้นต่อไปสู่แผนการดำเนินงานฉบับแรก" in page and "เริ่มต้นที่นี่" not in page  # shorter once begun
    assert "✓" in page


def test_the_checks_step_is_done_when_nothing_is_flagged_and_submit_is_last(org, staff, executive, activity, budget_line):
    plan = activity.plan
    assert states(org)[3:] == [DONE, NEXT, WAITING]  # the draft has problems the checks flag (no place, …)
    plan_transition(plan=plan, user=staff, action=Review.Action.SUBMIT)
    assert states(org)[3:] == [DONE, DONE, DONE]
    assert "รอผู้บริหารเห็นชอบและลงนามประกาศใช้" in login(staff).get(reverse("plans:home")).content.decode()


def test_the_list_is_gone_once_the_first_plan_is_announced(org, staff, executive, activity):
    announce(activity.plan, staff, executive)
    assert steps(org) is None
    page = login(staff).get(reverse("plans:home")).content.decode()
    assert "เริ่มต้นที่นี่" not in page and "ขั้นต่อไปสู่แผน" not in page


def test_a_municipality_is_led_to_its_own_ordinance(other_org, outsider):
    page = login(outsider).get(reverse("plans:home")).content.decode()
    assert "เทศบัญญัติงบประมาณ (นำเข้าจาก Excel)" in page and "ข้อบัญญัติ" not in page


def test_the_announce_page_names_a_missing_emblem_and_signer(org, staff, executive, orgadmin, activity):
    plan = activity.plan
    org.executive_name = ""
    org.save()
    plan_transition(plan=plan, user=staff, action=Review.Action.SUBMIT)
    plan_transition(plan=plan, user=executive, action=Review.Action.APPROVE)
    page = login(executive).get(reverse("announcements:plan_announce", args=[plan.pk])).content.decode()
    assert "ยังไม่มีตราสัญลักษณ์ของ อปท." in page and "ยังไม่มีชื่อผู้ลงนาม" in page

    from tests.plans.test_people import png_bytes  # a real image, as the profile form requires

    form = {"kind": org.kind, "name": org.name, "district": org.district, "province": org.province, "digit_style": org.digit_style,
            "executive_name": "นายสมชาย รักถิ่น", "version": org.version, "locality": ""}  # fmt: skip
    response = login(orgadmin).post(
        reverse("plans:organisation_edit"), {**form, "emblem": SimpleUploadedFile("seal.png", png_bytes(), "image/png")}
    )
    assert response.status_code == 302
    page = login(executive).get(reverse("announcements:plan_announce", args=[plan.pk])).content.decode()
    assert "ยังไม่มีตราสัญลักษณ์" not in page and "ยังไม่มีชื่อผู้ลงนาม" not in page
