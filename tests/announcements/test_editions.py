"""Editions: เพิ่มเติม/แก้ไข ครั้งที่ k/N start from the plan in force and show what they change."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import BudgetLine, BudgetOrdinance, OperationalPlan, PlanProject, PlanProjectBudget
from projects.document import build_document
from projects.editions import EditionError, edition_changes, edition_start
from projects.models import Activity
from tests.announcements.conftest import announce
from tests.conftest import category, chained_activity, login, programme

pytestmark = pytest.mark.django_db


def test_an_edition_starts_from_the_plan_in_force_with_the_same_activities(announced, staff):
    edition = edition_start(plan=announced, kind="amending", user=staff)
    assert (edition.edition_kind, edition.edition_number, edition.status, edition.based_on) == ("amending", 1, "draft", announced)
    assert edition.title == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2570 แก้ไข ครั้งที่ 1/2570"
    original, copy = announced.activities.get(), edition.activities.get()
    assert copy.key == original.key and copy.pk != original.pk
    assert (copy.name, copy.budget, copy.months) == (original.name, original.budget, original.months)
    assert list(copy.villages.all()) == list(original.villages.all())
    assert edition_changes(edition).is_empty


def test_k_counts_each_kind_separately(announced, staff, executive):
    first = edition_start(plan=announced, kind="amending", user=staff)
    announce(first, staff, executive, dt.date(2026, 12, 1))
    second = edition_start(plan=first, kind="additional", user=staff)
    assert second.edition_label == "เพิ่มเติม ครั้งที่ 1/2570"
    assert second.based_on == first
    announce(second, staff, executive, dt.date(2026, 12, 20))
    third = edition_start(plan=second, kind="amending", user=staff)
    assert third.edition_label == "แก้ไข ครั้งที่ 2/2570"


def test_only_one_open_edition_at_a_time_and_only_after_announcement(announced, staff, operational_plan):
    edition_start(plan=announced, kind="amending", user=staff)
    with pytest.raises(EditionError, match="ยังไม่ประกาศใช้อยู่แล้ว"):
        edition_start(plan=announced, kind="additional", user=staff)


def test_a_draft_year_cannot_have_editions(operational_plan, staff):
    with pytest.raises(EditionError, match="ต้องประกาศใช้แผนประจำปีก่อน"):
        edition_start(plan=operational_plan, kind="additional", user=staff)


def test_an_additional_budget_drafts_an_additional_edition(announced, staff, org, development_plan, strategies, units):
    project = PlanProject.objects.create(development_plan=development_plan, strategy=strategies[2], programme=programme("00220"),
                                         name="โครงการจัดซื้อเครื่องพ่นหมอกควัน", unit=units["สำนักปลัด"])  # fmt: skip
    PlanProjectBudget.objects.create(project=project, fiscal_year=2570, amount=Decimal("59000"))
    additional = BudgetOrdinance.objects.create(
        organisation=org, fiscal_year=2570, kind="additional", number=1, enacted_on=dt.date(2027, 3, 1)
    )
    BudgetLine.objects.create(ordinance=additional, programme=programme("00220"), work="งานบริการสาธารณสุข", category=category("ค่าใช้สอย"),
                              item=project.name, amount=Decimal("59000"), unit=units["สำนักปลัด"], plan_project=project)  # fmt: skip
    edition = edition_start(plan=announced, kind="additional", user=staff, ordinance=additional)
    changes = edition_changes(edition)
    assert [a.name for a in changes.added] == ["โครงการจัดซื้อเครื่องพ่นหมอกควัน"]
    assert changes.changed == [] and changes.removed == []
    doc = build_document(edition)
    assert [r.activity.name for g in doc.projects for p in g.programmes for r in p.rows] == ["โครงการจัดซื้อเครื่องพ่นหมอกควัน"]
    assert doc.summary_total.count == 1 and doc.summary_total.budget == Decimal("59000")


def test_an_amending_edition_shows_before_and_after_and_what_it_removes(announced, staff, strategies):
    extra_plan = announced
    edition = edition_start(plan=extra_plan, kind="amending", user=staff)
    road = edition.activities.get()
    road.budget = Decimal("430000")
    road.months = 0b1111000
    road.save()
    Activity.objects.create(
        plan=edition, strategy=strategies[2], programme=programme("00220"), name="โครงการใหม่ในฉบับแก้ไข", budget=Decimal("10000")
    )
    changes = edition_changes(edition)
    [change] = changes.changed
    assert ("งบประมาณ (บาท)", "450,000.00", "430,000.00") in change.fields
    assert ("ระยะเวลาดำเนินการ", "ม.ค.–มี.ค. 2570", "ม.ค.–เม.ย. 2570") in change.fields
    assert [a.name for a in changes.added] == ["โครงการใหม่ในฉบับแก้ไข"]
    road.delete()
    changes = edition_changes(edition)
    assert [a.name for a in changes.removed] == ["โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1"]
    doc = build_document(edition)
    assert [s.key for s in doc.sections] == ["pd01", "pd02", "changes"]


def test_staff_start_an_edition_from_the_plan_page(announced, staff, executive, outsider):
    url = reverse("announcements:edition_start", args=[announced.pk])
    assert login(executive).post(url, {"kind": "amending"}).status_code == 403
    assert login(outsider).post(url, {"kind": "amending"}).status_code == 404
    response = login(staff).post(url, {"kind": "amending"})
    edition = OperationalPlan.objects.get(edition_kind="amending")
    assert response["Location"] == reverse("projects:activity_list", args=[edition.pk])
    assert login(staff).post(url, {"kind": "additional"}, follow=True).content.decode().count("ยังไม่ประกาศใช้อยู่แล้ว") == 1


def test_the_public_site_shows_every_edition_and_the_consolidated_plan(client, announced, staff, executive, strategies, units):
    edition = edition_start(plan=announced, kind="additional", user=staff)
    chained_activity(edition, strategy=strategies[2], programme_code="00220", name="โครงการเพิ่มเติมกลางปี", budget="20000",
                     unit=units["สำนักปลัด"], location="หมู่ที่ 2", months=1 << 6)  # fmt: skip
    assert client.get(reverse("public:plan_edition", args=["3400101", 2570, "additional-1"])).status_code == 404  # not announced yet
    announce(edition, staff, executive, dt.date(2027, 4, 1))
    in_force = client.get(reverse("public:plan", args=["3400101", 2570])).content.decode()
    assert "โครงการเพิ่มเติมกลางปี" in in_force and "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก" in in_force
    edition_page = client.get(reverse("public:plan_edition", args=["3400101", 2570, "additional-1"])).content.decode()
    assert "ฉบับนี้เปลี่ยนอะไร" in edition_page and "โครงการเพิ่มเติมกลางปี" in edition_page
    assert "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก" not in edition_page.split("โครงการที่เพิ่มหรือแก้ไขในฉบับนี้")[1].split("สรุปจำนวน")[0]
    original = client.get(reverse("public:plan_edition", args=["3400101", 2570, "original"])).content.decode()
    assert "ฉบับนี้มีฉบับที่ประกาศภายหลังแล้ว" in original


def test_the_public_page_of_an_amending_edition_shows_before_after_and_removed(client, announced, staff, executive, strategies, units):
    added = edition_start(plan=announced, kind="additional", user=staff)
    chained_activity(added, strategy=strategies[2], programme_code="00220", name="โครงการที่ยกเลิกในฉบับแก้ไข", budget="10000",
                     unit=units["สำนักปลัด"])  # fmt: skip
    announce(added, staff, executive, dt.date(2026, 12, 1))
    amending = edition_start(plan=added, kind="amending", user=staff)
    road = amending.activities.get(name__startswith="โครงการก่อสร้างถนน")
    road.budget = Decimal("430000")
    road.save()
    amending.activities.get(name="โครงการที่ยกเลิกในฉบับแก้ไข").delete()
    announce(amending, staff, executive, dt.date(2026, 12, 20))

    url = reverse("public:plan_edition", args=[announced.organisation.code, 2570, amending.edition_slug])
    for address in (url, url + "?page=1"):  # built, then another address with the changes from the cache
        page = client.get(address).content.decode()
        assert "แก้ไข ๑ รายการ · ยกเลิก ๑ รายการ" in page
        assert "<del>๔๕๐,๐๐๐.๐๐</del> → <ins>๔๓๐,๐๐๐.๐๐</ins>" in page
        assert "<li>โครงการที่ยกเลิกในฉบับแก้ไข (๑๐,๐๐๐.๐๐ บาท)</li>" in page
