"""One organisation's complete data to one archive and back: nothing lost, nothing of others, nothing half-done."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from operations import archive
from operations.archive import ArchiveError, export_organisation, restore_organisation
from plans.models import (
    ExpenseCategory,
    ExpenseGroup,
    Guideline,
    OperationalPlan,
    Organisation,
    PlanAmendment,
    Programme,
    Sector,
    StrategicPlan,
    Strategy,
    Unit,
    User,
    Village,
)
from projects.editions import edition_start
from projects.models import Activity, Progress, ProgressPhoto
from tests.announcements.conftest import announce
from tests.conftest import PASSWORD, YEAR, ensure_reference_data, make_user, programme

pytestmark = pytest.mark.django_db


def png(colour: str = "gold") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


def members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def rows(content: bytes) -> list[dict]:
    return sorted(json.loads(members(content)["data.json"]), key=lambda row: (row["model"], row["pk"]))


def media(content: bytes) -> dict[str, bytes]:
    return {name.removeprefix("media/"): blob for name, blob in members(content).items() if name.startswith("media/")}


def rezip(
    content: bytes, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = (), rehash: bool = False, resign: bool = True
) -> bytes:
    """The archive with members replaced, added or dropped; with `rehash`, the manifest's sha256 updated
    to match and, unless `resign` is False, the manifest signed again with this server's key (as only
    its operator could): what the checks behind the signature refuse even from the key's holder."""
    files = {name: blob for name, blob in members(content).items() if name not in drop} | (replace or {})
    if rehash:
        manifest = json.loads(files["manifest.json"])
        manifest["files"] |= {name: hashlib.sha256(blob).hexdigest() for name, blob in (replace or {}).items()}
        files["manifest.json"] = json.dumps(manifest).encode()
        if resign:
            files[archive.SIGNATURE] = archive.sign(files["manifest.json"]).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, blob in files.items():
            zipped.writestr(name, blob)
    return buffer.getvalue()


def with_manifest(content: bytes, **changes) -> bytes:
    """The archive with its manifest changed and signed again with this server's key."""
    manifest = json.dumps(json.loads(members(content)["manifest.json"]) | changes).encode()
    return rezip(content, {"manifest.json": manifest, archive.SIGNATURE: archive.sign(manifest).encode()})


def state() -> tuple[dict[str, int], list[str]]:
    """Row counts of every table an archive touches, and every file in storage."""
    counts = {model._meta.label_lower: model._base_manager.count() for model in archive.archived_models()}
    root = Path(settings.MEDIA_ROOT)
    return counts, sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def wipe(files: dict[str, bytes]) -> None:
    """Empty the database as a new server's would be, reference data with other primary keys, and delete the files."""
    call_command("flush", interactive=False, verbosity=0)
    sector = Sector.objects.create(code="99", name="ด้านทดสอบ")  # shifts every reference pk by one
    Programme.objects.create(code="99999", sector=sector, name="แผนงานทดสอบ")
    group = ExpenseGroup.objects.create(code="999", name="งบทดสอบ")
    ExpenseCategory.objects.create(code="99999", group=group, name="หมวดทดสอบ", drafting="none")
    ensure_reference_data()
    for name in files:
        default_storage.delete(name)


@pytest.fixture
def reference_data(transactional_db):
    """A test that empties the database leaves the next one without the migration's reference data: load it again."""
    ensure_reference_data()


