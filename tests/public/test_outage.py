"""Saves and the public cache agree whatever fails: the versions that key cached pages are bumped in
the same transaction as the save, in the database, so Redis being unreachable neither refuses a save
nor leaves a page cached that the save should have replaced."""

import io
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from PIL import Image

from plans.models import Unit, Village
from projects.models import Progress, ProgressPhoto
from public import cache as public_cache
from public.models import PublicVersion
from tests.conftest import ensure_reference_data

pytestmark = pytest.mark.django_db
CODE = "3400101"
UNREACHABLE = {"default": {"BACKEND": "lib.redis_cache.ReusingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return buffer.getvalue()


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_units_villages_and_photos_saved_while_redis_is_unreachable_show_once_it_is_back(
    client, staff_client, announced, activity, org, settings
):
    plan_url = reverse("public:plan", args=[CODE, 2570])
    assert client.get(plan_url)["X-Public-Cache"] == "miss"
    assert client.get(plan_url)["X-Public-Cache"] == "hit"  # this page stays in Redis through the outage
    working = settings.CACHES
    settings.CACHES = UNREACHABLE

    unit = staff_client.post(reverse("plans:unit_create"), {"name": "กองสวัสดิการสังคม", "order": "9"})
    village = staff_client.post(reverse("plans:village_create"), {"number": "9", "name": "บ้านหนองใหม่"})
    photo = staff_client.post(
        reverse("projects:activity_photos", args=[activity.pk]),
        {"image": SimpleUploadedFile("road.png", png(), content_type="image/png"), "caption": "ถนนเสร็จแล้ว"},
    )
    assert [unit.status_code, village.status_code, photo.status_code] == [302, 302, 302]
    assert any("กองสวัสดิการสังคม" in m for m in said(unit)) and any("บ้านหนองใหม่" in m for m in said(village))
    assert "เพิ่มรูปภาพแล้ว" in said(photo)
    assert Unit.objects.filter(organisation=org, name="กองสวัสดิการสังคม").count() == 1
    assert Village.objects.filter(organisation=org, number=9).count() == 1
    stored = ProgressPhoto.objects.get()
    during = client.get(plan_url)  # built as it is now: nothing to read the cached page from
    assert during.status_code == 200 and "X-Public-Cache" not in during
    assert reverse("photo", args=[stored.pk]) in during.content.decode()

    settings.CACHES = working  # Redis is back, still holding the page cached before the outage
    after = client.get(plan_url)
    assert after["X-Public-Cache"] == "miss" and reverse("photo", args=[stored.pk]) in after.content.decode()
    assert client.get(plan_url)["X-Public-Cache"] == "hit"


def test_a_save_that_rolls_back_forgets_no_page(client, announced, org):
    plan_url = reverse("public:plan", args=[CODE, 2570])
    client.get(plan_url)
    before = PublicVersion.objects.get(key=f"org:{CODE}").version
    with pytest.raises(RuntimeError), transaction.atomic():
        Unit.objects.create(organisation=org, name="กองที่ไม่ได้บันทึก", order=99)
        assert PublicVersion.objects.get(key=f"org:{CODE}").version == before + 1  # this transaction sees its own change
        raise RuntimeError("the save fails after the bump")
    assert PublicVersion.objects.get(key=f"org:{CODE}").version == before
    assert client.get(plan_url)["X-Public-Cache"] == "hit"


def test_a_committed_save_forgets_the_organisations_pages_and_no_others(client, announced, org, other_org):
    plan_url = reverse("public:plan", args=[CODE, 2570])
    client.get(plan_url)
    Unit.objects.create(organisation=other_org, name="กองช่าง", order=5)
    assert client.get(plan_url)["X-Public-Cache"] == "hit"
    Unit.objects.create(organisation=org, name="กองสวัสดิการสังคม", order=5)
    assert client.get(plan_url)["X-Public-Cache"] == "miss"


def test_the_first_change_of_an_organisation_starts_its_version_above_an_earlier_life_of_the_database(org):
    PublicVersion.objects.all().delete()
    public_cache.invalidate(org.code)
    assert PublicVersion.objects.get(key=f"org:{org.code}").version > 1_700_000_000_000  # milliseconds since 1970
    assert not PublicVersion.objects.filter(key="site").exists()
    assert settings.PUBLIC_CACHE_SECONDS > 0


@pytest.fixture
def reference_data():
    ensure_reference_data()  # an earlier transactional test may have emptied every table


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_page_read_while_a_save_is_uncommitted_is_replaced_once_it_commits(reference_data, announced, activity):
    citizen, url = Client(), reverse("public:plan", args=[CODE, 2570])
    citizen.get(url)
    saved, commit = threading.Event(), threading.Event()

    def report_progress():
        try:
            with transaction.atomic():
                Progress.objects.create(organisation=announced.organisation, fiscal_year=2570, key=activity.key, status="in_progress",
                                        contract_amount=Decimal("440000"), disbursed=Decimal("123456"), percent=30)  # fmt: skip
                saved.set()
                commit.wait(10)
        finally:
            connections.close_all()

    saving = threading.Thread(target=report_progress)
    saving.start()
    assert saved.wait(10)
    during = citizen.get(url)  # not held up by the save, and not showing what is not yet committed
    assert during["X-Public-Cache"] == "hit" and "๑๒๓,๔๕๖.๐๐" not in during.content.decode()
    commit.set()
    saving.join(10)
    after = citizen.get(url)
    assert after["X-Public-Cache"] == "miss" and "๑๒๓,๔๕๖.๐๐" in after.content.decode()
