"""The generated announcement: every fiscal year from the plan's one field, the date line from its own date."""

import datetime as dt

import pytest
from django.urls import reverse

from announcements import text
from announcements.forms import AnnounceForm
from announcements.services import announcement_draft, plan_transition
from plans.models import OperationalPlan
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_heading_and_body_take_the_year_from_the_plan(operational_plan):
    assert text.heading(operational_plan) == "ประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570"
    body = text.body(operational_plan)
    assert "ข้อ ๒๖ (๒)" in body and "ข้อ ๒๗" in body
    assert "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 สำหรับปีงบประมาณตั้งแต่วันที่ 1 ตุลาคม 2569 ถึงวันที่ 30 กันยายน 2570" in body
    assert text.foreign_years(body, 2570) == []


def test_an_edition_names_itself_everywhere(org, strategic_plan):
    edition = OperationalPlan(organisation=org, fiscal_year=2571, strategic_plan=strategic_plan, edition_kind="amending", edition_number=2)
    assert text.heading(edition) == "ประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2571 แก้ไข ครั้งที่ 2/2571"
    assert "พ.ศ. 2571 แก้ไข ครั้งที่ 2/2571 สำหรับปีงบประมาณตั้งแต่วันที่ 1 ตุลาคม 2570 ถึงวันที่ 30 กันยายน 2571" in text.body(edition)


@pytest.mark.parametrize(
    "day, line",
    [
        (dt.date(2026, 12, 10), "ประกาศ ณ วันที่ ๑๐ ธันวาคม พ.ศ. ๒๕๖๙"),  # December: the year before fiscal year 2570
        (dt.date(2027, 1, 5), "ประกาศ ณ วันที่ ๕ มกราคม พ.ศ. ๒๕๗๐"),
    ],
)
def test_the_date_line_comes_from_the_announcements_own_date(day, line):
    assert text.date_line(day) == line


def test_an_announcement_made_in_december_keeps_both_years_right(operational_plan, staff, executive):
    plan_transition(plan=operational_plan, user=staff, action="submit")
    plan_transition(plan=operational_plan, user=executive, action="approve")
    draft = announcement_draft(operational_plan, dt.date(2026, 12, 10))
    assert "พ.ศ. 2570" in draft.heading
    assert draft.posted_until == dt.date(2027, 1, 9)
    from announcements.services import plan_announce

    announcement = plan_announce(plan=operational_plan, user=executive, draft=draft)
    assert announcement.number == "1/2569"  # numbered in the calendar year of its date
    page = login(executive).get(reverse("public:plan", args=[operational_plan.organisation.code, 2570])).content.decode()
    assert "ประกาศ ณ วันที่ ๑๐ ธันวาคม ๒๕๖๙" in page or "๑๐ ธันวาคม ๒๕๖๙" in page


def test_an_acting_signer_prints_the_capacity_and_for_whom(operational_plan, org):
    from announcements.models import Announcement

    announcement = Announcement(
        organisation=org, plan=operational_plan, signer_name="นายวิชัย ขยันดี", signer_title="ปลัดองค์การบริหารส่วนตำบลหนองบัว",
        acting=Announcement.Acting.ACTING, acting_for="นายกองค์การบริหารส่วนตำบลหนองบัว",
    )  # fmt: skip
    assert announcement.signature_lines == [
        "(นายวิชัย ขยันดี)", "ปลัดองค์การบริหารส่วนตำบลหนองบัว", "รักษาราชการแทน", "นายกองค์การบริหารส่วนตำบลหนองบัว",
    ]  # fmt: skip


def form_data(plan, **changes):
    draft = announcement_draft(plan, dt.date(2026, 11, 20))
    data = {
        "announced_on": "20/11/2569", "heading": draft.heading, "body": draft.body, "signer_name": "นายสมชาย รักถิ่น",
        "signer_title": draft.signer_title, "acting": "", "acting_for": "", "posted_on": "20/11/2569", "posted_until": "20/12/2569",
    }  # fmt: skip
    data.update(changes)
    return data


def errors(plan, **changes):
    form = AnnounceForm(form_data(plan, **changes), plan=plan, today=dt.date(2026, 11, 25))
    form.is_valid()
    return form.errors


def test_a_valid_announcement_form(operational_plan):
    assert errors(operational_plan) == {}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"body": "ประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2571"}, "body", "ไม่ตรงกับปีงบประมาณ (2570)"),
        ({"heading": "ประกาศใช้แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"}, "heading", "2567"),
        ({"posted_until": "10/12/2569"}, "posted_until", "อย่างน้อย ๓๐ วัน"),
        ({"posted_on": "10/12/2569", "posted_until": "10/01/2570"}, "posted_on", "ภายใน ๑๕ วัน"),
        ({"posted_on": "19/11/2569"}, "posted_on", "ต้องไม่ก่อนวันที่ประกาศ"),
        ({"announced_on": "01/12/2569"}, "announced_on", "อนาคต"),
        ({"announced_on": "01/09/2569", "posted_on": "01/09/2569", "posted_until": "01/10/2569"}, "announced_on", "ก่อนวันที่ข้อบัญญัติ"),
        ({"acting": "ปฏิบัติราชการแทน"}, "acting_for", "ตำแหน่งของผู้บริหาร"),
    ],
)
def test_bad_announcements_are_refused_in_thai(operational_plan, changes, field, message):
    assert message in " ".join(errors(operational_plan, **changes)[field])


def test_the_executive_signs_from_the_form_and_the_plan_is_announced(operational_plan, staff, executive, activity):
    plan_transition(plan=operational_plan, user=staff, action="submit")
    plan_transition(plan=operational_plan, user=executive, action="approve")
    url = reverse("announcements:plan_announce", args=[operational_plan.pk])
    page = login(executive).get(url).content.decode()
    assert "ตัวอย่างประกาศ" in page and "จึงประกาศให้ทราบโดยทั่วกัน" in page
    wrong = login(executive).post(url, form_data(operational_plan, posted_until="21/11/2569"))
    assert wrong.status_code == 200 and "อย่างน้อย ๓๐ วัน" in wrong.content.decode()
    operational_plan.refresh_from_db()
    assert operational_plan.status == "approved"
    response = login(executive).post(url, form_data(operational_plan, signer_name="นายสมชาย รักถิ่น (ลงนาม)"))
    assert response.status_code == 302
    operational_plan.refresh_from_db()
    assert operational_plan.status == "announced"
    assert operational_plan.announcement.signer_name == "นายสมชาย รักถิ่น (ลงนาม)"  # as it was on that day


def test_previewing_an_edited_announcement_does_not_sign_it(operational_plan, staff, executive):
    plan_transition(plan=operational_plan, user=staff, action="submit")
    plan_transition(plan=operational_plan, user=executive, action="approve")
    url = reverse("announcements:plan_announce", args=[operational_plan.pk])
    page = login(executive).post(url, {**form_data(operational_plan, signer_name="นางสาวมาลี ใจงาม"), "preview": "1"}).content.decode()
    assert "(นางสาวมาลี ใจงาม)" in page
    operational_plan.refresh_from_db()
    assert operational_plan.status == "approved"