@pytest.fixture
def rich(org, staff, executive, orgadmin, activity, budget_line, strategies, guidelines, villages, units):
    """หนองบัว with a bit of everything: an emblem, a strategy deleted with its guideline, an announced plan with its
    PDFs and signed scan, progress with a photo, an edition started and an activity created, edited and deleted."""
    org.emblem.save("seal.png", ContentFile(png("gold")))
    org.executive_title = "นายกองค์การบริหารส่วนตำบลหนองบัว"
    org._history_user = orgadmin
    org.save()
    strategies[2].name = "การพัฒนาคุณภาพชีวิตและสังคม"
    strategies[2]._history_user = staff
    strategies[2].save()
    gone = Strategy.objects.create(strategic_plan=strategies[1].strategic_plan, number=3, name="ยุทธศาสตร์ที่ยกเลิก")
    Guideline.objects.create(strategy=gone, number=1, name="แนวทางที่ยกเลิก").delete()
    gone_id = gone.pk
    gone.delete()
    PlanAmendment.objects.create(development_plan=budget_line.plan_project.development_plan, number=1, approved_on=dt.date(2026, 6, 1))
    activity.budget_line, activity.plan_project = budget_line, budget_line.plan_project
    activity._history_user = staff
    activity.save()
    plan = activity.plan
    announce(plan, staff, executive)
    announcement = plan.announcement
    announcement.signed_scan.save("signed.png", ContentFile(png("white")), save=False)
    announcement._history_user = staff
    announcement.save()
    report = Progress.objects.create(organisation=org, fiscal_year=YEAR, key=activity.key, status="in_progress", percent=40,
                                     contract_amount=Decimal("440000"), disbursed=Decimal("100000"))  # fmt: skip
    photo = ProgressPhoto(progress=report, caption="เทคอนกรีตช่วงแรก")
    photo.image.save("road.png", ContentFile(png("grey")), save=False)
    photo.save()
    edition = edition_start(plan=OperationalPlan.objects.get(pk=plan.pk), kind="additional", user=staff)
    doomed = Activity.objects.create(plan=edition, strategy=strategies[2], programme=programme("00220"), name="โครงการที่ยกเลิก",
                                     budget=Decimal("20000"), unit=units["สำนักปลัด"])  # fmt: skip
    doomed.villages.set([villages[2], villages[3]])
    doomed.name = "โครงการที่ยกเลิกภายหลัง"
    doomed.save()
    doomed_id = doomed.pk
    doomed.delete()
    return {"org": org, "plan": plan, "edition": edition, "gone_id": gone_id, "doomed_id": doomed_id, "strategy": strategies[2]}


@pytest.fixture
def neighbour(other_org, outsider):
    """นาดี with data of its own, a deleted strategy and an emblem: none of it may travel with หนองบัว."""
    other_org.emblem.save("nadi.png", ContentFile(png("red")))
    plan = StrategicPlan.objects.create(organisation=other_org, first_year=2566, last_year=2570, vision="นาดีก้าวหน้า")
    strategy = Strategy.objects.create(strategic_plan=plan, number=1, name="ยุทธศาสตร์ของนาดี")
    gone = Strategy.objects.create(strategic_plan=plan, number=2, name="ยุทธศาสตร์ที่ถูกลบของนาดี")
    gone_id = gone.pk
    gone.delete()
    unit = Unit.objects.create(organisation=other_org, name="กองช่างนาดี")
    village = Village.objects.create(organisation=other_org, number=1, name="บ้านนาดี")
    operational = OperationalPlan.objects.create(organisation=other_org, fiscal_year=YEAR, strategic_plan=plan)
    work = Activity.objects.create(
        plan=operational, strategy=strategy, programme=programme("00310"), name="ถนนนาดี", budget=Decimal("1"), unit=unit
    )
    work.villages.set([village])
    return {"org": other_org, "strategy": strategy, "gone_id": gone_id, "activity": work}


@pytest.fixture
def archived(org, staff, activity):
    org.emblem.save("seal.png", ContentFile(png()))
    return export_organisation(org)


