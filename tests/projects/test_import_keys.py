"""The Excel round trip: the export carries each activity's key; importing the edited file updates
those same activities in place, keeping their budget line and development-plan project."""

from __future__ import annotations

import csv
import io
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from plans.models import StaleEdit
from projects import exports
from projects.importer import ActivityImport, import_activities
from projects.models import Activity
from tests.conftest import ensure_reference_data, programme

pytestmark = pytest.mark.django_db


def edited_xlsx(plan, edit) -> bytes:
    book = load_workbook(io.BytesIO(exports.to_xlsx(exports.ordered(plan), plan.title)))
    sheet = book.active
    headers = [c.value for c in sheet[2]]
    edit(sheet, headers)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def linked(activity, budget_line, plan_project):
    activity.budget_line, activity.plan_project = budget_line, plan_project
    activity.save()
    return activity


def test_the_export_carries_the_key_in_its_last_column(linked):
    rows = list(csv.reader(io.StringIO(exports.to_csv(exports.ordered(linked.plan)).decode("utf-8-sig"))))
    assert rows[0][-1] == "รหัสอ้างอิง" and rows[1][-1] == str(linked.key)


def test_an_edited_export_updates_the_same_activity_and_keeps_its_links(linked, org):
    def edit(sheet, headers):
        sheet.cell(3, headers.index("สถานที่ดำเนินการ") + 1).value = "ถนนสายใหม่"
        sheet.cell(3, headers.index("งบประมาณ (บาท)") + 1).value = 440000
        sheet.cell(3, headers.index("ก.ย.") + 1).value = "✓"

    ActivityImport(edited_xlsx(linked.plan, edit), org, 2570, replace=True).save()
    [again] = linked.plan.activities.all()
    assert (again.pk, again.key, again.budget_line_id, again.plan_project_id) == (
        linked.pk,
        linked.key,
        linked.budget_line_id,
        linked.plan_project_id,
    )
    assert (again.location, again.budget, again.months) == ("ถนนสายใหม่", Decimal("440000"), linked.months | 1 << 11)
    assert again.version == linked.version + 1
    assert list(again.history.values_list("history_type", flat=True))[:1] == ["~"]
    assert [v.number for v in again.villages.all()] == [1]


def test_a_row_removed_from_the_file_is_deleted_by_a_replace_and_kept_otherwise(linked, org, strategies):
    extra = Activity.objects.create(
        plan=linked.plan, strategy=strategies[2], programme=programme("00220"), name="ตรวจสุขภาพ", budget=Decimal("5000")
    )

    def drop_extra(sheet, headers):
        for row in range(3, sheet.max_row + 1):
            if sheet.cell(row, headers.index("โครงการ") + 1).value == "ตรวจสุขภาพ":
                sheet.delete_rows(row)
                break

    content = edited_xlsx(linked.plan, drop_extra)
    kept = ActivityImport(content, org, 2570)
    assert kept.preview.count("ลบ (ไม่มีในไฟล์)") == 0
    replaced = ActivityImport(content, org, 2570, replace=True)
    assert replaced.preview.count("ลบ (ไม่มีในไฟล์)") == 1 and replaced.preview.count("ไม่เปลี่ยนแปลง") == 1
    replaced.save()
    assert list(linked.plan.activities.values_list("pk", flat=True)) == [linked.pk]
    assert Activity.history.filter(id=extra.pk, history_type="-").count() == 1


def test_a_row_without_a_key_is_added_and_a_key_of_another_plan_makes_a_new_activity(linked, org, other_org):
    def add_row(sheet, headers):
        row = [c.value for c in sheet[3]]
        row[headers.index("โครงการ")] = "โครงการใหม่"
        row[-1] = None
        sheet.append(row)

    ActivityImport(edited_xlsx(linked.plan, add_row), org, 2570).save()
    assert sorted(linked.plan.activities.values_list("name", flat=True)) == sorted([linked.name, "โครงการใหม่"])


def test_a_duplicated_or_damaged_key_is_an_error_of_its_row(linked, org):
    def duplicate(sheet, headers):
        sheet.append([c.value for c in sheet[3]])
        sheet.cell(3, len(headers)).value = sheet.cell(3, len(headers)).value
        sheet.append([*[c.value for c in sheet[3]][:-1], "ไม่ใช่รหัส"])

    preview = ActivityImport(edited_xlsx(linked.plan, duplicate), org, 2570).preview
    messages = {(e.row, e.column): e.message for e in preview.errors}
    assert "ซ้ำกับแถวที่ 3" in messages[4, "รหัสอ้างอิง"] and "รหัสอ้างอิงไม่ถูกต้อง" in messages[5, "รหัสอ้างอิง"]


