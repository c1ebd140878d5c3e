"""Staff set months, villages, unit and แผนงาน of many activities at once: reviewed, all or nothing, undoable."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from lib import thai
from plans.models import OperationalPlan, Village
from projects import bulk
from projects.models import Activity
from tests.conftest import login, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(activity, strategies, units):
    """The road (months, a village, a unit) and three activities drafted without months or places."""
    names = ["โครงการรณรงค์ป้องกันโรคไข้เลือดออก", "โครงการแข่งขันกีฬาต้านยาเสพติด", "โครงการอบรมอาสาสมัครสาธารณสุข"]
    bare = [
        Activity.objects.create(
            plan=activity.plan, strategy=strategies[2], programme=programme("00220"), name=name, budget=Decimal("20000")
        )
        for name in names
    ]
    return activity.plan, activity, bare


def url(plan, query=""):
    return reverse("projects:activity_bulk", args=[plan.pk]) + (f"?{query}" if query else "")


def grid_data(rows, action="review", changes=None, selected=(), setting=None):
    """What the grid page posts: every row as built (version and values), with `changes` {activity: {field: value}} on top."""
    data = {"action": action, "row": [], "sel": [str(a.pk) for a in selected]}
    for activity in rows:
        values = bulk.Values.of(activity)
        mine = (changes or {}).get(activity, {})
        pk = activity.pk
        data["row"].append(str(pk))
        data[f"ver{pk}"] = str(activity.version)
        data[f"o{pk}"] = values.encode()
        data[f"m{pk}"] = [str(i) for i in mine.get("months", thai.mask_to_months(values.months))]
        data[f"v{pk}"] = ",".join(str(v) for v in mine.get("villages", sorted(values.villages)))
        data[f"u{pk}"] = str(mine.get("unit", values.unit) or "")
        data[f"p{pk}"] = str(mine.get("programme", values.programme))
        data[f"ol{pk}"], data[f"l{pk}"] = values.location, mine.get("location", values.location)
    data.update(setting or {})
    return data


def test_staff_open_the_grid_with_the_lists_filter_or_the_rows_they_ticked(staff_client, drafted):
    plan, road, bare = drafted
    page = staff_client.get(url(plan)).content.decode()
    assert page.count('name="row"') == 4 and 'name="sel" value' in page and "checked" not in page.split('name="sel"')[1][:80]
    page = staff_client.get(url(plan, f"strategy={bare[0].strategy_id}")).content.decode()
    assert page.count('name="row"') == 3
    page = staff_client.get(url(plan, f"ids={bare[0].pk}&ids={bare[1].pk}")).content.decode()
    assert page.count('name="row"') == 2 and page.count(" checked") == 2  # ticked on the list: ticked here
    listing = staff_client.get(reverse("projects:activity_list", args=[plan.pk])).content.decode()
    assert 'form="bulk-open"' in listing and "แก้ไขทั้งหมด ๔ รายการพร้อมกัน" in listing


def test_executives_and_outsiders_cannot_use_the_grid(drafted, executive, outsider):
    plan = drafted[0]
    assert login(executive).get(url(plan)).status_code == 403
    assert login(outsider).get(url(plan)).status_code == 404
    assert login(outsider).post(url(plan), grid_data(drafted[2], "save")).status_code == 404


def test_the_grid_answers_only_get_and_post(staff_client, drafted):
    assert staff_client.put(url(drafted[0])).status_code == 405
    assert staff_client.get(reverse("projects:activity_bulk_undo", args=[drafted[0].pk])).status_code == 405


def test_applying_the_panel_fills_the_selected_rows_without_saving(staff_client, drafted, villages, units):
    plan, road, bare = drafted
    setting = {"set_m": ["3", "4"], "set_v": [str(villages[2].pk)], "set_u": str(units["สำนักปลัด"].pk), "set_l": " ศาลา  ประชาคม "}
    response = staff_client.post(url(plan), grid_data([road, *bare], "apply", selected=bare[:2], setting=setting))
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="changed"') == 2
    assert f'name="v{bare[0].pk}" value="{villages[2].pk}"' in page and f'name="v{bare[2].pk}" value=""' in page
    assert f'name="m{bare[0].pk}" value="3" aria-labelledby="mh3 n{bare[0].pk}" checked' in page
    assert f'name="l{bare[1].pk}" value="ศาลา ประชาคม"' in page and f'name="l{bare[2].pk}" value=""' in page
    assert 'name="set_l" id="set-l" maxlength="300" value=""' in page  # the panel starts empty again
    assert all(a.months == 0 for a in Activity.objects.filter(pk__in=[a.pk for a in bare]))  # nothing saved yet


def test_the_review_says_what_will_change_and_saves_nothing(staff_client, drafted, villages, units):
    plan, road, bare = drafted
    changes = {a: {"months": [3, 4, 5], "villages": [villages[1].pk, villages[3].pk]} for a in bare}
    changes[bare[0]]["unit"] = units["สำนักปลัด"].pk
    response = staff_client.post(url(plan), grid_data([road, *bare], "review", changes))
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "จะแก้ไข <strong>๓ รายการ</strong>: ระยะเวลาดำเนินการ ๓ รายการ · หมู่บ้าน ๓ รายการ · หน่วยงานรับผิดชอบหลัก ๑ รายการ" in page
    assert "<del>ยังไม่ระบุ</del> → <ins>ม.ค.–มี.ค. ๒๕๗๐</ins>" in page and "<ins>หมู่ที่ ๑, หมู่ที่ ๓</ins>" in page
    assert "ยืนยันบันทึก ๓ รายการ" in page
    assert not Activity.objects.filter(pk__in=[a.pk for a in bare], months__gt=0).exists()


def test_confirming_saves_every_row_and_records_each_change_in_its_history(staff_client, staff, drafted, villages, units):
    plan, road, bare = drafted
    changes = {a: {"months": [3, 4, 5], "villages": [villages[1].pk, villages[3].pk], "unit": units["สำนักปลัด"].pk} for a in bare}
    changes[road] = {"programme": programme("00220").pk}
    filtered = url(plan, urlencode({"q": "โครงการ"}))
    response = staff_client.post(filtered, grid_data([road, *bare], "save", changes))
    assert response.status_code == 302 and response["Location"] == filtered  # back to the same grid, for the next group
    for activity in bare:
        activity.refresh_from_db()
        assert (activity.months, activity.unit, activity.version) == (0b111000, units["สำนักปลัด"], 2)
        assert set(activity.villages.all()) == {villages[1], villages[3]}
        record = activity.history.first()
        assert (record.history_type, record.history_user, record.history_change_reason) == ("~", staff, "แก้ไขหลายรายการพร้อมกัน")
        assert {v.village_id for v in record.villages.all()} == {villages[1].pk, villages[3].pk}
    road.refresh_from_db()
    assert road.programme.code == "00220" and road.months == thai.months_to_mask([3, 4, 5]) and road.villages.count() == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "บันทึกการแก้ไข 4 รายการแล้ว" in page and "เลิกทำการแก้ไขครั้งล่าสุด" in page


def test_a_row_saved_by_someone_else_meanwhile_stops_the_whole_save_and_loses_nothing(staff_client, drafted, executive, orgadmin, units):
    plan, road, bare = drafted
    data = grid_data(bare, "save", {a: {"months": [6, 7]} for a in bare})
    theirs = Activity.objects.get(pk=bare[1].pk)  # the administrator saves one row while the staff member works
    theirs.unit = units["กองคลัง"]
    theirs._history_user = orgadmin
    theirs.save_checked(theirs.version)
    response = staff_client.post(url(plan), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "ยังไม่ได้บันทึก: มีผู้อื่นบันทึก 1 รายการไปก่อน" in page
    assert "วิไล บันทึกรายการนี้ไปก่อนแล้ว" in page
    assert not Activity.objects.filter(pk__in=[a.pk for a in bare], months__gt=0).exists()  # all or nothing
    assert f'name="m{bare[1].pk}" value="6"' in page  # what the user set is still in the form
    assert f'name="ver{bare[1].pk}" value="2"' in page  # now carried at the stored version: confirming again is deliberate
    again = {key: value for key, value in _hidden_fields(page).items()}
    assert staff_client.post(url(plan), {**again, "action": "save"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.months == thai.months_to_mask([6, 7]) and theirs.unit == units["กองคลัง"]  # their unit stays, our months land


def _hidden_fields(page: str) -> dict:
    """The hidden inputs of the review page, as the browser would post them again."""
    import re

    fields: dict = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page):
        if name == "csrfmiddlewaretoken":
            continue
        fields.setdefault(name, []).append(value)
    return fields


def test_a_frozen_plan_refuses_the_grid_and_its_save(staff_client, drafted):
    plan, road, bare = drafted
    data = grid_data(bare, "save", {a: {"months": [1]} for a in bare})
    OperationalPlan.objects.filter(pk=plan.pk).update(status=OperationalPlan.Status.SUBMITTED)
    response = staff_client.post(url(plan), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("projects:activity_list", args=[plan.pk])
    assert "จึงแก้ไขหลายรายการไม่ได้" in response.content.decode()
    assert staff_client.get(url(plan)).status_code == 302
    assert not Activity.objects.filter(months=1).exists()


def test_the_service_refuses_a_frozen_plan_even_when_called_directly(drafted, staff):
    from projects.models import FrozenPlan

    plan, road, bare = drafted
    rows = bulk.rows_of(bare)
    rows[0].values = bulk.Values(1, frozenset(), None, rows[0].values.programme)
    OperationalPlan.objects.filter(pk=plan.pk).update(status=OperationalPlan.Status.ANNOUNCED)
    with pytest.raises(FrozenPlan):
        bulk.activities_set_many(plan=plan, rows=rows, user=staff)
    assert Activity.objects.get(pk=bare[0].pk).months == 0


def test_values_from_another_organisation_are_refused(staff_client, drafted, other_org):
    plan, road, bare = drafted
    foreign = Village.objects.create(organisation=other_org, number=1, name="บ้านนาดี")
    response = staff_client.post(url(plan), grid_data(bare, "save", {bare[0]: {"villages": [foreign.pk]}}), follow=True)
    assert "หมู่บ้านของ “โครงการรณรงค์ป้องกันโรคไข้เลือดออก” ไม่ใช่หมู่บ้านของ อปท. นี้" in response.content.decode()
    assert not bare[0].villages.exists()


def test_undo_puts_back_the_last_save_unless_someone_changed_a_row_since(staff_client, staff, drafted, villages):
    plan, road, bare = drafted
    staff_client.post(url(plan), grid_data(bare, "save", {a: {"months": [2], "villages": [villages[2].pk]} for a in bare}))
    undo = reverse("projects:activity_bulk_undo", args=[plan.pk])
    response = staff_client.post(undo, follow=True)
    assert "เลิกทำแล้ว: 3 รายการกลับเป็นค่าเดิม" in response.content.decode()
    for activity in bare:
        activity.refresh_from_db()
        assert (activity.months, activity.villages.count(), activity.version) == (0, 0, 3)
        assert activity.history.first().history_change_reason == "เลิกทำการแก้ไขหลายรายการ"
    assert "ไม่มีการแก้ไขหลายรายการที่เลิกทำได้" in staff_client.post(undo, follow=True).content.decode()

    staff_client.post(
        url(plan), grid_data(Activity.objects.filter(pk__in=[a.pk for a in bare]), "save", {a: {"months": [9]} for a in bare})
    )
    later = Activity.objects.get(pk=bare[2].pk)
    later.location = "ศาลาประชาคม"
    later.save_checked(later.version)
    response = staff_client.post(undo, follow=True)
    assert "เลิกทำไม่ได้: มีการบันทึก 1 รายการหลังจากนั้นแล้ว" in response.content.decode()
    assert Activity.objects.filter(pk__in=[a.pk for a in bare], months=1 << 9).count() == 3  # nothing undone


def test_nothing_changed_is_said_and_not_reviewed(staff_client, drafted):
    plan, road, bare = drafted
    page = staff_client.post(url(plan), grid_data(bare, "review")).content.decode()
    assert "ยังไม่มีการเปลี่ยนแปลง" in page and "ยืนยันบันทึก" not in page


def test_the_grid_opens_on_what_the_checks_found_missing(staff_client, drafted):
    plan, road, bare = drafted
    for missing in ("months", "place"):
        page = staff_client.get(url(plan, f"missing={missing}")).content.decode()
        assert page.count('name="row"') == 3 and f'name="row" value="{road.pk}"' not in page
    checks_page = staff_client.get(reverse("projects:plan_checks", args=[plan.pk])).content.decode()
    assert f'href="{url(plan, "missing=months")}">แก้ทั้งหมดพร้อมกันในตาราง' in checks_page