# --- the round trip -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_organisation_survives_export_wipe_and_restore_unchanged(reference_data, rich, neighbour, staff, executive):
    first = export_organisation(rich["org"])
    files = media(first)
    names = " ".join(files)
    assert "emblems/seal" in names and "road" in names and "signed" in names and names.count(".pdf") == 2
    wipe(files)
    citizen, home, link = Client(), reverse("public:home"), reverse("public:organisation", args=[rich["org"].code])
    assert link not in citizen.get(home).content.decode()  # and that page is now cached

    restored = restore_organisation(first)

    assert link in citizen.get(home).content.decode()  # the restore forgot the cached pages
    second = export_organisation(restored)
    assert rows(second) == rows(first)
    assert media(second) == files
    for name, content in files.items():
        with default_storage.open(name, "rb") as stored:
            assert stored.read() == content
    assert Activity.objects.get(pk=rich["plan"].activities.get().pk).programme.code == "00310"  # by code, not by pk
    announced = OperationalPlan.history.filter(id=rich["plan"].pk, status="announced").get()
    assert announced.history_user.username == executive.username
    assert Strategy.history.filter(id=rich["strategy"].pk).first().history_user.username == staff.username
    assert Guideline.history.filter(strategy_id=rich["gone_id"], history_type="-").exists()  # a deleted child of a deleted parent
    edited = Activity.history.filter(id=rich["doomed_id"], name="โครงการที่ยกเลิกภายหลัง", history_type="~").get()
    assert sorted(row.village.number for row in edited.villages.all()) == [2, 3]  # the villages it had before it was deleted
    assert Activity.history.filter(id=rich["doomed_id"], history_type="-").exists()
    assert not Organisation.objects.filter(code=neighbour["org"].code).exists()

    new = Activity.objects.create(plan=OperationalPlan.objects.get(pk=rich["edition"].pk), strategy=Strategy.objects.get(pk=rich["strategy"].pk),
                                  programme=programme("00220"), name="โครงการใหม่หลังกู้คืน", budget=Decimal("1000"))  # fmt: skip
    new.villages.set(Village.objects.filter(organisation=restored)[:1])
    assert new.pk > rich["doomed_id"]  # not the id of the deleted activity whose history came back
    assert new.history.count() == 2

    with pytest.raises(ArchiveError, match=f"มี อปท. รหัส {restored.code} .* อยู่ในระบบนี้แล้ว"):
        restore_organisation(first)


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_halfway_leaves_no_row_and_no_file(reference_data, org, staff, activity, monkeypatch):
    org.emblem.save("seal.png", ContentFile(png()))
    report = Progress.objects.create(organisation=org, fiscal_year=YEAR, key=activity.key)
    photo = ProgressPhoto(progress=report)
    photo.image.save("road.png", ContentFile(png("grey")), save=False)
    photo.save()
    content = export_organisation(org)
    wipe(media(content))
    empty = state()

    data = json.loads(members(content)["data.json"])
    next(row for row in data if row["model"] == "projects.activity")["fields"]["strategy"] = 987654
    broken = rezip(content, {"data.json": json.dumps(data).encode()}, rehash=True)
    with pytest.raises(ArchiveError, match="กู้คืนไม่สำเร็จ"):
        restore_organisation(broken)
    assert state() == empty

    saved, save = [], default_storage.save

    def save_once_then_fail(name, content, *args, **kwargs):
        if saved:
            raise OSError("ดิสก์เต็ม")
        saved.append(save(name, content, *args, **kwargs))
        return saved[-1]

    monkeypatch.setattr(default_storage, "save", save_once_then_fail)
    with pytest.raises(ArchiveError, match="ดิสก์เต็ม"):
        restore_organisation(content)
    assert saved and not default_storage.exists(saved[0])
    assert state() == empty


# --- what goes into the archive --------------------------------------------------------------------