def test_the_csv_round_trip_gives_back_what_was_typed_without_the_apostrophes(activity, org):
    activity.name, activity.location, activity.details = "-1+1 ชุมชน", "-", "=สูตร"
    activity.save()
    content = exports.to_csv(exports.ordered(activity.plan))
    assert "'-1+1 ชุมชน" in content.decode("utf-8-sig")
    ActivityImport(content, org, 2570, replace=True).save()
    activity.refresh_from_db()
    assert (activity.name, activity.location, activity.details) == ("-1+1 ชุมชน", "-", "=สูตร")


def test_a_replace_import_writes_in_bulk_whatever_the_number_of_rows(operational_plan, org, strategies, units, villages):
    def plan_of(n):
        Activity.objects.filter(plan=operational_plan).delete()
        Activity.objects.bulk_create(
            [Activity(plan=operational_plan, strategy=strategies[1], programme=programme("00310"), name=f"โครงการที่ {i}", budget=Decimal(i + 1))
             for i in range(n)]
        )  # fmt: skip
        content = exports.to_xlsx(exports.ordered(operational_plan), "")
        import_activities(content, org, 2570, replace=True)  # the same rows: nothing to write
        with CaptureQueriesContext(connection) as queries:
            import_activities(edited(content), org, 2570, replace=True)
        return len(queries)

    def edited(content):
        book = load_workbook(io.BytesIO(content))
        for row in book.active.iter_rows(min_row=3):
            row[5].value = "ทุกหมู่บ้าน"
        book.active.delete_rows(3)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    few, many = plan_of(20), plan_of(400)
    assert many - few < (400 - 20) / 20, (few, many)  # batches (SQLite takes 999 parameters a query), never a query a row


@pytest.mark.skipif("postgresql" not in connection.vendor, reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_an_edit_saved_while_a_replace_import_runs_waits_and_is_told_someone_saved_first(
    org, strategies, units, villages, operational_plan
):
    ensure_reference_data()  # an earlier test on a live server may have emptied every table
    activity = Activity.objects.create(
        plan=operational_plan, strategy=strategies[1], programme=programme("00310"), name="ถนน", budget=Decimal(1)
    )
    content = exports.to_xlsx(exports.ordered(operational_plan), "")
    book = load_workbook(io.BytesIO(content))
    book.active.cell(3, 6).value = "จากไฟล์"
    buffer = io.BytesIO()
    book.save(buffer)
    importer = ActivityImport(buffer.getvalue(), org, 2570, replace=True)
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def run_import():
        from plans.names import Matcher

        original = Matcher.remember

        def hold(self, user=None):  # runs once the plan and its activities are locked
            locked.set()
            release.wait(10)
            return original(self, user)

        Matcher.remember = hold
        try:
            importer.save()
        finally:
            Matcher.remember = original
            connections.close_all()

    def edit():
        stale = Activity.objects.get(pk=activity.pk)
        stale.location = "จากหน้าแก้ไข"
        try:
            stale.save_checked(activity.version)
            outcome["edit"] = "saved"
        except StaleEdit:
            outcome["edit"] = "stale"
        finally:
            connections.close_all()

    worker = threading.Thread(target=run_import)
    worker.start()
    assert locked.wait(10)
    editor = threading.Thread(target=edit)
    editor.start()
    editor.join(1)
    assert editor.is_alive()  # it waits for the import
    release.set()
    worker.join(10)
    editor.join(10)
    activity.refresh_from_db()
    assert outcome["edit"] == "stale" and activity.location == "จากไฟล์"


def test_an_edit_of_an_activity_an_import_deleted_meanwhile_is_told_so(staff_client, activity, monkeypatch):
    from django.urls import reverse

    def deleted_meanwhile(self, expected_version):
        Activity.objects.filter(pk=self.pk).delete()
        raise StaleEdit

    url = reverse("projects:activity_update", args=[activity.pk])
    form = staff_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    monkeypatch.setattr(Activity, "save_checked", deleted_meanwhile)
    response = staff_client.post(url, {**data, "months": ["3"], "version": activity.version}, follow=True)
    assert "ถูกลบไปแล้ว" in response.content.decode() and not Activity.objects.filter(pk=activity.pk).exists()
