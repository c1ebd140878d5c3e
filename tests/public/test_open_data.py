"""Open data: one CSV and one JSON Lines file per fiscal year, equal to what was announced."""

import csv
import io
import json
import time
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from plans.models import OperationalPlan, Unit
from projects import open_data
from projects.models import Activity, EditionSnapshot
from projects.snapshot import frozen
from tests.announcements.conftest import announce_as_it_is, snapshot_again
from tests.conftest import programme

pytestmark = pytest.mark.django_db


def stored(kind: str, year: int = 2570) -> bytes:
    with default_storage.open(open_data.read_index()[str(year)][kind], "rb") as file:
        return file.read()


def lines(year: int = 2570) -> list[dict]:
    return [json.loads(line) for line in stored("jsonl", year).decode("utf-8").splitlines()]


@pytest.fixture
def published(announced, strategies, units):
    """หนองบัว's announced plan with a second activity whose name a spreadsheet would take for a formula."""
    OperationalPlan.objects.filter(pk=announced.pk).update(status="draft")
    Activity.objects.create(plan=announced, strategy=strategies[2], programme=programme("00220"), name='=HYPERLINK("http://x")',
                            details="-ค่าวัสดุ", budget=Decimal("1234.50"), unit=units["สำนักปลัด"], months=0b1001)  # fmt: skip
    OperationalPlan.objects.filter(pk=announced.pk).update(status="announced")
    snapshot_again(announced)
    open_data.open_data_publish(2570)
    return announced


def test_announcing_a_plan_writes_the_years_files_once_committed(activity, staff, executive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announce_as_it_is(activity.plan, executive)
    assert [row["name"] for row in lines()] == ["โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1"]
    assert open_data.read_index()["2570"]["organisations"] == 1


def test_the_json_lines_say_what_the_snapshot_says(published):
    announced = frozen(published)
    rows = lines()
    assert [(r["key"], r["name"], r["details"], Decimal(r["budget"])) for r in rows] == [
        (str(a.key), a.name, a.details, a.budget) for a in announced.activities
    ]
    road = rows[0]
    assert road["organisation"] == "องค์การบริหารส่วนตำบลหนองบัว" and road["province"] == "ขอนแก่น" and road["edition"] == "original"
    assert road["strategy"] == "การพัฒนาโครงสร้างพื้นฐาน" and road["unit"] == "กองช่าง" and road["villages"] == "1"
    assert road["months"] == "2027-01 2027-02 2027-03"  # fiscal months 3–5 of 2570: ม.ค.–มี.ค. 2570
    assert list(road) == open_data.COLUMNS


def test_the_csv_holds_the_same_rows_with_formulas_neutralised(published):
    content = stored("csv").decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
    assert [r["key"] for r in rows] == [r["key"] for r in lines()]
    formula = rows[1]
    assert formula["name"] == '\'=HYPERLINK("http://x")' and formula["details"] == "'-ค่าวัสดุ"
    assert formula["budget"] == "1234.50" and formula["is_equipment"] == "false"
    assert lines()[1]["name"] == '=HYPERLINK("http://x")'  # JSON is no spreadsheet: as announced


def test_the_files_keep_what_was_announced_after_a_rename(published, units):
    Unit.objects.filter(pk=units["กองช่าง"].pk).update(name="กองช่างสุขาภิบาล")
    open_data.open_data_publish(2570)
    assert lines()[0]["unit"] == "กองช่าง"


def test_each_organisation_appears_with_its_plan_in_force_only(published, executive):
    edition = OperationalPlan.objects.create(
        organisation=published.organisation, fiscal_year=2570, edition_kind="amending", edition_number=1,
        strategic_plan=published.strategic_plan, development_plan=published.development_plan, based_on=published,
    )  # fmt: skip
    kept = published.activities.order_by("pk").first()
    Activity.objects.create(plan=edition, key=kept.key, strategy=kept.strategy, programme=kept.programme, name=kept.name + " (แก้ไข)",
                            budget=Decimal("500000"))  # fmt: skip
    announce_as_it_is(edition, executive)
    open_data.open_data_publish(2570)
    assert [(r["name"], r["edition"]) for r in lines()] == [("โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1 (แก้ไข)", "amending-1")]
    assert EditionSnapshot.objects.count() == 2


def test_the_page_documents_every_field_and_streams_the_files(client, published):
    page = client.get(reverse("public:open_data")).content.decode()
    for name, _meaning in open_data.FIELDS:
        assert f"<code>{name}</code>" in page
    assert "พ.ศ. ๒๕๗๐" in page and reverse("public:open_data_file", args=[2570, "csv"]) in page
    response = client.get(reverse("public:open_data_file", args=[2570, "jsonl"]))
    assert response.streaming and response["Content-Type"].startswith("application/x-ndjson")
    assert b"".join(response.streaming_content) == stored("jsonl")
    assert client.get(reverse("public:open_data_file", args=[2569, "csv"])).status_code == 404
    assert client.get(reverse("public:open_data_file", args=[2570, "xml"])).status_code == 404


def test_an_announcement_stands_when_the_open_data_cannot_be_written(activity, executive, monkeypatch, django_capture_on_commit_callbacks):
    def broken(year):
        raise OSError("storage unreachable")

    monkeypatch.setattr("announcements.services.open_data_publish", broken)
    before = open_data.read_index()  # the media folder is the test session's: other tests' files may be there
    with django_capture_on_commit_callbacks(execute=True):
        announce_as_it_is(activity.plan, executive)
    activity.plan.refresh_from_db()
    assert activity.plan.is_announced and open_data.read_index() == before


def test_with_a_queue_a_worker_writes_the_years_files(worker, settings, activity, executive, other_org):
    from announcements import tasks

    settings.OPEN_DATA_DELAY_SECONDS = 1
    before = open_data.read_index().get("2570")  # files an earlier test wrote, if any
    tasks.publish_open_data_soon(2570)  # an earlier announcement of the burst: its run is waiting to start
    announce_as_it_is(activity.plan, executive)  # this one joins it rather than queue another
    deadline = time.monotonic() + 120
    while open_data.read_index().get("2570") == before:
        assert time.monotonic() < deadline, "no worker wrote the open-data files"
        time.sleep(0.3)
    assert [row["name"] for row in lines()] == ["โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 1"]