def test_the_archive_describes_itself(archived, staff):
    manifest = archive.read_manifest(archived)
    assert manifest["format_version"] == 1
    assert manifest["organisation"] == {"code": "3400101", "name": "องค์การบริหารส่วนตำบลหนองบัว"}
    from django.db.migrations.loader import MigrationLoader

    latest = [name for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes() if app == "plans"]
    assert manifest["migrations"]["plans"] == latest and set(manifest["migrations"]) == {
        "plans",
        "projects",
        "announcements",
    }
    assert manifest["counts"]["projects.activity"] == 1 and manifest["counts"]["plans.user"] == 1
    assert manifest["totals"]["files"] == 1
    for name, blob in members(archived).items():
        if name not in ("manifest.json", archive.SIGNATURE):
            assert manifest["files"][name] == hashlib.sha256(blob).hexdigest()
    expected = hmac.new(b"tests-only-archive-signing-key", members(archived)["manifest.json"], hashlib.sha256).hexdigest()
    assert members(archived)[archive.SIGNATURE].decode() == expected  # HMAC-SHA256 of the manifest with the operator's key
    assert not any(row["model"] in ("plans.programme", "plans.sector", "sessions.session", "admin.logentry") for row in rows(archived))
    activity = next(row for row in rows(archived) if row["model"] == "projects.activity")
    assert activity["fields"]["programme"] == ["00310"]  # reference data by its code


def test_another_organisations_records_never_appear(rich, neighbour, outsider):
    content = export_organisation(rich["org"])
    data = members(content)["data.json"].decode()
    for text in ("นาดี", outsider.username, neighbour["org"].code):
        assert text not in data
    exported = {(row["model"], row["pk"]) for row in rows(content)}
    theirs = {
        ("plans.organisation", neighbour["org"].pk),
        ("plans.strategy", neighbour["strategy"].pk),
        ("projects.activity", neighbour["activity"].pk),
    }
    theirs |= {("plans.historicalstrategy", h.pk) for h in Strategy.history.filter(id__in=[neighbour["strategy"].pk, neighbour["gone_id"]])}
    assert not exported & theirs
    assert not any("nadi" in name for name in media(content))
    assert (
        "plans.historicalstrategy",
        Strategy.history.get(id=rich["gone_id"], history_type="-").pk,
    ) in exported  # its own deleted one is there


# --- what a restore refuses -------------------------------------------------------------------------


def test_restoring_an_organisation_that_is_already_here_is_refused(archived):
    with pytest.raises(ArchiveError, match="มี อปท. รหัส 3400101 .*อยู่ในระบบนี้แล้ว จึงไม่กู้คืนซ้ำ"):
        restore_organisation(archived)


def test_a_restore_that_would_overwrite_rows_names_the_table(archived, org):
    Organisation.objects.filter(pk=org.pk).update(code="3400999")
    before = state()
    with pytest.raises(ArchiveError, match=f"ตาราง plans_organisation .*รหัสระเบียน {org.pk} อยู่แล้ว"):
        restore_organisation(archived)
    assert state() == before


def test_an_archive_naming_a_user_this_server_does_not_have_is_refused(archived, org):
    Organisation.objects.filter(pk=org.pk).update(code="3400999")
    data = json.loads(members(archived)["data.json"])
    next(row for row in data if row["model"] == "plans.historicalorganisation")["fields"]["history_user"] = ["ghost"]
    with pytest.raises(ArchiveError, match="อ้างถึงผู้ใช้ ghost ซึ่งไม่ได้อยู่ในไฟล์สำรองและไม่มีในระบบนี้"):
        restore_organisation(rezip(archived, {"data.json": json.dumps(data).encode()}, rehash=True))


def test_an_archive_from_another_database_version_is_refused(archived):
    older = with_manifest(
        archived, migrations={"plans": ["0003_role_label"], "projects": ["0002_progress"], "announcements": ["0001_initial"]}
    )
    with pytest.raises(ArchiveError, match="รุ่น \\(migration\\) ที่ต่างจากฐานข้อมูลนี้.*plans: ไฟล์สำรอง 0003_role_label / ฐานข้อมูลนี้ 000"):
        restore_organisation(older)


