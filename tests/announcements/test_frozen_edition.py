"""What was announced stays as announced: an announced edition's page, exports and PDFs never change,
whatever later happens to the strategies, guidelines, units, villages, budget lines, development-plan
projects or organisation it names. Later changes reach citizens only through a new edition."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.deletion import RestrictedError
from django.urls import reverse

from announcements.models import Announcement
from announcements.services import announcement_draft, plan_announce, plan_transition
from plans.models import BudgetLine, OperationalPlan, Village
from plans.words import COMMUNITY
from projects.document import build_document
from projects.editions import edition_start
from projects.models import Activity, EditionSnapshot
from projects.snapshot import frozen
from tests.announcements.conftest import announce
from tests.conftest import YEAR, login

pytestmark = pytest.mark.django_db
CODE = "3400101"


@pytest.fixture
def editions(activity, budget_line, plan_project, staff, executive, settings):
    """The 2570 plan of หนองบัว announced, then amended once (its budget raised) and announced again."""
    settings.PUBLIC_CACHE_SECONDS = 0  # every response below is built afresh, never a cached copy
    Activity.objects.filter(pk=activity.pk).update(budget_line=budget_line, plan_project=plan_project)
    original = activity.plan
    announce(original, staff, executive)
    amending = edition_start(plan=original, kind="amending", user=staff)
    changed = amending.activities.get()
    changed.budget = Decimal("460000")
    changed.save()
    announce(amending, staff, executive, dt.date(2026, 11, 2))
    return original, amending


def public_urls(plans: tuple[OperationalPlan, ...]) -> list[str]:
    urls = [reverse("public:plan", args=[CODE, YEAR])]
    for plan in plans:
        args = [CODE, YEAR, plan.edition_slug]
        urls += [reverse("public:plan_edition", args=args)]
        urls += [reverse(f"public:{name}", args=args) for name in ("plan_csv", "plan_xlsx", "plan_json", "plan_pdf", "announcement_pdf")]
    return urls


def fetch(client, urls: list[str]) -> dict[str, bytes]:
    responses = {url: client.get(url) for url in urls}
    assert all(response.status_code == 200 for response in responses.values()), {u: r.status_code for u, r in responses.items()}
    return {url: b"".join(r.streaming_content) if r.streaming else r.content for url, r in responses.items()}


def change_everything_it_names(activity, villages, org) -> None:
    """Rename every shared record the editions name, and renumber and delete villages."""
    strategy, guideline, unit = activity.strategy, activity.guideline, activity.unit
    strategy.name, guideline.name, unit.name = "ยุทธศาสตร์ที่เปลี่ยนชื่อ", "แนวทางที่เปลี่ยนชื่อ", "กองช่างที่เปลี่ยนชื่อ"
    for record in (strategy, guideline, unit):
        record.save()
    org.name, org.district, org.executive_name, org.digit_style = "หนองบัวใหม่", "อำเภอใหม่", "นายคนใหม่ ใจดี", "arabic"
    org.save()
    named, unnamed = villages[1], villages[2]
    named.number, named.name = 9, "บ้านย้ายเลข"
    named.save()
    unnamed.delete()


def test_renaming_and_deleting_what_an_announced_edition_names_changes_none_of_its_public_formats(
    client, editions, activity, villages, org
):
    urls = public_urls(editions)
    before = fetch(client, urls)
    assert "กองช่าง" in before[urls[0]].decode() and "หมู่ที่ 1" in before[urls[0]].decode()

    change_everything_it_names(activity, villages, org)

    after = fetch(client, urls)
    for url in urls:
        assert after[url] == before[url], f"{url} changed after its edition was announced"


def test_a_draft_shows_the_new_names_while_the_announced_edition_keeps_the_old(editions, activity, villages, org, staff):
    _, amending = editions
    change_everything_it_names(activity, villages, org)
    draft = edition_start(plan=amending, kind="additional", user=staff)
    doc = build_document(draft, consolidated=True)
    row = doc.projects[0].programmes[0].rows[0].activity
    assert (row.unit.name, doc.organisation.full_name) == ("กองช่างที่เปลี่ยนชื่อ", "องค์การบริหารส่วนตำบลหนองบัวใหม่")
    announced = frozen(amending)
    assert announced.organisation.full_name == "องค์การบริหารส่วนตำบลหนองบัว"
    assert [(v.number, v.name) for v in announced.activities[0].village_list()] == [(1, "บ้านหนองบัว")]
    assert str(announced.activities[0].strategy) == "ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน"


def test_a_citizen_still_filters_by_a_village_that_was_renumbered_after_announcement(client, editions, villages, activity):
    village = villages[1]
    village.number = 9
    village.save()
    page = client.get(reverse("public:plan", args=[CODE, YEAR]), {"village": village.pk})
    assert [a.name for a in page.context["page_obj"]] == [activity.name]
    assert "หมู่ที่ 1 บ้านหนองบัว" in page.content.decode()


@pytest.mark.parametrize("record", ["village", "budget_line", "plan_project"])
def test_deleting_a_record_an_announced_activity_names_is_refused(editions, activity, villages, budget_line, plan_project, record):
    BudgetLine.objects.filter(pk=budget_line.pk).update(plan_project=None)  # else the line alone protects the plan project
    target = {"village": villages[1], "budget_line": budget_line, "plan_project": plan_project}[record]
    with pytest.raises(RestrictedError, match="ประกาศใช้แล้ว"), transaction.atomic():
        target.delete()
    target.refresh_from_db()  # still there
    for copy in Activity.objects.filter(key=activity.key):
        assert copy.villages.filter(pk=villages[1].pk).exists()
        assert (copy.budget_line_id, copy.plan_project_id) == (budget_line.pk, plan_project.pk)


def test_the_delete_page_says_in_thai_why_a_named_village_stays(editions, staff, villages):
    response = login(staff).post(reverse("plans:village_delete", args=[villages[1].pk]))
    assert response.status_code == 409
    assert "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก" in response.content.decode()
    assert Village.objects.filter(pk=villages[1].pk).exists()


def test_deleting_a_village_or_budget_line_a_draft_names_unlinks_it_in_the_activitys_history(staff_client, activity, villages, budget_line):
    Activity.objects.filter(pk=activity.pk).update(budget_line=budget_line)
    assert staff_client.post(reverse("plans:village_delete", args=[villages[1].pk])).status_code == 302
    assert staff_client.post(reverse("plans:budgetline_delete", args=[budget_line.pk])).status_code == 302
    activity.refresh_from_db()
    assert list(activity.villages.all()) == [] and activity.budget_line is None
    latest = activity.history.order_by("-history_id")[:2]
    assert [record.history_user.username for record in latest] == ["somying", "somying"]
    assert latest[0].budget_line_id is None and latest[1].budget_line_id == budget_line.pk
    assert [village.village_id for village in latest[1].villages.all()] == []


def test_an_edition_announced_before_snapshots_existed_is_frozen_by_the_next_migrate(editions):
    original, _ = editions
    EditionSnapshot.objects.filter(plan=original).delete()
    call_command("migrate", verbosity=0)
    assert EditionSnapshot.objects.get(plan=original).content["activities"][0]["budget"] == "450000.00"


def test_a_snapshot_cannot_be_changed(editions):
    snapshot = EditionSnapshot.objects.first()
    snapshot.content = {}
    with pytest.raises(Exception, match="แก้ไขไม่ได้"):
        snapshot.save()


@pytest.mark.django_db(transaction=True)
def test_two_plans_of_one_organisation_announced_at_once_get_two_numbers(org, strategic_plan, staff, executive, ordinance):
    from tests.conftest import ensure_reference_data

    ensure_reference_data()
    plans = [OperationalPlan.objects.create(organisation=org, fiscal_year=year, strategic_plan=strategic_plan) for year in (2569, 2570)]
    for plan in plans:
        plan_transition(plan=plan, user=staff, action="submit")
        plan_transition(plan=plan, user=executive, action="approve")
    results, barrier = [], threading.Barrier(2)

    def attempt(plan):
        own = OperationalPlan.objects.get(pk=plan.pk)
        barrier.wait()
        try:
            plan_announce(plan=own, user=executive, draft=announcement_draft(own, dt.date(2026, 10, 15)))
            results.append("announced")
        except Exception as error:  # noqa: BLE001 - what a citizen would see as a 500
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["announced", "announced"]
    assert sorted(Announcement.objects.values_list("number", flat=True)) == ["1/2569", "2/2569"]


def test_the_announced_edition_keeps_the_words_it_was_announced_with(client, announced, org, villages, staff):
    """The village/community setting is frozen with the organisation: changing it later changes only what is not yet announced."""
    org.locality = COMMUNITY
    org.save()
    page = client.get(reverse("public:plan", args=[org.code, 2570])).content.decode()
    assert "ทุกหมู่บ้าน" in page and "หมู่ที่ 1 บ้านหนองบัว" in page and "ทุกชุมชน" not in page
    csv_text = client.get(reverse("public:plan_csv", args=[org.code, 2570, "original"])).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].endswith("แนวทางการพัฒนา,หมู่ที่,หน่วยงานอื่น,ครุภัณฑ์,ประเภทครุภัณฑ์,รหัสอ้างอิง")
    assert "ชุมชน" in login(staff).get(reverse("plans:home")).content.decode()  # staff's pages speak the new setting