def tampered(archived: bytes, how: str) -> bytes:
    emblem = next(name for name in members(archived) if name.startswith("media/"))
    return {
        "changed file bytes": lambda: rezip(archived, {emblem: png("black")}),
        "edited data": lambda: rezip(
            archived, {"data.json": members(archived)["data.json"].replace("หนองบัว".encode(), "หนองบัวใหม่".encode())}
        ),
        "a PDF named .zip": lambda: b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n",
        "a member named ../x": lambda: rezip(archived, {"../x": b"owned"}),
        "a media name leaving the folder": lambda: rezip(archived, {"media/../../x": b"owned"}, rehash=True),
        "an absolute media name": lambda: rezip(archived, {"media//etc/cron.d/x": b"owned"}, rehash=True),
        "a file not in the manifest": lambda: rezip(archived, {"media/extra.png": png()}),
        "a file missing": lambda: rezip(archived, drop=(emblem,)),
        "no manifest": lambda: rezip(archived, drop=("manifest.json",)),
        "an unknown format": lambda: with_manifest(archived, format_version=2),
        "rows of another app": lambda: rezip(
            archived,
            {
                "data.json": json.dumps(
                    [*json.loads(members(archived)["data.json"]), {"model": "auth.group", "pk": 77, "fields": {"name": "x"}}]
                ).encode()
            },
            rehash=True,
        ),  # fmt: skip
    }[how]()


@pytest.mark.parametrize(
    "how, message",
    [
        ("changed file bytes", "ไม่ตรงกับที่บันทึกไว้ตอนส่งออก"),
        ("edited data", "ไฟล์ “data.json” ในไฟล์สำรองไม่ตรงกับที่บันทึกไว้ตอนส่งออก"),
        ("a PDF named .zip", "ไม่ใช่ไฟล์สำรองข้อมูลของระบบ"),
        ("a member named ../x", "“../x” ที่ไม่ใช่ส่วนหนึ่งของไฟล์สำรองข้อมูล"),
        ("a media name leaving the folder", "ซึ่งไม่ปลอดภัย"),
        ("an absolute media name", "ซึ่งไม่ปลอดภัย"),
        ("a file not in the manifest", "ที่ไม่ได้ระบุไว้ใน manifest.json"),
        ("a file missing", "ขาดไฟล์"),
        ("no manifest", "ไม่มี manifest.json"),
        ("an unknown format", "รูปแบบรุ่น “2” ซึ่งระบบนี้ไม่รู้จัก"),
        ("rows of another app", "ข้อมูลตาราง “auth.group” ซึ่งไม่ใช่ข้อมูลของ อปท."),
    ],
)
def test_a_tampered_archive_is_refused_in_thai_and_touches_nothing(archived, how, message):
    bad = tampered(archived, how)
    before = state()
    with pytest.raises(ArchiveError, match=message):
        restore_organisation(bad)
    assert state() == before


def test_an_archive_too_large_when_unpacked_is_refused(archived, monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(ArchiveError, match="เกินขีดจำกัด"):
        restore_organisation(archived)


# --- the commands -----------------------------------------------------------------------------------


def test_the_commands_export_and_restore_an_organisation_end_to_end(tmp_path, capsys):
    lone = Organisation.objects.create(code="3400303", kind=Organisation.Kind.TAMBON, name="โคกสูง", district="เมือง", province="ขอนแก่น")
    lone.emblem.save("koksung.png", ContentFile(png("green")))
    Unit.objects.create(organisation=lone, name="สำนักปลัด")
    make_user("koksung", lone, User.Role.ADMIN)
    path = tmp_path / "koksung.zip"

    call_command("export_organisation", "3400303", str(path))
    assert "ส่งออกข้อมูลของเทศบาลตำบลโคกสูง" in capsys.readouterr().out and path.exists()
    with pytest.raises(CommandError, match="มี อปท. รหัส 3400303"):
        call_command("restore_organisation", str(path))

    lone_id = lone.pk
    User.objects.filter(organisation=lone).delete()
    Unit.objects.filter(organisation=lone).delete()
    lone.delete()
    Unit.history.filter(organisation_id=lone_id).delete()
    Organisation.history.filter(id=lone_id).delete()
    call_command("restore_organisation", str(path))
    out = capsys.readouterr().out
    assert "กู้คืนข้อมูลของเทศบาลตำบลโคกสูง (รหัส 3400303) แล้ว: ข้อมูล 3 รายการ ประวัติการแก้ไข 3 รายการ ไฟล์ 1 ไฟล์" in out
    restored = Organisation.objects.get(code="3400303")
    assert restored.units.get().name == "สำนักปลัด" and restored.users.get().username == "koksung"


def test_the_commands_say_what_is_wrong_in_thai(tmp_path):
    with pytest.raises(CommandError, match="ไม่พบ อปท. รหัส 9999999"):
        call_command("export_organisation", "9999999", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="ต้องลงท้ายด้วย .zip"):
        call_command("export_organisation", "9999999", str(tmp_path / "x.json"))
    (tmp_path / "plan.zip").write_bytes(b"%PDF-1.7\n")
    with pytest.raises(CommandError, match="ไม่ใช่ไฟล์สำรองข้อมูลของระบบ"):
        call_command("restore_organisation", str(tmp_path / "plan.zip"))


# --- the signature (issue 11, Medium 9) -------------------------------------------------------------


def promoted(archived: bytes, username: str) -> bytes:
    """The archive with one user made a superuser and staff, and the checksums recomputed to match."""
    data = json.loads(members(archived)["data.json"])
    for row in data:
        if row["model"] == "plans.user" and row["fields"]["username"] == username:
            row["fields"] |= {"is_superuser": True, "is_staff": True}
    return json.dumps(data).encode()


def test_an_archive_with_a_flag_flipped_and_its_checksum_recomputed_is_refused(archived, staff):
    bad = rezip(archived, {"data.json": promoted(archived, staff.username)}, rehash=True, resign=False)
    before = state()
    with pytest.raises(ArchiveError, match="ลายมือชื่อดิจิทัลของไฟล์สำรองไม่ถูกต้อง"):
        restore_organisation(bad)
    assert state() == before


def test_an_archive_without_a_signature_is_refused(archived):
    with pytest.raises(ArchiveError, match="ไม่มีลายมือชื่อดิจิทัล"):
        restore_organisation(rezip(archived, drop=(archive.SIGNATURE,)))


def test_an_archive_signed_with_another_key_is_refused(archived, settings):
    settings.ARCHIVE_SIGNING_KEY = "another-server-s-key"
    with pytest.raises(ArchiveError, match="ลงนามด้วยกุญแจอื่น"):
        restore_organisation(archived)


def test_without_a_signing_key_nothing_is_exported_or_restored(archived, org, settings):
    settings.ARCHIVE_SIGNING_KEY = ""
    with pytest.raises(ArchiveError, match="ยังไม่ได้ตั้ง ARCHIVE_SIGNING_KEY"):
        export_organisation(org)
    with pytest.raises(ArchiveError, match="ยังไม่ได้ตั้ง ARCHIVE_SIGNING_KEY"):
        restore_organisation(archived)


@pytest.mark.django_db(transaction=True)
def test_superuser_and_staff_flags_are_never_restored(reference_data, org, staff, activity):
    User.objects.filter(pk=staff.pk).update(is_superuser=True, is_staff=True)  # whatever the source said
    content = export_organisation(org)
    assert any(row["fields"].get("is_superuser") for row in rows(content) if row["model"] == "plans.user")
    # Even an archive its operator signed after promoting a user restores nobody as an administrator.
    signed = rezip(content, {"data.json": promoted(content, staff.username)}, rehash=True)
    wipe(media(content))
    restored = restore_organisation(signed)
    assert restored.code == org.code
    user = User.objects.get(username=staff.username)
    assert (user.is_superuser, user.is_staff) == (False, False)
    assert user.check_password(PASSWORD)  # the rest of the account is restored as it was
